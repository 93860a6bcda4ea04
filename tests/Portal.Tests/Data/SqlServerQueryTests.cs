using Microsoft.EntityFrameworkCore;
using Portal.Web.Data;
using Portal.Web.Features.Snapshot;
using Portal.Web.Features.Campaigns;
using Portal.Web.Features.Dashboard;

namespace Portal.Tests.Data;

/// <summary>
/// The dashboard's and campaigns' LINQ queries translate to SQL Server (no server here: EF writes the SQL without
/// connecting), so production does not meet a query the provider cannot run. SQLite runs them in the other tests.
/// </summary>
public sealed class SqlServerQueryTests
{
    private static SqlServerPortalDbContext SqlServer(DataScope scope)
    {
        var db = new SqlServerPortalDbContext(new DbContextOptionsBuilder<SqlServerPortalDbContext>()
            .UseSqlServer("Server=unused;Database=Portal;TrustServerCertificate=True").Options);
        db.FixScope(scope);
        return db;
    }

    private static readonly DataScope RangeOffice = new(new HashSet<int> { 3, 4 }, new HashSet<int> { 7 });

    [Theory]
    [InlineData(BreakdownKind.District)]
    [InlineData(BreakdownKind.Department)]
    [InlineData(BreakdownKind.Designation)]
    [InlineData(BreakdownKind.Office)]
    public void Breakdown_sums_with_every_filter(BreakdownKind kind)
    {
        using var db = SqlServer(RangeOffice);
        var view = new DashboardView { DistrictId = 3, DepartmentId = 7, OfficeId = 0, DesignationId = 2, Group = ServiceGroup.C };

        var sql = BreakdownService.Sums(BreakdownService.Filter(db.ComplianceCells, view, [3, 4]), kind).ToQueryString();

        Assert.Contains("GROUP BY", sql);
        Assert.Contains("[OfficeId] IS NULL", sql);
        Assert.Contains("SUM(", sql);
    }

    [Theory]
    [InlineData(StatusFilter.All)]
    [InlineData(StatusFilter.Onboarded)]
    [InlineData(StatusFilter.NotOnboarded)]
    [InlineData(StatusFilter.Completed)]
    [InlineData(StatusFilter.NotCompleted)]
    public void Employee_list_pages_with_status_and_search(StatusFilter status)
    {
        using var db = SqlServer(RangeOffice);
        var view = new DashboardView { DistrictId = 3, DepartmentId = 7, ShowEmployees = true, Status = status, Search = "Ram_50%", Page = 3 };
        var day = new DateOnly(2026, 10, 1);

        var sql = DashboardService.Rows(DashboardService.EmployeesOf(db, view, day, day), day, day).Skip(100).Take(50).ToQueryString();

        Assert.Contains("OFFSET", sql);
        Assert.Contains("ORDER BY [e].[Name], [e].[Id]", sql);
        Assert.Contains("LIKE", sql); // the code prefix, with the wildcards in the text escaped
    }

    [Theory]
    [InlineData(CampaignMetric.AnyCompletion)]
    [InlineData(CampaignMetric.CourseCompletion)]
    [InlineData(CampaignMetric.LearningHours)]
    [InlineData(CampaignMetric.MandatoryCompliance)]
    public async Task Campaign_completions_of_a_scope(CampaignMetric metric)
    {
        await using var db = SqlServer(RangeOffice);
        var campaign = new Campaign
        {
            Name = "x", Metric = metric, CourseId = 5, ThresholdMinutes = 240, ScopeDepartmentId = 7,
            WindowStart = new DateOnly(2026, 1, 1), WindowEnd = new DateOnly(2026, 12, 31), Deadline = new DateOnly(2026, 12, 31),
        };

        var people = await CampaignMetrics.PeopleAsync(db, campaign, default);
        var sql = CampaignMetrics.Completions(db, people, campaign, new DateOnly(2026, 11, 24)).ToQueryString();

        Assert.Contains("INNER JOIN", sql);
        Assert.Contains("[CompletedOn]", sql);
    }
}
