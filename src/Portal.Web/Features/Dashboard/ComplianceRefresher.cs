using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Portal.Web.Data;

namespace Portal.Web.Features.Dashboard;

/// <summary>
/// Keeps the compliance snapshot current: rebuilds it in the background when asked (after an import) or
/// when a reader finds it older than the last committed import (e.g. one made from the command line).
/// Requests that arrive while a rebuild runs are folded into one more rebuild.
/// </summary>
public sealed class ComplianceRefresher(IServiceScopeFactory scopes, ILogger<ComplianceRefresher> log) : BackgroundService
{
    private readonly Channel<string> _requests = Channel.CreateBounded<string>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private volatile bool _pending;

    /// <summary>True from a request until the rebuild that serves it has finished.</summary>
    public bool IsPending => _pending;

    public void Request(string reason)
    {
        _pending = true;
        _requests.Writer.TryWrite(reason);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var reason in _requests.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                _pending = true;
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<ComplianceAggregator>().RebuildAsync(reason, ct: stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogError(ex, "Rebuilding the compliance snapshot failed; the previous one stays in use");
            }
            finally
            {
                _pending = _requests.Reader.Count > 0;
            }
        }
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
        var lastImport = await db.ImportBatches.IgnoreQueryFilters().Where(b => b.Outcome == ImportOutcome.Committed)
            .MaxAsync(b => (DateTime?)b.FinishedAt, ct);
        return new SnapshotInfo(latest.ComputedAt, latest.AsOfDate, latest.Reason, lastImport > latest.ComputedAt);
    }
}
