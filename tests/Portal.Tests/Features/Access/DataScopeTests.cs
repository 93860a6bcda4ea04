using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Web.Data;
using Portal.Web.Features.Snapshot;
using Portal.Web.Features.Access;
using Portal.Web.Features.Dashboard;

namespace Portal.Tests.Features.Access;

/// <summary>Scopes resolved from stored data and enforced in the queries, checked against SQL written here.</summary>
[Collection(SeededStateCollection.Name)]
public sealed class DataScopeTests(SeededStateFixture state)
{
    private TestDatabase Db => state.Database;
    private AccessService Access => new(Db.Factory, new PasswordHasher<PortalUser>(), TimeProvider.System);
    private DashboardService Dashboard => new(Db.Factory);
    private BreakdownService Breakdowns => new(Db.Factory);

    private async Task<DataScope> ScopeOf(string login) => (await Access.FindByLoginAsync(login))!.Scope;

    private long ActiveWhere(string where) => Db.Scalar($"""
        SELECT COUNT(*) FROM Employees e JOIN Districts d ON d.Id = e.DistrictId JOIN Departments p ON p.Id = e.DepartmentId
        WHERE e.Status = 1 AND {where}
        """);

    [Fact]
    public async Task Meerut_range_scope_is_its_four_districts_and_police()
    {
        var scope = await ScopeOf(DemoUsers.MeerutRange);

        var districts = Db.Rows($"SELECT Name FROM Districts WHERE Id IN ({string.Join(",", scope.DistrictIds!)}) ORDER BY Name", r => r.GetString(0));
        Assert.Equal(["Baghpat", "Bulandshahr", "Hapur", "Meerut"], districts);
        Assert.Equal([Db.Scalar("SELECT Id FROM Departments WHERE Name = 'Police'")], scope.DepartmentIds!.Select(i => (long)i));
    }

    [Theory]
    [InlineData(DemoUsers.StateAdmin, "1 = 1")]
    [InlineData(DemoUsers.MeerutRange, "d.Name IN ('Meerut', 'Bulandshahr', 'Baghpat', 'Hapur') AND p.Name = 'Police'")]
    [InlineData(DemoUsers.PoliceHr, "p.Name = 'Police'")]
    [InlineData(DemoUsers.HealthHr, "p.Name = 'Health and Family Welfare'")]
    [InlineData(DemoUsers.LucknowViewer, "d.Name = 'Lucknow'")]
    public async Task Dashboard_workforce_is_the_count_over_the_scope(string login, string where)
    {
        var overview = await new BreakdownService(Db.Factory).GetAsync(await ScopeOf(login), BreakdownKind.District);

        Assert.Equal(ActiveWhere(where), overview.Total.Workforce);
        Assert.Equal(ActiveWhere(where + " AND e.OnboardedOn IS NOT NULL"), overview.Total.Onboarded);
        var completions = Db.Scalar($"""
            SELECT COUNT(*) FROM Enrolments x JOIN Employees e ON e.Id = x.EmployeeId JOIN Districts d ON d.Id = e.DistrictId
            JOIN Departments p ON p.Id = e.DepartmentId WHERE x.Status = 2 AND e.Status = 1 AND {where}
            """);
        Assert.Equal(completions, overview.Total.Completions);
    }

    [Fact]
    public async Task Range_office_lists_only_its_districts_and_cannot_open_others()
    {
        var scope = await ScopeOf(DemoUsers.MeerutRange);
        var lucknow = (int)Db.Scalar("SELECT Id FROM Districts WHERE Name = 'Lucknow'");
        var lucknowEmployee = (int)Db.Scalar("SELECT e.Id FROM Employees e WHERE e.DistrictId = " + lucknow + " LIMIT 1");
        var meerutHealthEmployee = (int)Db.Scalar("""
            SELECT e.Id FROM Employees e JOIN Districts d ON d.Id = e.DistrictId JOIN Departments p ON p.Id = e.DepartmentId
            WHERE d.Name = 'Meerut' AND p.Name <> 'Police' LIMIT 1
            """);

        Assert.Equal(4, (await new BreakdownService(Db.Factory).GetAsync(scope, BreakdownKind.District)).Rows.Count);
        Assert.Null(await Breakdowns.GetAsync(scope, new DashboardView { DistrictId = lucknow }));
        Assert.Null(await Dashboard.GetEmployeesAsync(scope, new DashboardView { DistrictId = lucknow, ShowEmployees = true }, DateOnly.FromDateTime(DateTime.Today)));
        // A grouping with none of the range's districts, and a department outside its scope.
        var lucknowDivision = (int)Db.Scalar("SELECT g.Id FROM DistrictGroupings g WHERE g.Kind = 'Division' AND g.Name = 'Lucknow'");
        Assert.Null(await Breakdowns.GetAsync(scope, new DashboardView { GroupingId = lucknowDivision }));
        var health = (int)Db.Scalar("SELECT Id FROM Departments WHERE Name = 'Health and Family Welfare'");
        Assert.Null(await Breakdowns.GetAsync(scope, new DashboardView { DepartmentId = health }));
        Assert.Null(await Dashboard.GetEmployeeAsync(scope, lucknowEmployee));
        Assert.Null(await Dashboard.GetEmployeeAsync(scope, meerutHealthEmployee));
        Assert.NotNull(await Dashboard.GetEmployeeAsync(DataScope.WholeState, meerutHealthEmployee));
    }

    [Fact]
    public async Task A_district_seen_by_a_department_hr_cell_counts_only_its_department()
    {
        var scope = await ScopeOf(DemoUsers.HealthHr);
        var meerut = (int)Db.Scalar("SELECT Id FROM Districts WHERE Name = 'Meerut'");

        var district = await Breakdowns.GetAsync(scope, new DashboardView { DistrictId = meerut });

        Assert.NotNull(district);
        Assert.Equal(["Health and Family Welfare"], district.Rows.Select(d => d.Name));
        Assert.Equal(ActiveWhere("d.Name = 'Meerut' AND p.Name = 'Health and Family Welfare'"), district.Total.Workforce);
    }

    [Fact]
    public async Task A_context_without_a_scope_sees_no_staff()
    {
        await using var db = await Db.Factory.CreateDbContextAsync();

        Assert.Equal(0, await db.Employees.CountAsync());
        Assert.Equal(0, await db.Enrolments.CountAsync());
        Assert.Equal(0, await db.Districts.CountAsync());
        Assert.True(Db.Scalar("SELECT COUNT(*) FROM Employees") > 0);
    }

    [Fact]
    public async Task A_user_without_scope_entries_sees_nothing_and_an_inactive_user_is_not_signed_in()
    {
        var hasher = new PasswordHasher<PortalUser>();
        await using (var db = await Db.Factory.CreateDbContextAsync(DataScope.WholeState))
        {
            db.Users.Add(new PortalUser { LoginName = "noscope@up.gov.in", DisplayName = "No scope", Role = PortalRole.Viewer, CreatedAt = DateTime.UtcNow });
            db.Users.Add(new PortalUser { LoginName = "gone@up.gov.in", DisplayName = "Gone", Role = PortalRole.StateAdmin, IsActive = false, CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }

        var noScope = await Access.FindByLoginAsync("noscope@up.gov.in");
        Assert.True(noScope!.Scope.IsEmpty);
        var overview = await new BreakdownService(Db.Factory).GetAsync(noScope.Scope, BreakdownKind.District);
        Assert.Equal(0, overview.Total.Workforce);
        Assert.Empty(overview.Rows);

        Assert.Null(await Access.FindByLoginAsync("gone@up.gov.in"));
    }
}
