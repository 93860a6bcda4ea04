using Microsoft.AspNetCore.Identity;
using Portal.Web.Data;
using Portal.Web.Features.Snapshot;
using Portal.Web.Features.Access;
using Portal.Web.Features.Dashboard;

namespace Portal.Tests.Features.Dashboard;

/// <summary>
/// Every drill-down step and filter against counts written here in SQL over the raw rows (the service reads the
/// snapshot): for the whole state, the Meerut range office and the Health HR cell.
/// </summary>
[Collection(SeededStateCollection.Name)]
public sealed class DrillDownTests(SeededStateFixture state)
{
    private TestDatabase Db => state.Database;
    private BreakdownService Breakdowns => new(Db.Factory);
    private DashboardService Dashboard => new(Db.Factory);
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.Now);

    private async Task<DataScope> ScopeOf(string login) =>
        (await new AccessService(Db.Factory, new PasswordHasher<PortalUser>(), TimeProvider.System).FindByLoginAsync(login))!.Scope;

    private int Id(string sql) => (int)Db.Scalar(sql);

    /// <summary>The figures of the active employees matching a condition (e = Employees), counted from the raw rows.</summary>
    private (long Workforce, long Onboarded, long Learners, long Completions, long Minutes) Counted(string where) =>
        Db.Rows($"""
            SELECT COUNT(*),
                   SUM(e.OnboardedOn IS NOT NULL AND e.OnboardedOn <= '{Today:yyyy-MM-dd}'),
                   SUM(EXISTS (SELECT 1 FROM Enrolments x WHERE x.EmployeeId = e.Id AND x.Status = 2)),
                   COALESCE(SUM((SELECT COUNT(*) FROM Enrolments x WHERE x.EmployeeId = e.Id AND x.Status = 2)), 0),
                   COALESCE(SUM((SELECT SUM(x.LearningMinutes) FROM Enrolments x WHERE x.EmployeeId = e.Id AND x.Status = 2)), 0)
            FROM Employees e WHERE e.Status = 1 AND ({where})
            """, r => (r.GetInt64(0), r.IsDBNull(1) ? 0 : r.GetInt64(1), r.IsDBNull(2) ? 0 : r.GetInt64(2), r.GetInt64(3), r.GetInt64(4))).Single();

    private static void AssertFigures((long Workforce, long Onboarded, long Learners, long Completions, long Minutes) expected, ComplianceFigures actual)
    {
        Assert.Equal(expected.Workforce, actual.Workforce);
        Assert.Equal(expected.Onboarded, actual.Onboarded);
        Assert.Equal(expected.Learners, actual.EmployeesWithCompletion);
        Assert.Equal(expected.Completions, actual.Completions);
        Assert.Equal(expected.Minutes, actual.LearningMinutes);
    }

    [Fact]
    public async Task Each_step_from_division_to_office_counts_exactly_its_staff()
    {
        var division = Id("SELECT Id FROM DistrictGroupings WHERE Kind = 'Division' AND Name = 'Meerut'");
        var meerut = Id("SELECT Id FROM Districts WHERE Name = 'Meerut'");
        var police = Id("SELECT Id FROM Departments WHERE Name = 'Police'");

        var grouping = (await Breakdowns.GetAsync(DataScope.WholeState, new DashboardView { GroupingId = division }))!;
        Assert.Equal(BreakdownKind.District, grouping.Kind);
        var inDivision = $"e.DistrictId IN (SELECT DistrictsId FROM DistrictGroupingMembers WHERE GroupingsId = {division})";
        AssertFigures(Counted(inDivision), grouping.Total);
        Assert.Equal(Db.Rows($"SELECT d.Name FROM Districts d WHERE d.Id IN (SELECT e.DistrictId FROM Employees e WHERE e.Status = 1 AND {inDivision}) ORDER BY d.Name", r => r.GetString(0)),
            grouping.Rows.Select(r => r.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["Meerut division"], grouping.Path.Select(p => p.Name));

        var district = (await Breakdowns.GetAsync(DataScope.WholeState, new DashboardView { GroupingId = division, DistrictId = meerut }))!;
        Assert.Equal(BreakdownKind.Department, district.Kind);
        AssertFigures(Counted($"e.DistrictId = {meerut}"), district.Total);
        AssertFigures(Counted($"e.DistrictId = {meerut} AND e.DepartmentId = {police}"), district.Rows.Single(r => r.Name == "Police").Now);
        Assert.Equal(["Meerut division", "Meerut"], district.Path.Select(p => p.Name));

        var department = (await Breakdowns.GetAsync(DataScope.WholeState, new DashboardView { DistrictId = meerut, DepartmentId = police }))!;
        Assert.Equal(BreakdownKind.Office, department.Kind);
        AssertFigures(Counted($"e.DistrictId = {meerut} AND e.DepartmentId = {police}"), department.Total);
        var offices = Db.Rows($"""
            SELECT o.Id, o.Name, COUNT(*) FROM Employees e JOIN Offices o ON o.Id = e.OfficeId
            WHERE e.Status = 1 AND e.DistrictId = {meerut} AND e.DepartmentId = {police} GROUP BY o.Id, o.Name
            """, r => (Id: r.GetInt32(0), Name: r.GetString(1), Workforce: r.GetInt64(2)));
        Assert.NotEmpty(offices);
        foreach (var row in offices)
            Assert.Equal(row.Workforce, department.Rows.Single(r => r.Key == $"o{row.Id}").Now.Workforce);
        Assert.Equal(department.Total.Workforce, department.Rows.Sum(r => r.Now.Workforce));

        var largest = offices.MaxBy(o => o.Workforce);
        var office = (await Breakdowns.GetAsync(DataScope.WholeState, new DashboardView { DistrictId = meerut, DepartmentId = police, OfficeId = largest.Id }))!;
        AssertFigures(Counted($"e.OfficeId = {largest.Id}"), office.Total);
        Assert.Equal(largest.Name, office.Path[^1].Name);
    }

    [Fact]
    public async Task Filters_combine_with_the_path_and_with_the_breakdown()
    {
        var constable = Id("SELECT Id FROM Designations WHERE Name = 'Constable'");
        var meerut = Id("SELECT Id FROM Districts WHERE Name = 'Meerut'");
        var health = Id("SELECT Id FROM Departments WHERE Name = 'Health and Family Welfare'");

        // State level, by district, only Group C constables.
        var byDistrict = (await Breakdowns.GetAsync(DataScope.WholeState, new DashboardView { DesignationId = constable, Group = ServiceGroup.C }))!;
        AssertFigures(Counted($"e.DesignationId = {constable} AND e.\"Group\" = 3"), byDistrict.Total);
        AssertFigures(Counted($"e.DesignationId = {constable} AND e.\"Group\" = 3 AND e.DistrictId = {meerut}"), byDistrict.Rows.Single(r => r.Key == $"d{meerut}").Now);

        // State level, by designation, only Health: the department works as a filter above a district.
        var byDesignation = (await Breakdowns.GetAsync(DataScope.WholeState, new DashboardView { By = BreakdownKind.Designation, DepartmentId = health }))!;
        AssertFigures(Counted($"e.DepartmentId = {health}"), byDesignation.Total);
        Assert.Equal(Db.Scalar($"SELECT COUNT(DISTINCT DesignationId) FROM Employees WHERE Status = 1 AND DepartmentId = {health}"), byDesignation.Rows.Count);

        // A district with a group filter.
        var district = (await Breakdowns.GetAsync(DataScope.WholeState, new DashboardView { DistrictId = meerut, Group = ServiceGroup.D }))!;
        AssertFigures(Counted($"e.DistrictId = {meerut} AND e.\"Group\" = 4"), district.Total);
    }

    [Fact]
    public async Task The_range_office_drills_only_into_its_districts_and_police()
    {
        var scope = await ScopeOf(DemoUsers.MeerutRange);
        var range = Id("SELECT Id FROM DistrictGroupings WHERE Kind = 'Police Range' AND Name = 'Meerut'");
        var hapur = Id("SELECT Id FROM Districts WHERE Name = 'Hapur'");
        var inRange = "e.DistrictId IN (SELECT Id FROM Districts WHERE Name IN ('Meerut', 'Bulandshahr', 'Baghpat', 'Hapur')) AND e.DepartmentId = (SELECT Id FROM Departments WHERE Name = 'Police')";

        var top = (await Breakdowns.GetAsync(scope, new DashboardView { By = BreakdownKind.Department }))!;
        Assert.Equal(["Police"], top.Rows.Select(r => r.Name));
        AssertFigures(Counted(inRange), top.Total);

        var grouping = (await Breakdowns.GetAsync(scope, new DashboardView { GroupingId = range }))!;
        AssertFigures(Counted(inRange), grouping.Total);
        Assert.Equal(4, grouping.Rows.Count);

        var district = (await Breakdowns.GetAsync(scope, new DashboardView { DistrictId = hapur }))!;
        AssertFigures(Counted($"{inRange} AND e.DistrictId = {hapur}"), district.Total);
        Assert.Equal(["Police"], district.Rows.Select(r => r.Name));

        // The whole state's by-designation view, for this user, is still only the range's police.
        var designations = (await Breakdowns.GetAsync(scope, new DashboardView { By = BreakdownKind.Designation }))!;
        Assert.Equal(Counted(inRange).Workforce, designations.Rows.Sum(r => r.Now.Workforce));
    }

    [Fact]
    public async Task A_department_hr_cell_sees_the_offices_of_its_department_only()
    {
        var scope = await ScopeOf(DemoUsers.HealthHr);
        var lucknow = Id("SELECT Id FROM Districts WHERE Name = 'Lucknow'");
        var health = Id("SELECT Id FROM Departments WHERE Name = 'Health and Family Welfare'");
        var police = Id("SELECT Id FROM Departments WHERE Name = 'Police'");
        var policeOffice = Id($"SELECT Id FROM Offices WHERE DistrictId = {lucknow} AND DepartmentId = {police} LIMIT 1");

        var offices = (await Breakdowns.GetAsync(scope, new DashboardView { DistrictId = lucknow, DepartmentId = health }))!;
        AssertFigures(Counted($"e.DistrictId = {lucknow} AND e.DepartmentId = {health}"), offices.Total);
        Assert.Null(await Breakdowns.GetAsync(scope, new DashboardView { DistrictId = lucknow, DepartmentId = police }));
        // An office id of another department, put in the URL by hand.
        Assert.Null(await Breakdowns.GetAsync(scope, new DashboardView { DistrictId = lucknow, DepartmentId = health, OfficeId = policeOffice }));
    }

    [Fact]
    public async Task A_view_with_no_staff_shows_a_dash_for_its_rates()
    {
        var meerut = Id("SELECT Id FROM Districts WHERE Name = 'Meerut'");
        // A designation no Meerut employee of Group A holds.
        var designation = Id($"""
            SELECT d.Id FROM Designations d WHERE NOT EXISTS
              (SELECT 1 FROM Employees e WHERE e.DesignationId = d.Id AND e.DistrictId = {meerut} AND e."Group" = 1 AND e.Status = 1) LIMIT 1
            """);

        var empty = (await Breakdowns.GetAsync(DataScope.WholeState, new DashboardView { DistrictId = meerut, DesignationId = designation, Group = ServiceGroup.A }))!;

        Assert.Empty(empty.Rows);
        Assert.Equal(0, empty.Total.Workforce);
        Assert.Null(empty.Total.OnboardingRate);
        Assert.Equal("—", Portal.Web.Infrastructure.IndianFormat.Percent(empty.Total.CompletionRate));
    }

    [Fact]
    public async Task The_trend_of_a_district_and_department_ends_at_its_current_rate()
    {
        var meerut = Id("SELECT Id FROM Districts WHERE Name = 'Meerut'");
        var police = Id("SELECT Id FROM Departments WHERE Name = 'Police'");
        var view = new DashboardView { DistrictId = meerut, DepartmentId = police };

        var trend = await Dashboard.GetTrendAsync(DataScope.WholeState, view);
        var figures = (await Breakdowns.GetAsync(DataScope.WholeState, view))!.Total;

        Assert.Equal(ComplianceAggregator.TrendWeeks, trend.Count);
        Assert.Equal(figures.OnboardingRate!.Value, trend[^1].OnboardingRate!.Value, 10);
        Assert.Empty(await Dashboard.GetTrendAsync(DataScope.WholeState, view with { Group = ServiceGroup.C }));
    }
}

/// <summary>Grouping kinds come from the data: a kind a state adds is a breakdown without a code change.</summary>
public sealed class GroupingKindTests
{
    [Fact]
    public async Task A_grouping_kind_added_by_the_state_is_offered_and_sums_its_districts()
    {
        using var db = await TestDatabase.CopyOfSmallStateAsync();
        await using (var context = await db.Factory.CreateDbContextAsync(DataScope.WholeState))
        {
            var districts = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
                context.Districts.Where(d => d.Name == "Meerut" || d.Name == "Hapur"));
            context.DistrictGroupings.Add(new DistrictGrouping { Kind = "Revenue Circle", Name = "West", Districts = districts });
            await context.SaveChangesAsync();
        }
        await new ComplianceAggregator(db.Factory, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<ComplianceAggregator>.Instance).RebuildAsync("test");

        var options = await new DashboardService(db.Factory).GetFilterOptionsAsync(DataScope.WholeState);
        var view = DashboardView.Parse(name => name == "by" ? "revenue-circle" : null);
        var breakdown = (await new BreakdownService(db.Factory).GetAsync(DataScope.WholeState, view))!;

        Assert.Contains("Revenue Circle", options.GroupingKinds);
        Assert.Equal("Revenue Circle", breakdown.RowLabel);
        Assert.Equal(db.Scalar("SELECT COUNT(*) FROM Employees e JOIN Districts d ON d.Id = e.DistrictId WHERE e.Status = 1 AND d.Name IN ('Meerut', 'Hapur')"),
            breakdown.Rows.Single(r => r.Name == "West").Now.Workforce);
        Assert.Equal(db.Scalar("SELECT COUNT(*) FROM Employees WHERE Status = 1"), breakdown.Rows.Sum(r => r.Now.Workforce));
        Assert.Contains(breakdown.Rows, r => r.Name == "Outside any revenue circle");
    }

    [Fact]
    public async Task A_by_naming_no_kind_falls_back_to_districts()
    {
        using var db = await TestDatabase.CopyOfSmallStateAsync();
        await new ComplianceAggregator(db.Factory, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<ComplianceAggregator>.Instance).RebuildAsync("test");

        var breakdown = (await new BreakdownService(db.Factory).GetAsync(DataScope.WholeState, DashboardView.Parse(name => name == "by" ? "no-such-kind" : null)))!;

        Assert.Equal(BreakdownKind.District, breakdown.Kind);
        Assert.Equal(75, breakdown.Rows.Count);
    }
}
