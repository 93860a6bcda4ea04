namespace Portal.Web.Features.Uploads;

/// <summary>
/// What a provider does to make a committing import's load into one table fast (the roster's into Employees,
/// <see cref="Data.Providers.DatabaseDialect.StartRosterLoadAsync"/>; the iGOT report's into Enrolments,
/// <see cref="Data.Providers.DatabaseDialect.StartProgressLoadAsync"/>): started on the import's open connection before
/// its transaction begins and disposed after the transaction ends, so the connection goes back to the pool as it came.
/// </summary>
internal abstract class BulkLoad : IAsyncDisposable
{
    /// <summary>The import's transaction has begun, on a table of (about) this many rows.</summary>
    public abstract void Begin(long rowsAtStart);

    /// <summary>The import has added <paramref name="newRows"/> rows to the table so far.</summary>
    public abstract Task NoteInsertsAsync(int newRows, CancellationToken ct);

    /// <summary>Rebuilds whatever the load set aside, after the last row is written: the seconds it took, or null when this provider sets nothing aside.</summary>
    public abstract Task<double?> RestoreIndexesAsync(CancellationToken ct);

    /// <summary>Checks, inside the transaction before it commits, what the load did not check row by row.</summary>
    public abstract Task VerifyAsync(CancellationToken ct);

    /// <summary>After the commit: upkeep once <paramref name="changedRows"/> rows were added or changed.</summary>
    public abstract Task AfterCommitAsync(int changedRows, CancellationToken ct);

    public abstract ValueTask DisposeAsync();
}
