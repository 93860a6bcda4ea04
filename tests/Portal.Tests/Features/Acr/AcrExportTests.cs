using System.Net;
using System.Text.Json;
using ClosedXML.Excel;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Tests.Infrastructure;
using Portal.Web.Cli;
using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Features.Acr;
using Portal.Web.Infrastructure;
using static Portal.Tests.Features.Acr.AcrTestData;

namespace Portal.Tests.Features.Acr;

/// <summary>
/// The ACR workbook on a private small state: its sheets and columns opened with ClosedXML, every employee row equal to
/// the service's statement, the courses rows, masking; and the command line's JSON, exit codes and audit.
/// </summary>
public sealed class AcrExportTests : IAsyncLifetime
{
    private static readonly ReportingYear Y2025 = ReportingYear.Parse("2025-26");
    private TestDatabase _db = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CopyOfSmallStateAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 20, 6, 0, 0, TimeSpan.Zero));
        clock.SetLocalTimeZone(TimeZoneInfo.Utc);
        _services = new ServiceCollection().AddLogging().AddPortalFeatures().AddSingleton<TimeProvider>(clock).AddSingleton(_db.Factory).BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        _db.Dispose();
    }

    private async Task<List<AcrStatement>> StatementsAsync(DataScope scope, AcrSelection? selection = null)
    {
        var list = new List<AcrStatement>();
        await foreach (var s in _services.GetRequiredService<AcrStatementService>().StreamStatementsAsync(scope, Y2025, selection)) list.Add(s);
        return list;
    }

    private static List<string> Header(IXLWorksheet sheet) => sheet.Row(1).CellsUsed().Select(c => c.GetString()).ToList();

    [Fact]
    public async Task The_employees_sheet_comes_first_with_the_statements_figures_then_the_summary_and_the_courses()
    {
        var user = await UserAsync(_db, DemoUsers.PoliceHr);
        var expected = await StatementsAsync(user.Scope);
        using var output = new MemoryStream();
        var result = await _services.GetRequiredService<AcrReportService>().ExportAsync(user, Y2025, AcrSelection.Everyone, mask: false, output);
        Assert.Equal(expected.Count, result.Employees);

        output.Position = 0;
        using var workbook = new XLWorkbook(output);
        Assert.Equal([AcrWorkbook.EmployeesSheet, AcrWorkbook.SummarySheet, AcrWorkbook.CoursesSheet], workbook.Worksheets.Select(w => w.Name));

        var employees = workbook.Worksheet(1);
        var header = Header(employees);
        Assert.Equal(AcrWorkbook.EmployeeColumns, header);
        int Col(string name) => header.IndexOf(name) + 1;
        Assert.Equal(expected.Count + 1, employees.LastRowUsed()!.RowNumber());
        var byCode = expected.ToDictionary(s => s.Employee.Code);
        foreach (var row in employees.RowsUsed().Skip(1))
        {
            var s = byCode[row.Cell(Col("Employee Code")).GetString()];
            Assert.Equal(XLDataType.Number, row.Cell(Col("Learning Hours")).DataType);
            Assert.Equal((double)Math.Round(s.LearningHours, 2), row.Cell(Col("Learning Hours")).GetDouble(), 6);
            Assert.Equal(s.Prescribed.Count, row.Cell(Col("Prescribed")).GetDouble());
            Assert.Equal(s.Count(AcrCourseState.DoneOnTime), row.Cell(Col("Done on time")).GetDouble());
            Assert.Equal(s.Count(AcrCourseState.DoneLate), row.Cell(Col("Done late")).GetDouble());
            Assert.Equal(s.Count(AcrCourseState.Missing), row.Cell(Col("Missing")).GetDouble());
            Assert.Equal((double)s.SharePercent, row.Cell(Col("Share %")).GetDouble(), 6);
            Assert.Equal(s.Programme.Done ? "Done" : "Not done", row.Cell(Col("7-day programme")).GetString());
            Assert.Equal(s.Verdict.Label, row.Cell(Col("Verdict")).GetString());
            Assert.Equal(s.Verdict.Reason, row.Cell(Col("Rule")).GetString());
            Assert.Equal(s.Employee.Email ?? "", row.Cell(Col("E-mail")).GetString());
            Assert.Equal(XLDataType.Text, row.Cell(Col("Employee Code")).DataType); // codes keep their zeros
        }
        // The verdicts agree with SQL written here (all of the police department).
        var sql = Expected(_db, Police, Y2025, lateCounts: false, compliantHours: 10);
        Assert.Equal(sql.Count, result.Employees);
        Assert.All(expected, s => Assert.Equal(sql[s.Employee.Id].Verdict, s.Verdict.Label));

        // Summary: per district, the totals of the verdicts.
        var summary = workbook.Worksheet(2);
        var totalRow = summary.RowsUsed().Last();
        Assert.Equal("Total", totalRow.Cell(1).GetString());
        Assert.Equal(expected.Count(s => s.Verdict.Label == AcrRuleSet.Compliant), totalRow.Cell(2).GetDouble());
        Assert.Equal(expected.Count, totalRow.Cell(5).GetDouble());
        Assert.Equal(expected.Select(s => s.Employee.District).Distinct().Count(), summary.RowsUsed().Count(r => r.RowNumber() > 7) - 1);

        // Courses: one row per employee and prescribed course, and per other course completed in the year.
        var courses = workbook.Worksheet(3);
        Assert.Equal(AcrWorkbook.CourseColumns, Header(courses));
        var courseRows = expected.Sum(s => s.Prescribed.Count + s.CompletedInYear.Count(c => s.Prescribed.All(p => p.CourseId != c.CourseId)));
        Assert.Equal(courseRows, result.CourseRows);
        Assert.Equal(courseRows + 1, courses.LastRowUsed()!.RowNumber());
        Assert.Equal(expected.Sum(s => s.Count(AcrCourseState.Missing)), courses.RowsUsed().Count(r => r.Cell(9).GetString() == "Missing"));
    }

    [Fact]
    public async Task Masking_keeps_the_email_domain_and_the_last_four_digits_of_the_mobile()
    {
        Assert.Equal("…@up.gov.in", AcrContactMask.Email("ram.kumar@up.gov.in"));
        Assert.Equal("******3210", AcrContactMask.Mobile("9876543210"));
        Assert.Equal("+** *****-*3210", AcrContactMask.Mobile("+91 98765-43210"));
        Assert.Null(AcrContactMask.Mobile(null));

        var user = await UserAsync(_db, DemoUsers.HealthHr);
        var expected = (await StatementsAsync(user.Scope)).ToDictionary(s => s.Employee.Code);
        using var output = new MemoryStream();
        await _services.GetRequiredService<AcrReportService>().ExportAsync(user, Y2025, AcrSelection.Everyone, mask: true, output);
        output.Position = 0;
        using var workbook = new XLWorkbook(output);
        var sheet = workbook.Worksheet(1);
        var withContacts = 0;
        foreach (var row in sheet.RowsUsed().Skip(1))
        {
            var e = expected[row.Cell(1).GetString()].Employee;
            if (e.Email is { } email)
            {
                Assert.Equal("…" + email[email.LastIndexOf('@')..], row.Cell(7).GetString());
                withContacts++;
            }
            if (e.Mobile is { Length: > 4 } mobile)
            {
                Assert.EndsWith(mobile[^4..], row.Cell(8).GetString());
                Assert.DoesNotContain(mobile[..^4], row.Cell(8).GetString());
            }
        }
        Assert.True(withContacts > 0);
        Assert.DoesNotContain(sheet.CellsUsed(), c => expected.Values.Any(s => s.Employee.Email is { } m && c.GetString() == m));
    }

    private async Task<(int Exit, JsonElement Json, string Out, string Err)> Cli(params string[] args)
    {
        SqliteConnection.ClearAllPools();
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var exit = await CommandLine.RunAsync([.. args, "--database", _db.File], stdout, stderr);
        var text = stdout.ToString();
        return (exit, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone(), text, stderr.ToString());
    }

    [Fact]
    public async Task The_command_line_writes_the_same_workbook_in_the_logins_scope_prints_one_json_object_and_is_audited()
    {
        var file = Path.Combine(Path.GetTempPath(), $"acr-cli-{Guid.NewGuid():N}.xlsx");
        try
        {
            var (exit, json, stdout, _) = await Cli("export", "acr", "--year", "2025-26", "--as", DemoUsers.MeerutRange, "--district", "Meerut", "--mask", "--out", file);
            Assert.Equal(CommandLine.Ok, exit);
            Assert.Single(stdout.Trim().Split('\n'));
            Assert.Equal("exported", json.GetProperty("status").GetString());
            Assert.Equal(file, json.GetProperty("file").GetString());
            Assert.True(json.GetProperty("seconds").GetDouble() >= 0);
            var sql = Expected(_db, "d.Name = 'Meerut' AND p.Name = 'Police'", Y2025, lateCounts: false, compliantHours: 10);
            Assert.Equal(sql.Count, json.GetProperty("employees").GetInt32());
            using (var workbook = new XLWorkbook(file))
            {
                var sheet = workbook.Worksheet(1);
                var header = Header(sheet);
                Assert.Contains("Employee Code", header);
                Assert.Contains("Learning Hours", header);
                Assert.Contains("Verdict", header);
                var verdicts = sheet.RowsUsed().Skip(1).Select(r => r.Cell(header.IndexOf("Verdict") + 1).GetString()).ToList();
                Assert.Equal(sql.Values.Select(f => f.Verdict).Order(), verdicts.Order());
            }
            var audit = _db.Rows($"SELECT Channel, Details FROM AuditEntries WHERE Action = '{AuditActions.Export}' AND Actor = '{DemoUsers.MeerutRange}'",
                r => (Channel: r.GetString(0), Details: r.GetString(1))).Single();
            Assert.Equal("cli", audit.Channel);
            Assert.Contains("ACR training report 2025-26", audit.Details);
            Assert.Contains("district Meerut", audit.Details);
            Assert.Contains($"{sql.Count:N0} rows", audit.Details);

            // Outside the scope: Lucknow is not the Meerut range's.
            Assert.Equal(CommandLine.Failed, (await Cli("export", "acr", "--year", "2025-26", "--as", DemoUsers.MeerutRange, "--district", "Lucknow", "--out", file)).Exit);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task The_command_line_refuses_bad_arguments_with_64_and_a_login_that_may_not_export_with_1()
    {
        var file = Path.Combine(Path.GetTempPath(), $"acr-cli-{Guid.NewGuid():N}.xlsx");
        Assert.Equal(CommandLine.Usage, (await Cli("export", "acr", "--year", "2025-27", "--as", DemoUsers.PoliceHr, "--out", file)).Exit);
        Assert.Equal(CommandLine.Usage, (await Cli("export", "acr", "--year", "2025-26", "--as", DemoUsers.PoliceHr)).Exit);
        Assert.Equal(CommandLine.Usage, (await Cli("export", "acr", "--as", DemoUsers.PoliceHr, "--out", file)).Exit);
        Assert.Equal(CommandLine.Usage, (await Cli("export", "staff", "--year", "2025-26", "--as", DemoUsers.PoliceHr, "--out", file)).Exit);
        var viewer = await Cli("export", "acr", "--year", "2025-26", "--as", DemoUsers.LucknowViewer, "--out", file);
        Assert.Equal(CommandLine.Failed, viewer.Exit);
        Assert.Equal("", viewer.Out);
        Assert.Equal(CommandLine.Failed, (await Cli("export", "acr", "--year", "2025-26", "--as", "nobody@up.gov.in", "--out", file)).Exit);
        Assert.False(File.Exists(file));
        Assert.Equal(1, _db.Scalar($"SELECT COUNT(*) FROM AuditEntries WHERE Action = '{AuditActions.ExportRefused}' AND Actor = '{DemoUsers.LucknowViewer}' AND Channel = 'cli'"));
    }
}

/// <summary>The export link on the real app: an HR cell gets its workbook (audited), a viewer is refused (audited), another scope's office is not found.</summary>
public sealed class AcrExportHttpTests(AcrExportHttpTests.App app) : IClassFixture<AcrExportHttpTests.App>
{
    public sealed class App : PortalAppFactory;

    [Fact]
    public async Task An_exporter_downloads_its_scopes_workbook_and_a_viewer_is_refused()
    {
        var (hr, _) = await app.SignInAsync(DemoUsers.PoliceHr);
        var meerut = app.Scalar("SELECT Id FROM Districts WHERE Name = 'Meerut'");
        var response = await hr.GetAsync($"/reports/acr/2025-26/export.xlsx?district={meerut}&mask=true");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        var police = app.Scalar($"SELECT COUNT(*) FROM Employees e JOIN Departments p ON p.Id = e.DepartmentId WHERE e.Status = 1 AND e.DistrictId = {meerut} AND p.Name = 'Police'");
        using (var workbook = new XLWorkbook(new MemoryStream(await response.Content.ReadAsByteArrayAsync())))
        {
            Assert.Equal(AcrWorkbook.EmployeesSheet, workbook.Worksheet(1).Name);
            Assert.Equal(police, workbook.Worksheet(1).RowsUsed().Count() - 1);
            Assert.All(workbook.Worksheet(1).RowsUsed().Skip(1), r => Assert.Equal("Police", r.Cell(6).GetString()));
        }
        Assert.Equal(1, app.Scalar($"SELECT COUNT(*) FROM AuditEntries WHERE Action = '{AuditActions.Export}' AND Actor = '{DemoUsers.PoliceHr}' AND Details LIKE 'ACR training report 2025-26%district Meerut%contacts masked; {police:N0} rows%'"));

        var (range, _) = await app.SignInAsync(DemoUsers.MeerutRange);
        var lucknow = app.Scalar("SELECT Id FROM Districts WHERE Name = 'Lucknow'");
        Assert.Equal(HttpStatusCode.NotFound, (await range.GetAsync($"/reports/acr/2025-26/export.xlsx?district={lucknow}")).StatusCode);

        var (viewer, _) = await app.SignInAsync(DemoUsers.LucknowViewer);
        Assert.NotEqual(HttpStatusCode.OK, (await viewer.GetAsync("/reports/acr/2025-26/export.xlsx")).StatusCode);
    }
}
