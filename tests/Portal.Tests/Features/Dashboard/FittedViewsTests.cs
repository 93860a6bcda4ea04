using Bunit;
using ClosedXML.Excel;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Features.Dashboard;
using Portal.Web.Infrastructure;
using Portal.Web.Infrastructure.Spreadsheets;

namespace Portal.Tests.Features.Dashboard;

/// <summary>
/// Views that fit the reader: only the breakdowns and filters that split their scope, the most useful start, ranking
/// that sets small units apart, the lowest units in the chart, the employee page's path and mandatory courses, and
/// exports with contacts and names that say what they hold.
/// </summary>
[Collection(SeededStateCollection.Name)]
public sealed class FittedViewsTests : PortalBunitContext
{
    public FittedViewsTests(SeededStateFixture state) : base(state.Database)
    {
        Services.AddScoped<FileDownload, RecordingDownload>();
    }

    private RecordingDownload Downloads => (RecordingDownload)Services.GetRequiredService<FileDownload>();
    private NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    private IRenderedComponent<Home> Dashboard(string login, string url = "/")
    {
        SignInAs(login);
        Navigation.NavigateTo(url);
        var page = Render<Home>();
        page.WaitForElement("[data-testid='row-name'], [data-testid='employee-row']");
        return page;
    }

    private static List<string> Offered(IRenderedComponent<Home> page) =>
        page.FindAll("[data-testid^='by-']").Select(b => b.GetAttribute("data-testid")!["by-".Length..]).ToList();

    [Fact]
    public void A_range_office_is_offered_only_the_breakdowns_that_split_its_four_districts_of_police_staff()
    {
        var page = Dashboard(DemoUsers.MeerutRange);

        // Its four districts are one division, one police range, one zone, and one department: none of those is offered.
        Assert.Equal(["district", "designation", "category"], Offered(page));
        Assert.Empty(page.FindAll("[data-testid='filter-department']"));
        Assert.Single(page.FindAll("[data-testid='filter-designation']"));
        Assert.Equal(4, page.FindAll("[data-testid='row-name']").Count);
    }

    [Fact]
    public void Health_HR_is_not_offered_the_polices_ranges_and_zones_nor_a_one_choice_department_filter()
    {
        var page = Dashboard(DemoUsers.HealthHr);

        var offered = Offered(page);
        Assert.Contains("district", offered);
        Assert.Contains("division", offered);
        Assert.DoesNotContain(offered, o => o.StartsWith("police", StringComparison.Ordinal));
        Assert.DoesNotContain("department", offered);
        Assert.Empty(page.FindAll("[data-testid='filter-department']"));
    }

    [Fact]
    public void The_state_admin_is_offered_every_breakdown_and_the_department_filter()
    {
        var page = Dashboard(DemoUsers.StateAdmin);

        Assert.Equal(["district", "division", "police-commissionerate", "police-range", "police-zone", "department", "designation", "category"], Offered(page));
        Assert.Single(page.FindAll("[data-testid='filter-department']"));
        Assert.Equal(75, page.FindAll("[data-testid='row-name']").Count);
    }

    [Fact]
    public void A_one_district_viewer_starts_on_the_departments_of_their_district()
    {
        var page = Dashboard(DemoUsers.LucknowViewer);

        var lucknow = Db.Scalar("SELECT Id FROM Districts WHERE Name = 'Lucknow'");
        var departments = Db.Scalar($"SELECT COUNT(DISTINCT DepartmentId) FROM Employees WHERE DistrictId = {lucknow} AND Status = 1");
        Assert.True(departments > 1);
        Assert.Equal(departments, page.FindAll("[data-testid='row-name']").Count);
        Assert.Contains("Departments", page.Find("[data-testid='table-title']").TextContent);
        // The chart of the lowest: there when at least two of its departments have enough staff to rank.
        var rankable = Db.Scalar($"SELECT COUNT(*) FROM (SELECT DepartmentId FROM Employees WHERE DistrictId = {lucknow} AND Status = 1 GROUP BY DepartmentId HAVING COUNT(*) >= 30)");
        Assert.Equal(rankable > 1, page.FindAll("[data-testid='bar-chart']").Count == 1);
        Assert.Equal((int)Math.Min(rankable, DashboardCharts.BarsShown), page.FindAll("[data-testid='bar-row']").Count);
        Assert.Empty(page.FindAll("[data-testid^='by-district']"));
        // A department row leads to its offices in Lucknow, not to a one-row district table.
        var link = page.Find("[data-testid='row-name'] a").GetAttribute("href")!;
        Assert.Contains($"district={lucknow}", link);
        Assert.Contains("department=", link);
    }

    [Fact]
    public void Units_with_too_few_staff_are_listed_after_the_ranked_ones_and_left_out_of_the_lowest_bars()
    {
        var page = Dashboard(DemoUsers.StateAdmin, "/?by=department");
        Assert.Contains("Departments", page.Find("[data-testid='table-title']").TextContent);

        var workforce = Db.Rows("SELECT DepartmentId, COUNT(*) FROM Employees WHERE Status = 1 GROUP BY DepartmentId", r => r.GetInt64(1));
        Assert.Contains(workforce, w => w < 30); // the demo state has departments too small to rank
        var rows = page.FindAll("tr").Where(r => r.QuerySelector("[data-testid='row-name']") is not null).ToList();
        var small = rows.Select(r => r.QuerySelector("[data-testid='too-few']") is not null).ToList();
        Assert.Equal(workforce.Count(w => w < 30), small.Count(s => s));
        Assert.Equal(small.OrderBy(s => s).ToList(), small); // every unranked row after every ranked one
        foreach (var row in rows.Where(r => r.QuerySelector("[data-testid='too-few']") is not null))
            Assert.True(long.Parse(row.QuerySelector("[data-testid='row-workforce']")!.TextContent.Replace(",", "")) < 30);
        Assert.Contains("at least 30 staff", page.Find("[data-testid='ranking-note']").TextContent);

        // The bars: the lowest ranked departments, lowest first, none of the unranked.
        var ranked = rows.Where(r => r.QuerySelector("[data-testid='too-few']") is null)
            .Select(r => r.QuerySelector("[data-testid='row-name']")!.TextContent.Trim()).ToList();
        var bars = page.FindAll("[data-testid='bar-name']").Select(b => b.TextContent.Trim()).ToList();
        var lowestFirst = ranked.AsEnumerable().Reverse().Take(DashboardCharts.BarsShown).ToList();
        Assert.Equal(lowestFirst, bars);
        Assert.All(page.FindAll("[data-testid='bar-name']"), b => Assert.Equal(b.TextContent.Trim(), b.GetAttribute("title")));
    }

    [Fact]
    public async Task The_ranking_threshold_comes_from_the_configuration()
    {
        var breakdowns = new BreakdownService(Db.Factory, options: new DashboardOptions { MinimumWorkforceToRank = 0 });
        var all = await breakdowns.GetAsync(DataScope.WholeState, BreakdownKind.Department);
        Assert.DoesNotContain(all.Rows, r => r.TooFewToRank);
        var strict = await new BreakdownService(Db.Factory, options: new DashboardOptions { MinimumWorkforceToRank = int.MaxValue })
            .GetAsync(DataScope.WholeState, BreakdownKind.Department);
        Assert.All(strict.Rows, r => Assert.True(r.TooFewToRank));
        Assert.All(strict.Rows, r => Assert.Equal(0, r.RankChange));
    }

    [Fact]
    public void The_employee_page_gives_the_way_down_and_each_mandatory_course_of_the_post_done_or_pending()
    {
        SignInAs(DemoUsers.StateAdmin);
        // An employee of a post with mandatory courses, with an office, who has completed some of them but not all.
        var employee = (int)Db.Scalar("""
            SELECT e.Id FROM Employees e
            JOIN Courses c ON c.IsMandatory = 1
              AND (NOT EXISTS (SELECT 1 FROM CourseDesignations cd WHERE cd.CourseId = c.Id)
                   OR EXISTS (SELECT 1 FROM CourseDesignations cd WHERE cd.CourseId = c.Id AND cd.ApplicableDesignationsId = e.DesignationId))
            LEFT JOIN Enrolments x ON x.EmployeeId = e.Id AND x.CourseId = c.Id AND x.Status = 2
            WHERE e.OfficeId IS NOT NULL AND e.Status = 1
            GROUP BY e.Id HAVING COUNT(x.Id) > 0 AND COUNT(x.Id) < COUNT(*) LIMIT 1
            """);
        var required = Db.Rows($"""
            SELECT c.Name, CASE WHEN x.Status = 2 THEN 1 ELSE 0 END FROM Employees e
            JOIN Courses c ON c.IsMandatory = 1
              AND (NOT EXISTS (SELECT 1 FROM CourseDesignations cd WHERE cd.CourseId = c.Id)
                   OR EXISTS (SELECT 1 FROM CourseDesignations cd WHERE cd.CourseId = c.Id AND cd.ApplicableDesignationsId = e.DesignationId))
            LEFT JOIN Enrolments x ON x.EmployeeId = e.Id AND x.CourseId = c.Id
            WHERE e.Id = {employee}
            """, r => (Course: r.GetString(0), Done: r.GetInt64(1) == 1));
        var place = Db.Rows($"""
            SELECT d.Name, p.Name, o.Name, e.DistrictId, e.DepartmentId, e.OfficeId FROM Employees e
            JOIN Districts d ON d.Id = e.DistrictId JOIN Departments p ON p.Id = e.DepartmentId JOIN Offices o ON o.Id = e.OfficeId WHERE e.Id = {employee}
            """, r => (District: r.GetString(0), Department: r.GetString(1), Office: r.GetString(2), DistrictId: r.GetInt32(3), DepartmentId: r.GetInt32(4), OfficeId: r.GetInt32(5))).Single();

        var page = Render<EmployeePage>(p => p.Add(x => x.EmployeeId, employee));
        page.WaitForElement("[data-testid='mandatory-row']");

        var crumbs = page.FindAll("[data-testid='breadcrumb'] a").Select(a => (Text: a.TextContent.Trim(), Href: a.GetAttribute("href"))).ToList();
        Assert.Contains(crumbs, c => c.Text == place.District && c.Href == $"/?district={place.DistrictId}");
        Assert.Contains(crumbs, c => c.Text == place.Department && c.Href == $"/?district={place.DistrictId}&department={place.DepartmentId}");
        Assert.Contains(crumbs, c => c.Text == place.Office && c.Href == $"/?district={place.DistrictId}&department={place.DepartmentId}&office={place.OfficeId}");

        var shown = page.FindAll("[data-testid='mandatory-row']")
            .Select(r => (Course: r.Children[0].TextContent.Trim(), Done: r.QuerySelector("[data-testid='mandatory-done']")!.TextContent.Trim() == "Done")).ToList();
        Assert.Equal(required.OrderBy(r => r.Course, StringComparer.Ordinal), shown.OrderBy(r => r.Course, StringComparer.Ordinal));
        Assert.Equal(shown.OrderBy(s => s.Done).Select(s => s.Done), shown.Select(s => s.Done)); // pending first
        var pending = required.Count(r => !r.Done);
        Assert.Equal($"{pending} of {required.Count} still pending.", page.Find("[data-testid='mandatory-summary']").TextContent.Trim());
    }

    [Fact]
    public void The_not_onboarded_export_has_mobile_and_email_and_a_name_that_says_its_filters()
    {
        var meerut = (int)Db.Scalar("SELECT Id FROM Districts WHERE Name = 'Meerut'");
        var police = (int)Db.Scalar("SELECT Id FROM Departments WHERE Name = 'Police'");
        var page = Dashboard(DemoUsers.MeerutRange, $"/?district={meerut}&department={police}&view=employees&status=not-onboarded");

        page.Find("[data-testid='export-employees']").Click();

        page.WaitForAssertion(() => Assert.Single(Downloads.Files));
        var (name, content) = Downloads.Files[0];
        Assert.Equal($"not-onboarded-meerut-police-{IndianTime.Today(TimeProvider.System):yyyy-MM-dd}.xlsx", name);
        using var workbook = new XLWorkbook(new MemoryStream(content));
        var sheet = workbook.Worksheets.Single();
        var header = sheet.RowsUsed().First(r => r.Cell(1).GetString() == "Code");
        var columns = header.CellsUsed().Select(c => c.GetString()).ToList();
        int Column(string title) => columns.IndexOf(title) + 1;
        Assert.True(Column("Mobile") > 0 && Column("Email") > 0);
        var rows = sheet.RowsUsed().Where(r => r.RowNumber() > header.RowNumber()).ToList();
        var expected = Db.Rows($"""
            SELECT EmployeeCode, COALESCE(Mobile, ''), COALESCE(Email, '') FROM Employees e WHERE e.Status = 1 AND e.DistrictId = {meerut} AND e.DepartmentId = {police}
            AND (e.OnboardedOn IS NULL OR e.OnboardedOn > '{IndianTime.Today(TimeProvider.System):yyyy-MM-dd}') ORDER BY e.Name, e.Id
            """, r => (r.GetString(0), r.GetString(1), r.GetString(2)));
        Assert.NotEmpty(expected);
        Assert.Contains(expected, e => e.Item2.Length > 0);
        Assert.Equal(expected, rows.Select(r => (r.Cell(1).GetString(), r.Cell(Column("Mobile")).GetString(), r.Cell(Column("Email")).GetString())));
    }

    [Fact]
    public void The_file_title_names_the_path_and_the_filters_in_ascii()
    {
        var view = new DashboardView { DesignationId = 3, Group = ServiceGroup.C, Search = "राम" , Status = StatusFilter.NotOnboarded };
        var options = new FilterOptions([], [new Choice(3, "Sub Inspector")], []);
        var title = view.ExportFileTitle("not-onboarded", "Meerut police range", [new PathStep(DrillLevel.District, 1, "Meerut")], options);
        Assert.Equal("not-onboarded-meerut-sub-inspector-group-c-matching-2026-12-01.xlsx", TableWorkbook.FileName(title, new DateOnly(2026, 12, 1)));
    }
}
