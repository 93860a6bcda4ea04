namespace Portal.Web.Features.Snapshot;

/// <summary>
/// Waits for figures the compliance snapshot has not counted yet (a page showing "being counted"): looks again as soon as
/// a refresh of this process has finished, and at least every <see cref="LookEvery"/>, since another portal instance on the
/// same database may be the one that counts them.
/// </summary>
public sealed class SnapshotWaiter(ComplianceRefresher refresher, TimeProvider clock)
{
    public static readonly TimeSpan LookEvery = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Calls <paramref name="look"/> after each refresh or tick until it answers a value that <paramref name="ready"/>
    /// accepts, and returns that value. Ends only with it or with <paramref name="ct"/> (the page was left).
    /// </summary>
    public async Task<T> WaitAsync<T>(Func<CancellationToken, Task<T?>> look, Func<T, bool> ready, CancellationToken ct) where T : class
    {
        while (true)
        {
            using (var tick = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                await Task.WhenAny(refresher.NextRefresh, Task.Delay(LookEvery, clock, tick.Token)).ConfigureAwait(false);
                await tick.CancelAsync().ConfigureAwait(false); // the timer is not needed once the refresh came first
            }
            ct.ThrowIfCancellationRequested();
            if (await look(ct).ConfigureAwait(false) is { } value && ready(value)) return value;
        }
    }
}
