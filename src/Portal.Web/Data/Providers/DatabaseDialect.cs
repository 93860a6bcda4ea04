using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Portal.Web.Features.DemoData;
using Portal.Web.Features.Rosters;
using Portal.Web.Features.Uploads;

namespace Portal.Web.Data.Providers;

/// <summary>
/// Everything the portal does differently on SQLite and on SQL Server, one member per difference, so that no other
/// code asks which provider it runs on. <see cref="For"/> is the one place that chooses, from the provider the
/// context was configured with (<see cref="DatabaseSetup.AddPortalDatabase"/> configures it once, from
/// <c>Database:Provider</c>). Everything provider-specific lives beside this class, in <c>Data/Providers</c>.
/// </summary>
public abstract class DatabaseDialect
{
    public const string SqliteProvider = "Microsoft.EntityFrameworkCore.Sqlite";
    public const string SqlServerProvider = "Microsoft.EntityFrameworkCore.SqlServer";

    /// <summary>The dialect of the provider this context was configured with.</summary>
    public static DatabaseDialect For(DbContext db) => db.Database.ProviderName switch
    {
        SqliteProvider => SqliteDialect.Instance,
        SqlServerProvider => SqlServerDialect.Instance,
        var other => throw new NotSupportedException($"No database dialect for the EF Core provider '{other}'."),
    };

    /// <summary>
    /// Whether Quartz.NET's job store clusters itself on this database (row locks in QRTZ_LOCKS, every instance's scheduler
    /// running). Where it cannot, one instance at a time runs the scheduler, under a database lease (Features/Scheduling).
    /// </summary>
    public abstract bool SchedulerClusters { get; }

    /// <summary>Points Quartz.NET's persistent job store at the portal's database (its tables come from the portal's migrations).</summary>
    public abstract void UseJobStore(Quartz.IPersistentStoreBuilder store, string connectionString);

    /// <summary>Database-wide settings, applied after every migration.</summary>
    public abstract Task AfterMigrateAsync(DbContext db, CancellationToken ct);

    /// <summary>Reads (and, inside the import's transaction, writes) roster rows with plain ADO.NET commands.</summary>
    internal abstract EmployeeWriter OpenEmployeeWriter(PortalDbContext db, DateTime now, bool forWriting);

    /// <summary>
    /// What makes a committing roster import fast on this provider; started on the import's open connection before
    /// its transaction begins, disposed after the transaction ends.
    /// </summary>
    internal abstract Task<BulkLoad> StartRosterLoadAsync(PortalDbContext db, CancellationToken ct);

    /// <summary>
    /// What makes a committing progress import's enrolments go in fast on this provider; started on the import's open
    /// connection before its transaction begins, disposed after the transaction ends.
    /// </summary>
    internal abstract Task<BulkLoad> StartProgressLoadAsync(PortalDbContext db, CancellationToken ct);

    /// <summary>Reads (and, inside the import's transaction, writes) enrolments of a progress upload with plain ADO.NET commands.</summary>
    internal abstract Features.Progress.EnrolmentWriter OpenEnrolmentWriter(PortalDbContext db, DateTime now, bool forWriting);

    /// <summary>
    /// Runs <paramref name="sql"/> on the context's open connection (and its transaction, if any), its text columns
    /// read as UTF-8 bytes: ADO.NET's reader here; SQLite's own API where the roster's millions of strings cost more
    /// than reading them.
    /// </summary>
    internal virtual Utf8Rows ReadUtf8Rows(PortalDbContext db, string sql)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = sql;
        return new AdoUtf8Rows(command, command.ExecuteReader());
    }

    /// <summary>
    /// Reads the rows of <paramref name="command"/>, which EF Core made for a query (<c>CreateDbCommand</c>: its SQL with
    /// the context's query filters, and its parameters), by column position: ADO.NET's reader here; SQLite's own API,
    /// where the reader's checks and conversions on every value cost more than the read (lakhs of ACR completions).
    /// The rows own the command.
    /// </summary>
    internal virtual Utf8Rows ReadRows(DbCommand command) => new AdoUtf8Rows(command, command.ExecuteReader());

    /// <summary>The demo generator's bulk writer, on the context's open connection.</summary>
    internal abstract DemoRowWriter OpenDemoRowWriter(DbConnection connection);

    /// <summary>
    /// The snapshot's one pass over the active employees. Portable SQL (double-quoted identifiers, which SQL Server
    /// accepts with QUOTED_IDENTIFIER on, as SqlClient sets it; no functions), so both providers run this text.
    /// </summary>
    public virtual string SnapshotEmployeesSql =>
        "SELECT \"Id\", \"DistrictId\", \"DepartmentId\", \"OfficeId\", \"DesignationId\", \"Group\", \"OnboardedOn\", \"CreatedAt\" FROM \"Employees\" WHERE \"Status\" = "
        + (int)EmployeeStatus.Active;

    /// <summary>Marks a district changed for the next snapshot (portable, as <see cref="SnapshotEmployeesSql"/>; EF binds both values as parameters).</summary>
    public virtual FormattableString MarkDistrictChangedSql(int districtId, DateTime at) =>
        $"INSERT INTO \"SnapshotDirtyDistricts\" (\"DistrictId\", \"MarkedAt\") VALUES ({districtId}, {at})";

    /// <summary>The snapshot's one pass over the completed enrolments (portable, as <see cref="SnapshotEmployeesSql"/>).</summary>
    public virtual string SnapshotCompletionsSql =>
        "SELECT \"EmployeeId\", \"CourseId\", \"CompletedOn\", \"LearningMinutes\" FROM \"Enrolments\" WHERE \"Status\" = " + (int)EnrolmentStatus.Completed;
}
