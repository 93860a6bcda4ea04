using Portal.Web.Features.Uploads;

namespace Portal.Web.Data.Providers;

/// <summary>
/// SQL Server: an import changes nothing about the connection or the table it loads (Employees, Enrolments). Foreign
/// keys and indexes are maintained row by row, as the multi-row inserts go in: disabling and rebuilding a table's
/// indexes (ALTER INDEX ... DISABLE / REBUILD) would need ALTER rights on it, which the portal's login need not
/// have, and nobody has measured it against a live server.
/// </summary>
internal sealed class SqlServerBulkLoad : BulkLoad
{
    public static readonly SqlServerBulkLoad Instance = new();

    private SqlServerBulkLoad() { }

    public override void Begin(long rowsAtStart) { }
    public override Task NoteInsertsAsync(int newRows, CancellationToken ct) => Task.CompletedTask;
    public override Task<double?> RestoreIndexesAsync(CancellationToken ct) => Task.FromResult<double?>(null);
    public override Task VerifyAsync(CancellationToken ct) => Task.CompletedTask;
    public override Task AfterCommitAsync(int changedRows, CancellationToken ct) => Task.CompletedTask;
    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
