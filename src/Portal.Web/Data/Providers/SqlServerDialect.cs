using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using Quartz;
using Portal.Web.Features.DemoData;
using Portal.Web.Features.Rosters;
using Portal.Web.Features.Uploads;

namespace Portal.Web.Data.Providers;

/// <summary>Production's server: row versioning, statistics and logging are the DBA's, so the portal sets none of them.</summary>
public sealed class SqlServerDialect : DatabaseDialect
{
    public static readonly SqlServerDialect Instance = new();

    private SqlServerDialect() { }

    /// <summary>Every instance runs the scheduler; Quartz's row locks (QRTZ_LOCKS, UPDLOCK) make each trigger fire on one of them.</summary>
    public override bool SchedulerClusters => true;

    public override void UseJobStore(Quartz.IPersistentStoreBuilder store, string connectionString)
    {
        store.UseSqlServer(SqlClientFactory.Instance, connectionString);
        store.UseClustering();
    }

    public override Task AfterMigrateAsync(DbContext db, CancellationToken ct) => Task.CompletedTask;

    internal override EmployeeWriter OpenEmployeeWriter(PortalDbContext db, DateTime now, bool forWriting) => new SqlServerEmployeeWriter(db, now, forWriting);

    internal override Features.Progress.EnrolmentWriter OpenEnrolmentWriter(PortalDbContext db, DateTime now, bool forWriting) => new SqlServerEnrolmentWriter(db, now, forWriting);

    internal override Task<BulkLoad> StartRosterLoadAsync(PortalDbContext db, CancellationToken ct) => Task.FromResult<BulkLoad>(SqlServerBulkLoad.Instance);

    internal override Task<BulkLoad> StartProgressLoadAsync(PortalDbContext db, CancellationToken ct) => Task.FromResult<BulkLoad>(SqlServerBulkLoad.Instance);

    internal override DemoRowWriter OpenDemoRowWriter(DbConnection connection) => new SqlServerDemoRowWriter((SqlConnection)connection);
}
