using Microsoft.EntityFrameworkCore;
using Portal.Tests.Data;
using Portal.Web.Data;
using Portal.Web.Features.Snapshot;

namespace Portal.Tests.Features.Snapshot;

/// <summary>The partial recount's reads translate to SQL Server (EF writes the SQL without connecting; SQL Server's parser reads it).</summary>
public sealed class SnapshotSqlServerTests
{
    private static SqlServerPortalDbContext SqlServer()
    {
        var db = new SqlServerPortalDbContext(new DbContextOptionsBuilder<SqlServerPortalDbContext>()
            .UseSqlServer("Server=unused;Database=Portal;TrustServerCertificate=True").Options);
        db.FixScope(DataScope.WholeState, unscoped: true);
        return db;
    }

    [Fact]
    public void A_districts_employees_and_completions()
    {
        using var db = SqlServer();
        var districts = new HashSet<int> { 3, 56 };

        var employees = TSqlQuery.Parse(ComplianceAggregator.EmployeesOf(db, districts).ToQueryString());
        var completions = TSqlQuery.Parse(ComplianceAggregator.CompletionsOf(db, districts).ToQueryString());

        var active = TSqlQuery.Conditions(employees.Over("Employees"));
        Assert.Contains(active, c => c.EndsWith("[DistrictId] IN (@ids1, @ids2)"));
        Assert.Contains(active, c => c.EndsWith("[Status] = 1"));
        Assert.Equal(["3", "56"], employees.ValuesOf("@ids"));
        var done = completions.Over("Enrolments");
        Assert.Contains("Employees", TSqlQuery.All<Microsoft.SqlServer.TransactSql.ScriptDom.NamedTableReference>(done.FromClause).Select(t => t.SchemaObject.BaseIdentifier.Value));
        var doneConditions = TSqlQuery.Conditions(done);
        Assert.Contains("[e].[Status] = 1", doneConditions);
        Assert.Contains("[e0].[Status] = 2", doneConditions);
        Assert.Equal(["3", "56"], completions.ValuesOf("@ids"));
    }

    [Fact]
    public void The_latest_snapshots_campaigns()
    {
        using var db = SqlServer();
        var query = TSqlQuery.Parse(db.SnapshotCampaigns.Where(s => s.SnapshotId == 7 && s.CampaignId == 2 && s.Definition == "x").ToQueryString());
        var conditions = TSqlQuery.Conditions(query.Over("SnapshotCampaigns"));
        Assert.Equal(3, conditions.Count);
        Assert.Contains(conditions, c => c.EndsWith("[SnapshotId] = 7"));
        Assert.Contains(conditions, c => c.EndsWith("[CampaignId] = 2"));
    }
}
