using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Portal.Web.Data;

namespace Portal.Web.Features.Snapshot;

/// <summary>
/// Keeps the compliance snapshot current: refreshes it in the background when asked (after an import: the districts it
/// marked are recounted, see <see cref="ComplianceAggregator.RefreshAsync"/>), when a reader finds it older than the last
/// committed import (e.g. one made from the command line), and when a new day begins (then the whole state is recounted:
/// the figures, the week-ago changes and the campaigns' days are all of a date; the scheduler's day-check job asks,
/// see <see cref="CheckTheDateAsync"/>). Requests that arrive while a refresh runs are folded into one more refresh.
/// Every refresh holds the database's "snapshot" lease, so of several portal instances one recounts at a time; one that
/// finds it held waits, then recounts what is still marked (often nothing).
/// </summary>
public sealed class ComplianceRefresher(IServiceScopeFactory scopes, TimeProvider clock, ILogger<ComplianceRefresher> log) : BackgroundService
{
    private readonly Channel<string> _requests = Channel.CreateBounded<string>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private volatile bool _pending;
    private TaskCompletionSource _refreshed = NewSignal();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>True from a request until the rebuild that serves it has finished.</summary>
    public bool IsPending => _pending;

    /// <summary>
    /// Completes when the next refresh of this process has finished, counted or failed (<see cref="SnapshotWaiter"/> then
    /// looks again). A refresh by another instance on the same database does not complete it.
    /// </summary>
    public Task NextRefresh => Volatile.Read(ref _refreshed).Task;

    public void Request(string reason)
    {
        _pending = true;
        _requests.Writer.TryWrite(reason);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var reason in _requests.Reader.ReadAllAsync(stoppingToken))
            await ServeAsync(reason, stoppingToken);
    }

    /// <summary>Serves a request that is waiting, if any (what the background loop does with each); false when none was waiting.</summary>
    public async Task<bool> ServeWaitingAsync(CancellationToken ct = default)
    {
        if (!_requests.Reader.TryRead(out var reason)) return false;
        await ServeAsync(reason, ct);
        return true;
    }

    private async Task ServeAsync(string reason, CancellationToken ct)
    {
        try
        {
            _pending = true;
            await using var scope = scopes.CreateAsyncScope();
            var leases = scope.ServiceProvider.GetRequiredService<DatabaseLeases>();
            await using (await leases.AcquireAsync(LeaseNames.Snapshot, ct, () => log.LogInformation("Another instance is recounting the snapshot; waiting for it")))
                await scope.ServiceProvider.GetRequiredService<ComplianceAggregator>().RefreshAsync(reason, ct: ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log.LogError(ex, "Refreshing the compliance snapshot failed; the previous one stays in use");
        }
        finally
        {
            _pending = _requests.Reader.Count > 0;
            Interlocked.Exchange(ref _refreshed, NewSignal()).TrySetResult();
        }
    }

    /// <summary>One look at the date (what the scheduler's day-check job does): asks for a new snapshot when the latest is of an earlier day. True when it asked.</summary>
    public async Task<bool> CheckTheDateAsync(CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateUnscopedDbContextAsync(ct);
        var asOf = await db.ComplianceSnapshots.OrderByDescending(s => s.Id).Select(s => (DateOnly?)s.AsOfDate).FirstOrDefaultAsync(ct);
        if (asOf is not { } day || day >= DateOnly.FromDateTime(clock.GetLocalNow().DateTime)) return false;
        Request("a new day");
        return true;
    }
}

/// <summary>The snapshot the figures come from, and whether something newer is waiting to be counted.</summary>
public sealed record SnapshotInfo(DateTime ComputedAt, DateOnly AsOfDate, string Reason, bool Stale);

public static class ComplianceSnapshots
{
    /// <summary>The latest snapshot; stale when an import was committed after it was computed.</summary>
    public static async Task<SnapshotInfo?> LatestAsync(PortalDbContext db, CancellationToken ct)
    {
        var latest = await db.ComplianceSnapshots.AsNoTracking().OrderByDescending(s => s.Id).FirstOrDefaultAsync(ct);
        if (latest is null) return null;
        var lastImport = await db.ImportBatches.Where(b => b.Outcome == ImportOutcome.Committed)
            .MaxAsync(b => (DateTime?)b.FinishedAt, ct);
        return new SnapshotInfo(latest.ComputedAt, latest.AsOfDate, latest.Reason, lastImport > latest.ComputedAt);
    }
}
