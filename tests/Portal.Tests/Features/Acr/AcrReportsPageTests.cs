using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Features.Acr;
using static Portal.Tests.Features.Acr.AcrTestData;

namespace Portal.Tests.Features.Acr;

/// <summary>
/// The /reports page, a statement and the print view in bUnit on a private small state (the demo's 2025-26 rules), on the
/// demo's today (20-11-2026: 2026-27 has no rules, so 2025-26 is the default): the figures against the service and SQL.
/// </summary>
public sealed class AcrReportsPageTests : IAsyncLifetime
{
    private static readonly ReportingYear Y2025 = ReportingYear.Parse("2025-26");
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CopyOfSmallStateAsync();
    public Task DisposeAsync() { _db.Dispose(); return Task.CompletedTask; }

    private sealed class Context : PortalBunitContext
    {
        public Context(TestDatabase db, string login) : base(db)
        {
            var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 20, 6, 0, 0, TimeSpan.Zero));
            clock.SetLocalTimeZone(TimeZoneInfo.Utc);
            Services.AddSingleton<TimeProvider>(clock);
            SignInAs(login);
        }

        public NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();
        public AcrStatementService Statements => Services.GetRequiredService<AcrStatementService>();
    }

    private int Id(string sql) => (int)_db.Scalar(sql);

    [Fact]
    public async Task An_hr_cell_sees_the_counts_per_district_then_an_offices_employees_with_their_figures()
    {
        await using var ctx = new Context(_db, DemoUsers.PoliceHr);
        var user = await UserAsync(_db, DemoUsers.PoliceHr);
        ctx.Navigation.NavigateTo("reports");
        var page = ctx.Render<AcrReportsPage>();
        page.WaitForElement("[data-testid='acr-counts']", TimeSpan.FromSeconds(30));

        // The default year is the latest with rules; the counts per district are the service's (= SQL's, tested there).
        var expected = await ctx.Statements.CountByVerdictAsync(user.Scope, Y2025, AcrGroupBy.District);
        var rows = page.FindAll("[data-testid='acr-count-row']");
        Assert.Equal(expected.Groups.Count, rows.Count);
        Assert.Equal(expected.Groups.Select(g => g.District), rows.Select(r => r.QuerySelector("td")!.TextContent.Trim()));
        var total = page.Find("[data-testid='acr-count-total']").QuerySelectorAll("th").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal([.. expected.Totals.Select(t => t.ToString("N0")), expected.Totals.Sum().ToString("N0")], total.Skip(1));
        Assert.Equal(_db.Scalar($"SELECT COUNT(*) FROM Employees e JOIN Departments p ON p.Id = e.DepartmentId WHERE e.Status = 1 AND {Police}"), expected.Totals.Sum());

        // Narrow to Meerut's largest police office, as a click on the district and then the office does.
        var meerut = Id("SELECT Id FROM Districts WHERE Name = 'Meerut'");
        var office = Id($"""
            SELECT e.OfficeId FROM Employees e JOIN Departments p ON p.Id = e.DepartmentId
            WHERE e.Status = 1 AND e.DistrictId = {meerut} AND {Police} AND e.OfficeId IS NOT NULL GROUP BY e.OfficeId ORDER BY COUNT(*) DESC LIMIT 1
            """);
        Assert.Contains(page.FindAll("[data-testid='acr-count-row'] a"), a => a.GetAttribute("href")!.Contains($"district={meerut}"));
        ctx.Navigation.NavigateTo($"reports?year=2025-26&district={meerut}&office={office}");
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid='acr-count-row']")), TimeSpan.FromSeconds(30));

        var sql = Expected(_db, $"{Police} AND e.OfficeId = {office}", Y2025, lateCounts: false, compliantHours: 10);
        var employeeRows = page.FindAll("[data-testid='acr-employee-row']");
        Assert.Equal(Math.Min(sql.Count, AcrListQuery.DefaultPageSize), employeeRows.Count);
        foreach (var row in employeeRows)
        {
            var id = int.Parse(row.QuerySelector("a")!.GetAttribute("href")!.Split('/')[^1]);
            var cells = row.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList();
            var f = sql[id];
            Assert.Equal(AcrText.Hours(f.Minutes / 60m), cells[4]);
            Assert.Equal(f.Prescribed.ToString(), cells[5]);
            Assert.Equal(f.OnTime.ToString(), cells[6]);
            Assert.Equal(f.Missing.ToString(), cells[8]);
            Assert.Equal(f.Programme ? "Done" : "Not done", cells[10]);
            Assert.Equal(f.Verdict, cells[11]);
        }

        // Filter by verdict: only that verdict, as many as SQL counts.
        var verdict = sql.Values.GroupBy(f => f.Verdict).OrderByDescending(g => g.Count()).First().Key;
        ctx.Navigation.NavigateTo($"reports?year=2025-26&district={meerut}&office={office}&verdict={Uri.EscapeDataString(verdict)}");
        // (Waits for the filtered list itself: while it is being counted there are no rows, and "all rows" of none holds.)
        page.WaitForAssertion(() => Assert.Contains($"Employees ({sql.Values.Count(f => f.Verdict == verdict):N0})", page.Markup), TimeSpan.FromSeconds(30));
        Assert.NotEmpty(page.FindAll("[data-testid='acr-employee-verdict']"));
        Assert.All(page.FindAll("[data-testid='acr-employee-verdict']"), c => Assert.Equal(verdict, c.TextContent.Trim()));

        // Search by code.
        var code = _db.Rows($"SELECT EmployeeCode FROM Employees WHERE Id = {sql.Keys.Max()}", r => r.GetString(0)).Single();
        ctx.Navigation.NavigateTo($"reports?year=2025-26&district={meerut}&office={office}&q={code}");
        page.WaitForAssertion(() => Assert.Equal(code, page.Find("[data-testid='acr-employee-row'] a").TextContent.Trim()), TimeSpan.FromSeconds(30));
        Assert.Single(page.FindAll("[data-testid='acr-employee-row']"));

        // The export link carries the choice; the print link the office.
        Assert.Equal($"reports/acr/2025-26/export.xlsx?district={meerut}&office={office}", page.Find("[data-testid='acr-export']").GetAttribute("href"));
        Assert.Equal($"reports/acr/2025-26/print?office={office}", page.Find("[data-testid='acr-print']").GetAttribute("href"));
    }

    [Fact]
    public async Task A_statement_shows_the_services_figures_and_is_audited_and_another_scopes_employee_is_not_found()
    {
        await using var ctx = new Context(_db, DemoUsers.PoliceHr);
        var user = await UserAsync(_db, DemoUsers.PoliceHr);
        // A police employee with prescribed courses and completions in the year.
        var id = Id($"""
            SELECT e.Id FROM Employees e JOIN Departments p ON p.Id = e.DepartmentId JOIN CbPlanAllocations a ON a.EmployeeId = e.Id
            WHERE e.Status = 1 AND {Police} AND EXISTS (SELECT 1 FROM Enrolments x WHERE x.EmployeeId = e.Id AND x.Status = 2 AND x.CompletedOn BETWEEN '2025-04-01' AND '2026-03-31')
            ORDER BY e.Id LIMIT 1
            """);
        var expected = (await ctx.Statements.GetStatementAsync(user.Scope, id, Y2025))!;

        var page = ctx.Render<AcrStatementPage>(p => p.Add(x => x.Year, "2025-26").Add(x => x.EmployeeId, id));
        page.WaitForElement("[data-testid='acr-statement']", TimeSpan.FromSeconds(30));

        Assert.Equal(expected.Employee.Code, page.Find("[data-testid='statement-code']").TextContent.Trim());
        Assert.Equal(AcrText.Hours(expected.LearningHours), page.Find("[data-testid='statement-hours']").TextContent.Trim());
        Assert.Equal(expected.ShareText, page.Find("[data-testid='statement-share']").TextContent.Trim());
        Assert.Equal(expected.Verdict.Label, page.Find("[data-testid='statement-verdict']").TextContent.Trim());
        Assert.Equal(expected.Verdict.Reason, page.Find("[data-testid='statement-reason']").TextContent.Trim());
        Assert.Equal(expected.Prescribed.Count, page.FindAll("[data-testid='prescribed-row']").Count);
        Assert.Equal(expected.CompletedInYear.Count, page.FindAll("[data-testid='completed-row']").Count);
        Assert.Contains(expected.Prescribed, p => p.PrescribedBy.HasFlag(AcrPrescribedBy.CbPlan));
        var cbPlanRow = page.FindAll("[data-testid='prescribed-row']").Select(r => r.TextContent).First(t => t.Contains("CB plan"));
        Assert.Contains("Yes", cbPlanRow); // the demo's police allocation counts for the APAR
        Assert.Contains(AcrText.Date(expected.Prescribed.First(p => p.PrescribedBy.HasFlag(AcrPrescribedBy.CbPlan)).DueOn), cbPlanRow);
        Assert.Equal(1, _db.Scalar($"SELECT COUNT(*) FROM AuditEntries WHERE Action = '{AuditActions.EmployeeViewed}' AND Actor = '{DemoUsers.PoliceHr}' AND Details LIKE 'ACR training statement 2025-26 of {expected.Employee.Code}%'"));

        // The health HR cell does not see a police employee.
        await using var health = new Context(_db, DemoUsers.HealthHr);
        var notFound = false;
        health.Navigation.OnNotFound += (_, _) => notFound = true;
        var other = health.Render<AcrStatementPage>(p => p.Add(x => x.Year, "2025-26").Add(x => x.EmployeeId, id));
        other.WaitForAssertion(() => Assert.True(notFound), TimeSpan.FromSeconds(30));
        Assert.DoesNotContain(expected.Employee.Name, other.Markup);
    }

    [Fact]
    public async Task The_print_view_holds_an_offices_statements_one_per_page_and_refuses_a_district_too_big()
    {
        await using var ctx = new Context(_db, DemoUsers.MeerutRange);
        var meerut = Id("SELECT Id FROM Districts WHERE Name = 'Meerut'");
        var office = Id($"SELECT OfficeId FROM Employees WHERE Status = 1 AND DistrictId = {meerut} AND OfficeId IS NOT NULL GROUP BY OfficeId ORDER BY COUNT(*) DESC LIMIT 1");
        var staff = _db.Scalar($"SELECT COUNT(*) FROM Employees WHERE Status = 1 AND OfficeId = {office}");
        ctx.Navigation.NavigateTo($"reports/acr/2025-26/print?office={office}");

        var page = ctx.Render<AcrPrintPage>(p => p.Add(x => x.Year, "2025-26"));
        page.WaitForElement("[data-testid='acr-statement']", TimeSpan.FromSeconds(30));
        Assert.Equal(staff, page.FindAll("[data-testid='acr-statement']").Count);
        Assert.Contains("no-print", page.Find("[data-testid='print-count']").ParentElement!.ClassName);
        // A4 and one statement per page, in the portal's stylesheet.
        var css = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "../../../../../src/Portal.Web/wwwroot/app.css"));
        Assert.Contains("size: A4", css);
        Assert.Matches(@"\.acr-statement \{[^}]*break-after: page", css);
        Assert.Matches(@"@media print \{[^@]*\.mud-appbar[^}]*display: none", css);

        // Another range's office is not found; more than the print bound says so.
        var lucknowOffice = Id("SELECT o.Id FROM Offices o JOIN Districts d ON d.Id = o.DistrictId WHERE d.Name = 'Lucknow' LIMIT 1");
        var notFound = false;
        ctx.Navigation.OnNotFound += (_, _) => notFound = true;
        ctx.Navigation.NavigateTo($"reports/acr/2025-26/print?office={lucknowOffice}");
        page.WaitForAssertion(() => Assert.True(notFound), TimeSpan.FromSeconds(30));

        await using var admin = new Context(_db, DemoUsers.StateAdmin);
        var biggest = Id("SELECT DistrictId FROM Employees WHERE Status = 1 GROUP BY DistrictId ORDER BY COUNT(*) DESC LIMIT 1");
        var size = _db.Scalar($"SELECT COUNT(*) FROM Employees WHERE Status = 1 AND DistrictId = {biggest}");
        Assert.True(size > AcrReportService.MaxPrint, "the small state has a district above the print bound");
        admin.Navigation.NavigateTo($"reports/acr/2025-26/print?district={biggest}");
        var big = admin.Render<AcrPrintPage>(p => p.Add(x => x.Year, "2025-26"));
        big.WaitForElement("[data-testid='print-problem']", TimeSpan.FromSeconds(30));
        Assert.Contains($"{size:N0} employees", big.Find("[data-testid='print-problem']").TextContent);
        Assert.Empty(big.FindAll("[data-testid='acr-statement']"));
    }

    [Fact]
    public async Task A_range_office_sees_only_its_ranges_staff_and_a_viewer_gets_no_export_link()
    {
        await using var ctx = new Context(_db, DemoUsers.MeerutRange);
        var user = await UserAsync(_db, DemoUsers.MeerutRange);
        var reports = ctx.Services.GetRequiredService<AcrReportService>();
        var report = await reports.GetReportAsync(user.Scope, Y2025, AcrSelection.Everyone, new AcrListQuery(PageSize: 100_000));
        var sql = Expected(_db, MeerutRangePolice, Y2025, lateCounts: false, compliantHours: 10);
        Assert.Equal(sql.Count, report.Matching);
        Assert.Equal(sql.Keys.Order(), report.Employees.Select(e => e.Id).Order());
        Assert.Equal(sql.Values.Count(f => f.Verdict == AcrRuleSet.Compliant), report.Employees.Count(e => e.Verdict == AcrRuleSet.Compliant));
        var lucknow = Id("SELECT Id FROM Districts WHERE Name = 'Lucknow'");
        Assert.Null(await reports.SelectionAsync(user.Scope, lucknow, null));

        await using var viewer = new Context(_db, DemoUsers.LucknowViewer);
        viewer.Navigation.NavigateTo("reports");
        var page = viewer.Render<AcrReportsPage>();
        page.WaitForElement("[data-testid='acr-counts']", TimeSpan.FromSeconds(30));
        Assert.Empty(page.FindAll("[data-testid='acr-export']"));
        Assert.Equal(["Lucknow"], page.FindAll("[data-testid='acr-count-row'] td:first-child").Select(c => c.TextContent.Trim()));
    }
}
