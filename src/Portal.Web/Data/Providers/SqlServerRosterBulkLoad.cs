using Portal.Web.Features.Rosters;
using Portal.Web.Features.Uploads;

namespace Portal.Web.Data.Providers;

/// <summary>
/// SQL Server: the import changes nothing about the connection or the table. Foreign keys and indexes are maintained
/// row by row, as the multi-row inserts go in: disabling and rebuilding the indexes of Employees (ALTER INDEX ...
/// DISABLE / REBUILD) would need ALTER rights on the table, which the portal's login need not have, and nobody has
/// measured it against a live server.
/// </summary>
internal sealed class SqlServerRosterBulkLoad : RosterBulkLoad
{
    public static readonly SqlServerRosterBulkLoad Instance = new();

    private SqlServerRosterBulkLoad() { }

    public override void Begin(long rowsAtStart) { }
    public override Task NoteInsertsAsync(int newRows, CancellationToken ct) => Task.CompletedTask;
    public override Task<double?> RestoreIndexesAsync(CancellationToken ct) => Task.FromResult<double?>(null);
    public override Task VerifyAsync(CancellationToken ct) => Task.CompletedTask;
    public override Task AfterCommitAsync(int changedRows, CancellationToken ct) => Task.CompletedTask;
    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
