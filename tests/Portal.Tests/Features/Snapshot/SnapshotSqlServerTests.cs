using Microsoft.EntityFrameworkCore;
using Portal.Web.Data;
using Portal.Web.Features.Snapshot;

namespace Portal.Tests.Features.Snapshot;

/// <summary>The partial recount's reads translate to SQL Server (EF writes the SQL without connecting).</summary>
public sealed class SnapshotSqlServerTests
{
    private static SqlServerPortalDbContext SqlServer()
    {
        var db = new SqlServerPortalDbContext(new DbContextOptionsBuilder<SqlServerPortalDbContext>()
            .UseSqlServer("Server=unused;Database=Portal;TrustServerCertificate=True").Options);
        db.Scope = DataScope.WholeState;
        return db;
    }

    [Fact]
    public void A_districts_employees_and_completions()
    {
        using var db = SqlServer();
        var districts = new HashSet<int> { 3, 56 };

        var employees = ComplianceAggregator.EmployeesOf(db, districts).ToQueryString();
        var completions = ComplianceAggregator.CompletionsOf(db, districts).ToQueryString();

        Assert.Contains("[e].[DistrictId]", employees);
        Assert.Contains("[e].[Status] = 1", employees);
        Assert.Contains("INNER JOIN [Enrolments]", completions);
        Assert.Contains("[e0].[Status] = 2", completions);
    }

    [Fact]
    public void The_latest_snapshots_campaigns()
    {
        using var db = SqlServer();
        var sql = db.SnapshotCampaigns.Where(s => s.SnapshotId == 7 && s.CampaignId == 2 && s.Definition == "x").ToQueryString();
        Assert.Contains("[SnapshotCampaigns]", sql);
    }
}
