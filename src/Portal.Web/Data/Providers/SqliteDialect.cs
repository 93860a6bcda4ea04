using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Quartz;
using Portal.Web.Features.DemoData;
using Portal.Web.Features.Rosters;
using Portal.Web.Features.Uploads;

namespace Portal.Web.Data.Providers;

/// <summary>The embedded database: one file, one writer at a time, PRAGMAs for what SQL Server decides by itself.</summary>
public sealed class SqliteDialect : DatabaseDialect
{
    public static readonly SqliteDialect Instance = new();

    /// <summary>WAL, so that readers never wait for an import (a setting of the file: once is enough, every time is harmless).</summary>
    public const string AfterMigrateSql = "PRAGMA journal_mode=WAL;";

    private SqliteDialect() { }

    /// <summary>
    /// Quartz refuses to cluster on SQLite ("SQLite cannot be used as clustered mode due to locking problems"; its SQLite lock
    /// handler is an in-process gate): the portal's instances take turns through the "scheduler" lease instead.
    /// </summary>
    public override bool SchedulerClusters => false;

    public override void UseJobStore(Quartz.IPersistentStoreBuilder store, string connectionString) =>
        store.UseSqlite(SqliteFactory.Instance, connectionString);

    public override async Task AfterMigrateAsync(DbContext db, CancellationToken ct) =>
        await db.Database.ExecuteSqlRawAsync(AfterMigrateSql, ct);

    internal override EmployeeWriter OpenEmployeeWriter(PortalDbContext db, DateTime now, bool forWriting) => new SqliteEmployeeWriter(db, now, forWriting);

    internal override Features.Progress.EnrolmentWriter OpenEnrolmentWriter(PortalDbContext db, DateTime now, bool forWriting) => new SqliteEnrolmentWriter(db, now, forWriting);

    internal override Task<BulkLoad> StartRosterLoadAsync(PortalDbContext db, CancellationToken ct) => SqliteBulkLoad.StartAsync(db, SqliteBulkLoad.Employees, ct);

    internal override Task<BulkLoad> StartProgressLoadAsync(PortalDbContext db, CancellationToken ct) => SqliteBulkLoad.StartAsync(db, SqliteBulkLoad.Enrolments, ct);

    internal override Utf8Rows ReadUtf8Rows(PortalDbContext db, string sql) =>
        new SqliteUtf8Rows((SqliteConnection)db.Database.GetDbConnection(), sql);

    internal override Utf8Rows ReadRows(DbCommand command)
    {
        using (command) return new SqliteUtf8Rows(command);
    }

    internal override DemoRowWriter OpenDemoRowWriter(DbConnection connection) => new SqliteDemoRowWriter((SqliteConnection)connection);
}
