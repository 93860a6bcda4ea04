using System.Globalization;
using System.Text.Json;
using ClosedXML.Excel;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Web.Cli;
using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Features.Campaigns;
using Portal.Web.Features.Dashboard;
using Portal.Web.Features.ReviewPack;
using Portal.Web.Features.Snapshot;
using Portal.Web.Infrastructure;

namespace Portal.Tests.Features.ReviewPack;

/// <summary>
/// The review pack on a private small state: its sheets opened with ClosedXML and checked against SQL written here for
/// two scopes (the state's review cell and the Meerut range), the running campaigns against the campaign pages' service
/// and SQL, upload freshness with a configured threshold, and the command line's JSON, columns, exit codes and audit.
/// </summary>
public sealed class ReviewPackTests : IAsyncLifetime
{
    private const string MeerutRangeDistricts = """
        (SELECT m.DistrictsId FROM DistrictGroupingMembers m JOIN DistrictGroupings g ON g.Id = m.GroupingsId
         WHERE g.Kind = 'Police Range' AND g.Name = 'Meerut')
        """;

    private TestDatabase _db = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CopyOfSmallStateAsync();
        await new ComplianceAggregator(_db.Factory, TimeProvider.System, NullLogger<ComplianceAggregator>.Instance).RebuildAsync("test");
        _services = new ServiceCollection().AddLogging().AddPortalFeatures()
            .AddSingleton(_db.Factory)
            .AddSingleton<IPasswordHasher<PortalUser>, PasswordHasher<PortalUser>>()
            .AddTransient<AccessService>()
            .AddSingleton(new ReviewPackOptions { StaleAfterDays = 10 })
            .BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        _db.Dispose();
    }

    private async Task<SignedInUser> UserAsync(string login) => (await _services.GetRequiredService<AccessService>().FindByLoginAsync(login))!;

    private async Task<(XLWorkbook Workbook, ReviewPackResult Result)> PackAsync(string login, DashboardView? view = null)
    {
        var output = new MemoryStream();
        var result = await _services.GetRequiredService<ReviewPackService>().WriteAsync(await UserAsync(login), view ?? new DashboardView(), output);
        Assert.NotNull(result);
        output.Position = 0;
        return (new XLWorkbook(output), result);
    }

    private static List<string> Header(IXLWorksheet sheet) => sheet.Row(1).CellsUsed().Select(c => c.GetString()).ToList();

    /// <summary>Workforce and onboarded per name, from the raw rows.</summary>
    private Dictionary<string, (long Workforce, long Onboarded)> Expected(string by, string where) =>
        _db.Rows($"""
            SELECT {by}, COUNT(*), SUM(e.OnboardedOn IS NOT NULL) FROM Employees e
            JOIN Districts d ON d.Id = e.DistrictId JOIN Departments p ON p.Id = e.DepartmentId
            WHERE e.Status = 1 AND {where} GROUP BY {by}
            """, r => (Name: r.GetString(0), Workforce: r.GetInt64(1), Onboarded: r.GetInt64(2)))
            .ToDictionary(r => r.Name, r => (r.Workforce, r.Onboarded));

    public static TheoryData<string, string> Scopes => new()
    {
        { DemoUsers.StateAdmin, "1 = 1" },
        { DemoUsers.MeerutRange, $"d.Id IN {MeerutRangeDistricts} AND p.Name = 'Police'" },
    };

    [Theory]
    [MemberData(nameof(Scopes))]
    public async Task The_pack_holds_the_scopes_headline_figures_districts_and_departments_as_the_raw_rows_count_them(string login, string where)
    {
        var (workbook, result) = await PackAsync(login);
        using var _ = workbook;
        Assert.Equal([ReviewPackWorkbook.HeadlineSheet, "Districts", ReviewPackWorkbook.DepartmentsSheet, ReviewPackWorkbook.CampaignsSheet, ReviewPackWorkbook.FreshnessSheet],
            workbook.Worksheets.Select(w => w.Name));
        Assert.Equal(result.Sheets.Select(s => s.Sheet), workbook.Worksheets.Select(w => w.Name));

        // Headline figures: the table under the heading, figures as numbers.
        var districts = Expected("d.Name", where);
        var headline = workbook.Worksheet(ReviewPackWorkbook.HeadlineSheet);
        var figureRow = headline.RowsUsed().Single(r => r.Cell(1).GetString() == "Figure").RowNumber();
        double Card(string figure) => headline.RowsUsed().Single(r => r.RowNumber() > figureRow && r.Cell(1).GetString() == figure).Cell(2).GetDouble();
        Assert.Equal(districts.Values.Sum(d => d.Workforce), Card("Workforce"));
        Assert.Equal(districts.Values.Sum(d => d.Onboarded), Card("Onboarded on iGOT"));
        Assert.Equal(Math.Round((double)districts.Values.Sum(d => d.Onboarded) / districts.Values.Sum(d => d.Workforce), 3), Card("Onboarding rate"), 6);
        Assert.Equal(XLDataType.Number, headline.RowsUsed().Single(r => r.Cell(1).GetString() == "Workforce").Cell(2).DataType);

        // Districts: every district of the scope with staff, no other, with its workforce and onboarded.
        var sheet = workbook.Worksheet("Districts");
        var header = Header(sheet);
        int Col(string name) => header.IndexOf(name) + 1;
        Assert.True(Col("District") > 0 && Col("Workforce") > 0 && Col("Rank") > 0 && Col("Rank change since last week") > 0 && Col("Bottom ten") > 0);
        var rows = sheet.Range(2, 1, result.Sheets[1].Rows + 1, header.Count).Rows().ToList();
        Assert.Equal(districts.Keys.Order(), rows.Select(r => r.Cell(Col("District")).GetString()).Order());
        foreach (var row in rows)
        {
            var expected = districts[row.Cell(Col("District")).GetString()];
            Assert.Equal(XLDataType.Number, row.Cell(Col("Workforce")).DataType);
            Assert.Equal(expected.Workforce, row.Cell(Col("Workforce")).GetDouble());
            Assert.Equal(expected.Onboarded, row.Cell(Col("Onboarded")).GetDouble());
        }
        // Ranked by onboarding rate, 1..n; districts under Dashboard:MinimumWorkforceToRank (30) are listed after the ranked
        // ones as not ranked (never a number) and never marked; with more than ten ranked rows exactly the last ten are marked.
        var ranked = rows.Count(r => r.Cell(Col("Workforce")).GetDouble() >= new Portal.Web.Features.Dashboard.DashboardOptions().MinimumWorkforceToRank);
        Assert.Equal(Enumerable.Range(1, ranked).Select(i => (double)i), rows.Take(ranked).Select(r => r.Cell(Col("Rank")).GetDouble()));
        Assert.All(rows.Skip(ranked), r => Assert.Equal(ReviewPackWorkbook.NotRanked, r.Cell(Col("Rank")).GetString()));
        var marked = rows.Where(r => r.Cell(Col("Bottom ten")).GetString() == "Bottom ten").Select(r => (int)r.Cell(Col("Rank")).GetDouble()).ToList();
        Assert.Equal(ranked > 10 ? Enumerable.Range(ranked - 9, 10) : [], marked);
        if (marked.Count > 0)
            Assert.Equal(XLFillPatternValues.Solid, rows.Single(r => r.Cell(Col("Rank")).GetDouble() == ranked).Cell(Col("District")).Style.Fill.PatternType);

        // Departments: the scope's departments with staff.
        var departments = Expected("p.Name", where);
        var departmentSheet = workbook.Worksheet(ReviewPackWorkbook.DepartmentsSheet);
        var departmentHeader = Header(departmentSheet);
        Assert.Equal(departments.Count, result.Sheets[2].Rows);
        foreach (var row in departmentSheet.Range(2, 1, departments.Count + 1, departmentHeader.Count).Rows())
            Assert.Equal(departments[row.Cell(departmentHeader.IndexOf("Department") + 1).GetString()].Workforce,
                row.Cell(departmentHeader.IndexOf("Workforce") + 1).GetDouble());
    }

    [Fact]
    public async Task A_department_filter_narrows_the_pack_and_a_filter_outside_the_scope_gives_no_pack()
    {
        var health = (int)_db.Scalar($"SELECT Id FROM Departments WHERE Name = '{DemoUsers.HealthDepartment}'");
        var (workbook, result) = await PackAsync(DemoUsers.StateAdmin, new DashboardView { DepartmentId = health });
        using var _ = workbook;
        var expected = Expected("d.Name", $"p.Id = {health}");
        Assert.Equal(expected.Count, result.Sheets[1].Rows);
        Assert.Equal(1, result.Sheets[2].Rows);

        var range = await UserAsync(DemoUsers.MeerutRange);
        Assert.Null(await _services.GetRequiredService<ReviewPackService>().BuildAsync(range, new DashboardView { DepartmentId = health }));
    }

    [Theory]
    [MemberData(nameof(Scopes))]
    public async Task Running_campaigns_carry_the_campaign_pages_figures_and_the_any_completion_campaign_matches_sql(string login, string where)
    {
        var user = await UserAsync(login);
        var pack = (await _services.GetRequiredService<ReviewPackService>().BuildAsync(user, new DashboardView()))!;
        var campaigns = _services.GetRequiredService<CampaignService>();
        var today = campaigns.Today;
        var running = new List<int>();
        foreach (var c in await campaigns.ListAsync())
        {
            if (c.WindowStart > today || c.Deadline < today) continue;
            var progress = (await campaigns.GetProgressAsync(user.Scope, c.Id, CampaignBy.District))!;
            if (progress.Total.Workforce > 0) running.Add(c.Id);
        }
        Assert.Equal(running, pack.Campaigns.Select(c => c.Campaign.Id));

        foreach (var c in pack.Campaigns.Where(c => c.Campaign.Metric == CampaignMetric.AnyCompletion))
        {
            var f = c.Figures!;
            var definition = _db.Rows($"SELECT ScopeGroupingId, ScopeDistrictId, ScopeDepartmentId FROM Campaigns WHERE Id = {c.Campaign.Id}",
                r => (Grouping: r.IsDBNull(0) ? (long?)null : r.GetInt64(0), District: r.IsDBNull(1) ? (long?)null : r.GetInt64(1), Department: r.IsDBNull(2) ? (long?)null : r.GetInt64(2))).Single();
            var campaignScope = string.Join(" AND ", new[]
            {
                definition.Grouping is { } g ? $"e.DistrictId IN (SELECT DistrictsId FROM DistrictGroupingMembers WHERE GroupingsId = {g})" : null,
                definition.District is { } d ? $"e.DistrictId = {d}" : null,
                definition.Department is { } p ? $"e.DepartmentId = {p}" : null,
            }.Where(x => x is not null).Append("1 = 1"));
            long Reached(DateOnly day) => _db.Scalar($"""
                SELECT COUNT(*) FROM Employees e JOIN Districts d ON d.Id = e.DistrictId JOIN Departments p ON p.Id = e.DepartmentId
                WHERE e.Status = 1 AND {where} AND {campaignScope} AND EXISTS (SELECT 1 FROM Enrolments x WHERE x.EmployeeId = e.Id AND x.Status = 2
                  AND x.CompletedOn >= '{c.Campaign.WindowStart:yyyy-MM-dd}' AND x.CompletedOn <= '{day:yyyy-MM-dd}')
                """);
            Assert.Equal(Reached(f.AsOf), f.ReachedNow);
            Assert.Equal(Reached(f.AsOf.AddDays(-CampaignFigures.PaceDays)), f.ReachedBefore);
            Assert.Equal(_db.Scalar($"""
                SELECT COUNT(*) FROM Employees e JOIN Districts d ON d.Id = e.DistrictId JOIN Departments p ON p.Id = e.DepartmentId
                WHERE e.Status = 1 AND {where} AND {campaignScope}
                """), f.Workforce);
        }

        // The sheet: one row per running campaign, figures as numbers.
        var output = new MemoryStream();
        ReviewPackWorkbook.Write(pack, output);
        output.Position = 0;
        using var workbook = new XLWorkbook(output);
        var sheet = workbook.Worksheet(ReviewPackWorkbook.CampaignsSheet);
        var header = Header(sheet);
        Assert.Equal(ReviewPackWorkbook.CampaignColumns.Select(c => c.Header), header);
        for (var i = 0; i < pack.Campaigns.Count; i++)
        {
            var row = sheet.Row(i + 2);
            Assert.Equal(pack.Campaigns[i].Campaign.Name, row.Cell(1).GetString());
            Assert.Equal(pack.Campaigns[i].Figures!.ReachedNow, row.Cell(header.IndexOf("Reached") + 1).GetDouble());
            Assert.Equal(XLDataType.Number, row.Cell(header.IndexOf("Target %") + 1).DataType);
        }
    }

    private void AddUpload(ImportKind kind, string login, DateTime finishedUtc, ImportOutcome outcome = ImportOutcome.Committed)
    {
        var at = finishedUtc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        _db.Execute($"""
            INSERT INTO ImportBatches (Kind, FileName, FileSizeBytes, Sha256, UploadedBy, UploadedByUserId, UploadedAt, FinishedAt, Outcome,
              RowsRead, Inserted, Updated, Unchanged, Rejected, Deactivated, CompleteRoster, ErrorCount)
            VALUES ({(int)kind}, 'file.xlsx', 1, '{new string('0', 64)}', '{login}', {_db.UserId(login)}, '{at}', '{at}', {(int)outcome}, 0, 0, 0, 0, 0, 0, 0, 0)
            """);
    }

    [Fact]
    public async Task Upload_freshness_marks_districts_stale_past_the_configured_days_or_never_uploaded_and_follows_the_uploaders_scope()
    {
        var now = DateTime.UtcNow;
        AddUpload(ImportKind.Roster, DemoUsers.MeerutRange, now.AddDays(-3));
        AddUpload(ImportKind.Roster, DemoUsers.MeerutRange, now.AddDays(-1), ImportOutcome.Cancelled);
        AddUpload(ImportKind.Progress, DemoUsers.MeerutRange, now.AddDays(-20));
        // The Police HR cell's scope is every district: its upload makes none of them fresh, and is listed under the table.
        AddUpload(ImportKind.Roster, DemoUsers.PoliceHr, now.AddDays(-1));
        var meerutRange = _db.Rows($"SELECT d.Name FROM Districts d WHERE d.Id IN {MeerutRangeDistricts}", r => r.GetString(0)).ToHashSet();
        DateTime LocalDay(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(utc, TimeZoneInfo.Local).Date;

        var (workbook, result) = await PackAsync(DemoUsers.StateAdmin);
        using (workbook)
        {
            var sheet = workbook.Worksheet(ReviewPackWorkbook.FreshnessSheet);
            var header = Header(sheet);
            int Col(string name) => header.IndexOf(name) + 1;
            Assert.True(Col("District") > 0 && Col("Last roster upload") > 0);
            Assert.Equal(75, result.Sheets[4].Rows);
            var rows = sheet.Range(2, 1, 76, header.Count).Rows().ToDictionary(r => r.Cell(Col("District")).GetString());
            foreach (var name in meerutRange)
            {
                var row = rows[name];
                Assert.Equal(XLDataType.DateTime, row.Cell(Col("Last roster upload")).DataType);
                Assert.Equal(LocalDay(now.AddDays(-3)), row.Cell(Col("Last roster upload")).GetDateTime());
                Assert.Equal("DIG Meerut Range Office", row.Cell(Col("Roster uploaded by")).GetString());
                Assert.Equal("3 days ago", row.Cell(Col("Roster")).GetString());
                Assert.Equal(LocalDay(now.AddDays(-20)), row.Cell(Col("Last iGOT report upload")).GetDateTime());
                Assert.Equal("20 days ago — stale", row.Cell(Col("iGOT report")).GetString());
                Assert.Equal(XLFillPatternValues.Solid, row.Cell(Col("District")).Style.Fill.PatternType);
            }
            var lucknow = rows["Lucknow"];
            Assert.True(lucknow.Cell(Col("Last roster upload")).IsEmpty());
            Assert.Equal("Never uploaded — stale", lucknow.Cell(Col("Roster")).GetString());
            Assert.Contains(sheet.CellsUsed(), c => c.GetString().StartsWith("Latest such roster upload:") && c.GetString().Contains("Police"));
        }

        // With 30 days, the iGOT report of 20 days ago is fresh too: the Meerut range's districts are not marked.
        await using (var generous = new ServiceCollection().AddLogging().AddPortalFeatures().AddSingleton(_db.Factory)
            .AddSingleton<IPasswordHasher<PortalUser>, PasswordHasher<PortalUser>>().AddTransient<AccessService>()
            .AddSingleton(new ReviewPackOptions { StaleAfterDays = 30 }).BuildServiceProvider())
        {
            var pack = (await generous.GetRequiredService<ReviewPackService>().BuildAsync(await UserAsync(DemoUsers.StateAdmin), new DashboardView()))!;
            Assert.All(pack.Freshness.Districts.Where(d => meerutRange.Contains(d.District)), d => Assert.False(d.Stale));
            Assert.True(pack.Freshness.Districts.Single(d => d.District == "Lucknow").Stale);
            // Stale first: every stale district comes before every fresh one.
            Assert.Equal(pack.Freshness.Districts.OrderByDescending(d => d.Stale).Select(d => d.District), pack.Freshness.Districts.Select(d => d.District));
        }

        // The Health HR cell: a police range's upload says nothing of Health's roster, so Meerut stays never uploaded for it.
        var health = (await _services.GetRequiredService<ReviewPackService>().BuildAsync(await UserAsync(DemoUsers.HealthHr), new DashboardView()))!;
        Assert.All(health.Freshness.Districts, d => Assert.Null(d.Roster));
        Assert.Null(health.Freshness.WideRoster);
        // The range sees its own four districts only.
        var range = (await _services.GetRequiredService<ReviewPackService>().BuildAsync(await UserAsync(DemoUsers.MeerutRange), new DashboardView()))!;
        Assert.Equal(meerutRange.Order(), range.Freshness.Districts.Select(d => d.District).Order());
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
    public async Task The_audit_entry_of_a_pack_made_for_a_Hindi_reader_is_in_English()
    {
        var police = (int)_db.Scalar("SELECT Id FROM Departments WHERE Name = 'Police'");
        var packs = _services.GetRequiredService<ReviewPackService>();
        SignedInUser range;
        string hindiWhat, englishWhat;
        using (Localization.UiLanguage.Hindi())
        {
            range = await UserAsync(DemoUsers.MeerutRange);
            var pack = (await packs.BuildAsync(range, new DashboardView { DepartmentId = police }))!;
            Assert.Contains(pack.Heading, line => line.Any(IsDevanagari)); // the reader's heading is Hindi
            Assert.Contains(range.ScopeDescription, IsDevanagari);          // and so is their scope's description on the page
            hindiWhat = ReviewPackService.ExportWhat(pack);
        }
        using (Localization.UiLanguage.English())
            englishWhat = ReviewPackService.ExportWhat((await packs.BuildAsync(await UserAsync(DemoUsers.MeerutRange), new DashboardView { DepartmentId = police }))!);

        // What the audit entry says of the pack and of the exporter's scope: English, whoever reads.
        Assert.DoesNotContain(hindiWhat, IsDevanagari);
        Assert.DoesNotContain(range.AuditScope, IsDevanagari);
        Assert.StartsWith("review pack (view ", hindiWhat);
        Assert.Contains($"department={police}", hindiWhat);
        Assert.Equal(englishWhat, hindiWhat);
        Assert.Equal("Meerut police range · Police", range.AuditScope);

        static bool IsDevanagari(char c) => c is >= '\u0900' and <= '\u097F';
    }

    [Fact]
    public async Task The_command_line_writes_the_logins_pack_prints_one_json_object_and_is_audited()
    {
        var file = Path.Combine(Path.GetTempPath(), $"pack-cli-{Guid.NewGuid():N}.xlsx");
        try
        {
            var (exit, json, stdout, _) = await Cli("export", "pack", "--as", DemoUsers.MeerutRange, "--out", file);
            Assert.Equal(CommandLine.Ok, exit);
            Assert.Single(stdout.Trim().Split('\n'));
            Assert.Equal("exported", json.GetProperty("status").GetString());
            Assert.Equal(file, json.GetProperty("out").GetString());
            Assert.Contains("Meerut", json.GetProperty("scope").GetString());
            var sheets = json.GetProperty("sheets").EnumerateArray().Select(s => s.GetString()!).ToList();
            Assert.Equal([ReviewPackWorkbook.HeadlineSheet, "Districts", ReviewPackWorkbook.DepartmentsSheet, ReviewPackWorkbook.CampaignsSheet, ReviewPackWorkbook.FreshnessSheet], sheets);
            var expected = Expected("d.Name", $"d.Id IN {MeerutRangeDistricts} AND p.Name = 'Police'");
            Assert.Equal(expected.Count, json.GetProperty("rows").GetProperty("Districts").GetInt32());
            Assert.Equal(4, json.GetProperty("rows").GetProperty(ReviewPackWorkbook.FreshnessSheet).GetInt32());

            using (var workbook = new XLWorkbook(file))
            {
                var districts = workbook.Worksheet("Districts");
                var header = Header(districts);
                Assert.Contains("District", header);
                Assert.Contains("Workforce", header);
                foreach (var row in districts.Range(2, 1, expected.Count + 1, header.Count).Rows())
                {
                    Assert.Equal(XLDataType.Number, row.Cell(header.IndexOf("Workforce") + 1).DataType);
                    Assert.Equal(expected[row.Cell(header.IndexOf("District") + 1).GetString()].Workforce, row.Cell(header.IndexOf("Workforce") + 1).GetDouble());
                }
                var freshness = Header(workbook.Worksheet(ReviewPackWorkbook.FreshnessSheet));
                Assert.Equal("District", freshness[0]);
                Assert.Equal("Last roster upload", freshness[1]);
            }
            var audit = _db.Rows($"SELECT Channel, Details FROM AuditEntries WHERE Action = '{AuditActions.Export}' AND Actor = '{DemoUsers.MeerutRange}'",
                r => (Channel: r.GetString(0), Details: r.GetString(1))).Single();
            Assert.Equal("cli", audit.Channel);
            Assert.StartsWith("review pack", audit.Details);
            Assert.Contains(file, audit.Details);

            // --by a grouping kind of the scope: the second sheet ranks police ranges.
            var byRange = await Cli("export", "pack", "--as", DemoUsers.StateAdmin, "--by", "police-range", "--out", file);
            Assert.Equal(CommandLine.Ok, byRange.Exit);
            Assert.Equal("Police Ranges", byRange.Json.GetProperty("sheets")[1].GetString());
            using (var workbook = new XLWorkbook(file))
                Assert.Equal("Police Range", Header(workbook.Worksheet(2))[3]);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task The_command_line_refuses_bad_arguments_with_64_and_an_unknown_login_with_1_and_lets_a_viewer_have_its_own_pack()
    {
        var file = Path.Combine(Path.GetTempPath(), $"pack-cli-{Guid.NewGuid():N}.xlsx");
        try
        {
            Assert.Equal(CommandLine.Usage, (await Cli("export", "pack", "--as", DemoUsers.StateAdmin)).Exit);
            Assert.Equal(CommandLine.Usage, (await Cli("export", "pack", "--out", file)).Exit);
            Assert.Equal(CommandLine.Usage, (await Cli("export", "pack", "--as", DemoUsers.StateAdmin, "--out", file, "--year", "2025-26")).Exit);
            var badBy = await Cli("export", "pack", "--as", DemoUsers.StateAdmin, "--out", file, "--by", "planet");
            Assert.Equal(CommandLine.Usage, badBy.Exit);
            Assert.Equal("", badBy.Out);
            Assert.False(File.Exists(file));

            var unknown = await Cli("export", "pack", "--as", "nobody@up.gov.in", "--out", file);
            Assert.Equal(CommandLine.Failed, unknown.Exit);
            Assert.Equal("", unknown.Out);
            Assert.Equal(1, _db.Scalar($"SELECT COUNT(*) FROM AuditEntries WHERE Action = '{AuditActions.ExportRefused}' AND Actor = 'nobody@up.gov.in'"));

            // A Viewer reads the dashboard of its scope, so it may take the pack of it: Lucknow alone.
            var viewer = await Cli("export", "pack", "--as", DemoUsers.LucknowViewer, "--out", file);
            Assert.Equal(CommandLine.Ok, viewer.Exit);
            Assert.Equal(1, viewer.Json.GetProperty("rows").GetProperty("Districts").GetInt32());
            using var workbook = new XLWorkbook(file);
            Assert.Equal("Lucknow", workbook.Worksheet("Districts").Cell(2, Header(workbook.Worksheet("Districts")).IndexOf("District") + 1).GetString());
        }
        finally
        {
            File.Delete(file);
        }
    }
}
