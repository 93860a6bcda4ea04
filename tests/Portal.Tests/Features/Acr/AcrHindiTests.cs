using ClosedXML.Excel;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Tests.Features.Localization;
using Portal.Web.Cli;
using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Features.Acr;
using Portal.Web.Infrastructure;
using static Portal.Tests.Features.Acr.AcrTestData;

namespace Portal.Tests.Features.Acr;

/// <summary>
/// The ACR texts built in C# in the reader's language: a verdict's reason, the rules' description and messages, the
/// workbook's sheets, headings and words for a Hindi reader; English for an English one and from the command line (whose
/// contract columns are English in every language); the verdict labels are the StateAdmin's data, never translated.
/// </summary>
public sealed class AcrHindiTests : IAsyncLifetime
{
    private static readonly ReportingYear Y2025 = ReportingYear.Parse("2025-26");
    private TestDatabase _db = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CopyOfSmallStateAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 20, 6, 0, 0, TimeSpan.Zero));
        _services = new ServiceCollection().AddLogging().AddPortalFeatures().AddSingleton<TimeProvider>(clock).AddSingleton(_db.Factory).BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        _db.Dispose();
    }

    private static readonly AcrRuleSet Rules = AcrRuleSet.Default(new ReportingYear(2025), "test", new DateTime(2025, 4, 1));

    [Fact]
    public void A_verdicts_reason_is_in_the_readers_language_and_its_label_stays_as_entered()
    {
        string met, missed;
        using (UiLanguage.Hindi())
        {
            met = AcrVerdict.Judge(Rules, new AcrFacts(4, 2, 0, false)).Reason;
            missed = AcrVerdict.Judge(Rules, new AcrFacts(3, 1, 0, false)).Reason;
        }
        Assert.Equal("Partly compliant: 4 में से 2 निर्धारित पाठ्यक्रम पूर्ण (50%), कम से कम 50% आवश्यक।", met);
        Assert.Equal("Not compliant: \"Partly compliant\" की शर्तें पूरी नहीं हुईं: 3 में से 1 निर्धारित पाठ्यक्रम पूर्ण (33.33%), कम से कम 50% आवश्यक।", missed);

        using (UiLanguage.English())
            Assert.Equal("Partly compliant: 2 of 4 prescribed courses done (50%), at least 50% needed.", AcrVerdict.Judge(Rules, new AcrFacts(4, 2, 0, false)).Reason);
    }

    [Fact]
    public async Task A_statement_read_in_Hindi_gives_its_reason_rules_and_share_in_Hindi()
    {
        var user = await UserAsync(_db, DemoUsers.PoliceHr);
        var id = (int)_db.Scalar("SELECT e.Id FROM Employees e JOIN Departments p ON p.Id = e.DepartmentId WHERE p.Name = 'Police' AND e.Status = 1 ORDER BY e.Id LIMIT 1");
        var service = _services.GetRequiredService<AcrStatementService>();
        AcrStatement hindi;
        using (UiLanguage.Hindi()) hindi = (await service.GetStatementAsync(user.Scope, id, Y2025))!;
        var english = (await service.GetStatementAsync(user.Scope, id, Y2025))!;

        Assert.Equal(english.Verdict.Label, hindi.Verdict.Label);
        Assert.StartsWith(english.Verdict.Label + ": ", hindi.Verdict.Reason);
        Assert.Matches("[\u0900-\u097F]", hindi.Verdict.Reason);
        Assert.DoesNotMatch("[\u0900-\u097F]", english.Verdict.Reason);
        Assert.StartsWith("2025-26 के नियम, ", hindi.RulesDescription);
        Assert.StartsWith("2025-26 rules, issued ", english.RulesDescription);
    }

    [Fact]
    public async Task The_workbook_made_for_a_Hindi_reader_has_Hindi_sheets_headings_and_words_but_the_contract_columns_stay_English()
    {
        var user = await UserAsync(_db, DemoUsers.PoliceHr);
        using var output = new MemoryStream();
        using (UiLanguage.Hindi())
            await _services.GetRequiredService<AcrReportService>().ExportAsync(user, Y2025, AcrSelection.Everyone, mask: false, output);

        output.Position = 0;
        using var workbook = new XLWorkbook(output);
        Assert.Equal(["कर्मचारी", "सारांश", "पाठ्यक्रम"], workbook.Worksheets.Select(w => w.Name));
        var employees = workbook.Worksheet(1);
        var header = employees.Row(1).CellsUsed().Select(c => c.GetString()).ToList();
        Assert.Equal(AcrWorkbook.EmployeeColumns.Length, header.Count);
        foreach (var contract in AcrWorkbook.ContractColumns)
            Assert.Equal(Array.IndexOf(AcrWorkbook.EmployeeColumns, contract), header.IndexOf(contract));
        Assert.Contains("नाम", header);
        Assert.Contains("जनपद", header);
        Assert.Contains("नियम", header); // the rule that produced the verdict
        var rows = employees.RowsUsed().Skip(1).ToList();
        Assert.NotEmpty(rows);
        var verdict = header.IndexOf("Verdict") + 1;
        var rule = header.IndexOf("नियम") + 1;
        Assert.All(rows, r => Assert.Contains(r.Cell(verdict).GetString(), new[] { AcrRuleSet.Compliant, AcrRuleSet.PartlyCompliant, AcrRuleSet.NotCompliant }));
        Assert.All(rows, r => Assert.Matches("[\u0900-\u097F]", r.Cell(rule).GetString()));
        Assert.All(rows, r => Assert.Contains(r.Cell(header.IndexOf("7-दिवसीय कार्यक्रम") + 1).GetString(), new[] { "पूर्ण", "पूर्ण नहीं" }));

        var summary = workbook.Worksheet(2);
        Assert.StartsWith("ACR प्रशिक्षण रिपोर्ट 2025-26 (1 अप्रैल 2025 से 31 मार्च 2026)", summary.Cell(1, 1).GetString());
        Assert.StartsWith("कार्यक्षेत्र: ", summary.Cell(2, 1).GetString());
        Assert.Equal("योग", summary.RowsUsed().Last().Cell(1).GetString());

        var courses = workbook.Worksheet(3);
        Assert.Equal(("Employee Code", "नाम", "Learning Hours"), (courses.Cell(1, 1).GetString(), courses.Cell(1, 2).GetString(), courses.Cell(1, 8).GetString()));
        Assert.Equal("स्थिति", courses.Cell(1, 9).GetString());
        var states = courses.RowsUsed().Skip(1).Select(r => r.Cell(9).GetString()).Distinct().ToList();
        Assert.Contains("शेष", states); // Missing
        Assert.DoesNotContain("Missing", states);
    }

    [Fact]
    public async Task The_command_line_writes_English_even_on_a_machine_set_to_Hindi()
    {
        var file = Path.Combine(Path.GetTempPath(), $"acr-cli-hi-{Guid.NewGuid():N}.xlsx");
        try
        {
            using (UiLanguage.Hindi())
            {
                SqliteConnection.ClearAllPools();
                var exit = await CommandLine.RunAsync(["export", "acr", "--year", "2025-26", "--as", DemoUsers.MeerutRange, "--out", file, "--database", _db.File],
                    new StringWriter(), new StringWriter());
                Assert.Equal(CommandLine.Ok, exit);
                // The caller's language is left as it was.
                Assert.Equal("hi-IN", System.Globalization.CultureInfo.CurrentUICulture.Name);
            }
            using var workbook = new XLWorkbook(file);
            Assert.Equal([AcrWorkbook.EmployeesSheet, AcrWorkbook.SummarySheet, AcrWorkbook.CoursesSheet], workbook.Worksheets.Select(w => w.Name));
            Assert.Equal(AcrWorkbook.EmployeeColumns, workbook.Worksheet(1).Row(1).CellsUsed().Select(c => c.GetString()));
            Assert.All(workbook.Worksheet(1).RowsUsed().Skip(1), r => Assert.DoesNotMatch("[\u0900-\u097F]", r.Cell(18).GetString()));
            Assert.StartsWith("ACR training report 2025-26", workbook.Worksheet(2).Cell(1, 1).GetString());
            Assert.StartsWith("ACR training report 2025-26 (acr.xlsx), all of the scope", _db.Rows($"SELECT Details FROM AuditEntries WHERE Action = '{AuditActions.Export}'", r => r.GetString(0)).Single());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Rules_messages_and_the_pages_summary_are_in_Hindi_while_the_audit_trail_stays_English()
    {
        var admin = await UserAsync(_db, DemoUsers.StateAdmin);
        var service = _services.GetRequiredService<AcrRulesService>();
        var next = ReportingYear.Parse("2026-27");
        using (UiLanguage.Hindi())
        {
            var edit = await service.GetEditAsync(admin, next);
            Assert.Equal("2025-26 के नियम", edit.StartedFrom);
            edit.Verdicts[0].Label = "";
            edit.Verdicts[^1].MinimumHours = 5;
            var problems = await service.SaveAsync(admin, edit);
            Assert.Contains("निष्कर्ष 1 का नाम आवश्यक है।", problems);
            Assert.Contains("अंतिम निष्कर्ष शेष सभी पर लागू होता है: उसकी कोई शर्त नहीं होती।", problems);

            edit = await service.GetEditAsync(admin, next);
            Assert.Empty(await service.SaveAsync(admin, edit));
            var issued = await service.SaveAsync(admin, await service.GetEditAsync(admin, Y2025));
            Assert.Matches("^2025-26 के नियम .* को .* द्वारा जारी किए गए थे; बदलने के लिए उन्हें पुनः खोलें।$", Assert.Single(issued));

            var summary = (await service.ListAsync(admin)).Single(y => y.Year == next).Summary;
            Assert.StartsWith("निर्धारित: सूची के अनिवार्य पाठ्यक्रम और ", summary);
            Assert.Contains("Compliant (निर्धारित पाठ्यक्रमों का कम से कम 100%, कम से कम 10 अधिगम घंटे, 7-दिवसीय कार्यक्रम)", summary);
        }
        var audit = _db.Rows($"SELECT Details FROM AuditEntries WHERE Action = '{AuditActions.AcrRulesChanged}'", r => r.GetString(0)).Single();
        Assert.StartsWith("2026-27: not set → prescribed: catalogue's mandatory courses and CB-plan allocations", audit);
        Assert.Contains("verdicts: Compliant (at least 100% of prescribed courses, at least 10 learning hours, the 7-day programme)", audit);
        Assert.DoesNotMatch("[\u0900-\u097F]", audit);
        using (UiLanguage.English())
            Assert.StartsWith("prescribed: catalogue's mandatory courses", (await service.ListAsync(admin)).Single(y => y.Year == next).Summary);
    }
}
