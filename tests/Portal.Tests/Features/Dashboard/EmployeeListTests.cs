using Portal.Web.Data;
using Portal.Web.Features.Dashboard;

namespace Portal.Tests.Features.Dashboard;

/// <summary>The employee list at the end of the drill-down: paging, search and status as of a date, against SQL.</summary>
[Collection(SeededStateCollection.Name)]
public sealed class EmployeeListTests(SeededStateFixture state)
{
    private TestDatabase Db => state.Database;
    private DashboardService Dashboard => new(Db.Factory);
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.Now);

    private int Id(string sql) => (int)Db.Scalar(sql);

    private List<string> Codes(string where) => Db.Rows($"""
        SELECT e.EmployeeCode FROM Employees e WHERE e.Status = 1 AND ({where}) ORDER BY e.Name, e.Id
        """, r => r.GetString(0));

    [Fact]
    public async Task An_offices_list_is_its_active_staff_by_name_in_pages()
    {
        var meerut = Id("SELECT Id FROM Districts WHERE Name = 'Meerut'");
        var police = Id("SELECT Id FROM Departments WHERE Name = 'Police'");
        var office = Id($"""
            SELECT OfficeId FROM Employees WHERE Status = 1 AND DistrictId = {meerut} AND DepartmentId = {police} AND OfficeId IS NOT NULL
            GROUP BY OfficeId ORDER BY COUNT(*) DESC LIMIT 1
            """);
        var expected = Codes($"e.OfficeId = {office}");
        Assert.True(expected.Count > 20, "the test needs an office with more than one page");
        var view = new DashboardView { DistrictId = meerut, DepartmentId = police, OfficeId = office };

        var first = (await Dashboard.GetEmployeesAsync(DataScope.WholeState, view, Today, pageSize: 20))!;
        var second = (await Dashboard.GetEmployeesAsync(DataScope.WholeState, view with { Page = 2 }, Today, pageSize: 20))!;
        var all = await Dashboard.GetAllEmployeesAsync(DataScope.WholeState, view, Today);

        Assert.Equal(expected.Count, first.Total);
        Assert.Equal((expected.Count + 19) / 20, first.Pages);
        Assert.Equal(expected.Take(20), first.Rows.Select(r => r.EmployeeCode));
        Assert.Equal(expected.Skip(20).Take(20), second.Rows.Select(r => r.EmployeeCode));
        Assert.Equal(expected, all.Select(r => r.EmployeeCode));
        // A page past the end shows the last page rather than nothing.
        var beyond = (await Dashboard.GetEmployeesAsync(DataScope.WholeState, view with { Page = 999 }, Today, pageSize: 20))!;
        Assert.Equal(first.Pages, beyond.Page);
    }

    [Fact]
    public async Task Status_is_judged_as_of_the_chosen_date()
    {
        var lucknow = Id("SELECT Id FROM Districts WHERE Name = 'Lucknow'");
        var asOf = Today.AddDays(-60);
        var view = new DashboardView { DistrictId = lucknow, ShowEmployees = true, AsOf = asOf };
        var date = $"'{asOf:yyyy-MM-dd}'";

        var notOnboarded = (await Dashboard.GetEmployeesAsync(DataScope.WholeState, view with { Status = StatusFilter.NotOnboarded }, Today))!;
        var onboarded = (await Dashboard.GetEmployeesAsync(DataScope.WholeState, view with { Status = StatusFilter.Onboarded }, Today))!;
        var completed = await Dashboard.GetAllEmployeesAsync(DataScope.WholeState, view with { Status = StatusFilter.Completed }, Today);
        var notCompleted = (await Dashboard.GetEmployeesAsync(DataScope.WholeState, view with { Status = StatusFilter.NotCompleted }, Today))!;

        Assert.Equal(Codes($"e.DistrictId = {lucknow} AND (e.OnboardedOn IS NULL OR e.OnboardedOn > {date})").Count, notOnboarded.Total);
        Assert.Equal(Codes($"e.DistrictId = {lucknow} AND e.OnboardedOn <= {date}").Count, onboarded.Total);
        var completedBefore = $"EXISTS (SELECT 1 FROM Enrolments x WHERE x.EmployeeId = e.Id AND x.Status = 2 AND x.CompletedOn <= {date})";
        Assert.Equal(Codes($"e.DistrictId = {lucknow} AND {completedBefore}"), completed.Select(r => r.EmployeeCode));
        Assert.Equal(Codes($"e.DistrictId = {lucknow} AND NOT {completedBefore}").Count, notCompleted.Total);
        // Today's list differs: people registered and learned in the last 60 days.
        var todayOnboarded = (await Dashboard.GetEmployeesAsync(DataScope.WholeState, view with { Status = StatusFilter.Onboarded, AsOf = null }, Today))!;
        Assert.True(todayOnboarded.Total > onboarded.Total);
        // Courses done are counted as of the date too.
        var someone = completed.First();
        Assert.Equal(Db.Scalar($"SELECT COUNT(*) FROM Enrolments x WHERE x.EmployeeId = {someone.Id} AND x.Status = 2 AND x.CompletedOn <= {date}"), someone.CompletedCourses);
    }

    [Fact]
    public async Task Search_finds_by_code_prefix_or_part_of_the_name_within_the_view()
    {
        var meerut = Id("SELECT Id FROM Districts WHERE Name = 'Meerut'");
        var code = Db.Rows($"SELECT EmployeeCode FROM Employees WHERE DistrictId = {meerut} AND Status = 1 LIMIT 1", r => r.GetString(0)).Single();
        var view = new DashboardView { DistrictId = meerut, ShowEmployees = true };

        var byCode = (await Dashboard.GetEmployeesAsync(DataScope.WholeState, view with { Search = code }, Today))!;
        var byName = await Dashboard.GetAllEmployeesAsync(DataScope.WholeState, view with { Search = "Singh" }, Today);

        Assert.Contains(code, byCode.Rows.Select(r => r.EmployeeCode));
        Assert.Equal(Codes($"e.DistrictId = {meerut} AND (e.EmployeeCode LIKE '{code}%' OR instr(e.Name, '{code}') > 0)").Count, byCode.Total);
        Assert.Equal(Codes($"e.DistrictId = {meerut} AND instr(e.Name, 'Singh') > 0"), byName.Select(r => r.EmployeeCode));
    }

    [Fact]
    public async Task The_list_of_a_range_office_never_holds_staff_outside_its_scope()
    {
        var scope = (await new Portal.Web.Features.Access.AccessService(Db.Factory, new Microsoft.AspNetCore.Identity.PasswordHasher<PortalUser>(), TimeProvider.System)
            .FindByLoginAsync(Portal.Web.Features.Access.DemoUsers.MeerutRange))!.Scope;
        var meerut = Id("SELECT Id FROM Districts WHERE Name = 'Meerut'");

        var list = await Dashboard.GetAllEmployeesAsync(scope, new DashboardView { DistrictId = meerut, ShowEmployees = true }, Today);

        Assert.Equal(Codes($"e.DistrictId = {meerut} AND e.DepartmentId = (SELECT Id FROM Departments WHERE Name = 'Police')"), list.Select(r => r.EmployeeCode));
    }
}

public sealed class DashboardViewTests
{
    [Fact]
    public void A_view_survives_the_round_trip_through_its_url()
    {
        var view = new DashboardView
        {
            GroupingId = 3, DistrictId = 12, DepartmentId = 5, OfficeId = 0, DesignationId = 9, Group = ServiceGroup.C,
            Status = StatusFilter.NotOnboarded, AsOf = new DateOnly(2026, 10, 1), Search = "Ram Kumar", Page = 4,
        };
        var query = view.ToQuery();
        var values = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query);

        var parsed = DashboardView.Parse(name => values.TryGetValue(name, out var v) ? v.ToString() : null);

        Assert.Equal(view, parsed);
        Assert.Equal(DrillLevel.Office, parsed.Level);
        Assert.Contains("q=Ram%20Kumar", query);
    }

    [Fact]
    public void A_mistyped_url_falls_back_to_the_state_view()
    {
        var values = new Dictionary<string, string?> { ["by"] = "no such <kind>", ["district"] = "abc", ["group"] = "7", ["asof"] = "31-02-2026", ["page"] = "-3" };

        var view = DashboardView.Parse(name => values.GetValueOrDefault(name));

        Assert.Equal(new DashboardView(), view);
        Assert.Equal("", view.ToQuery());
    }

    [Fact]
    public void One_click_down_keeps_the_filters_and_drops_the_list_state()
    {
        var view = new DashboardView { By = BreakdownKind.Grouping, GroupingKind = "Police Range", Group = ServiceGroup.C, Search = "x", Page = 3 };

        Assert.Equal("?by=police-range&group=C&q=x&page=3", view.ToQuery());
        var range = view.Below(BreakdownKind.Grouping, "g7")!;
        var district = range.Below(BreakdownKind.District, "d12")!;
        var department = district.Below(BreakdownKind.Department, "p5")!;
        var office = department.Below(BreakdownKind.Office, "o44")!;

        Assert.Equal((DrillLevel.Grouping, DrillLevel.District, DrillLevel.Department, DrillLevel.Office), (range.Level, district.Level, department.Level, office.Level));
        Assert.Equal("?grouping=7&district=12&department=5&office=44&group=C", office.ToQuery());
        Assert.Null(view.Below(BreakdownKind.Category, "c1"));
        Assert.Null(view.Below(BreakdownKind.District, "none"));
    }
}
