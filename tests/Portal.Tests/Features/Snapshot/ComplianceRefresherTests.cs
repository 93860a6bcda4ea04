using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Web.Data;
using Portal.Web.Features.Snapshot;
using Portal.Web.Infrastructure;

namespace Portal.Tests.Features.Snapshot;

/// <summary>
/// The refresher's steps run one at a time here (what its timer and loop do), on a fake clock: no waiting, so
/// each assertion is about what one step did.
/// </summary>
public sealed class ComplianceRefresherTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private ServiceProvider _services = null!;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 20, 23, 55, 0, TimeSpan.Zero));

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CopyOfSmallStateAsync();
        _clock.SetLocalTimeZone(TimeZoneInfo.Utc);
        _services = new ServiceCollection().AddLogging().AddPortalFeatures()
            .AddSingleton<TimeProvider>(_clock).AddSingleton(_db.Factory).BuildServiceProvider();
        await _services.GetRequiredService<ComplianceAggregator>().RebuildAsync("first");
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        _db.Dispose();
    }

    private async Task<ComplianceSnapshot> LatestAsync()
    {
        await using var context = await _db.Factory.CreateDbContextAsync(DataScope.WholeState);
        return await context.ComplianceSnapshots.AsNoTracking().OrderByDescending(s => s.Id).FirstAsync();
    }

    [Fact]
    public async Task A_new_day_brings_a_snapshot_of_that_day()
    {
        var refresher = _services.GetRequiredService<ComplianceRefresher>();

        // Still the same day at this check: nothing is asked for.
        _clock.Advance(TimeSpan.FromMinutes(4));
        Assert.False(await refresher.CheckTheDateAsync());
        Assert.False(refresher.IsPending);
        Assert.False(await refresher.ServeWaitingAsync());
        Assert.Equal(new DateOnly(2026, 11, 20), (await LatestAsync()).AsOfDate);

        // Past midnight, the next check asks for a snapshot of the new day, and serving it recounts the whole state.
        _clock.Advance(TimeSpan.FromMinutes(10)); // the scheduler's day check runs every 10 minutes
        Assert.True(await refresher.CheckTheDateAsync());
        Assert.True(refresher.IsPending);
        Assert.True(await refresher.ServeWaitingAsync());
        Assert.False(refresher.IsPending);
        var latest = await LatestAsync();
        Assert.Equal(new DateOnly(2026, 11, 21), latest.AsOfDate);
        Assert.Null(latest.DistrictsRecounted);
        Assert.False(await refresher.CheckTheDateAsync());
    }

    [Fact]
    public async Task Requests_made_while_one_waits_are_served_by_one_refresh_of_the_marked_districts()
    {
        var refresher = _services.GetRequiredService<ComplianceRefresher>();
        var agra = (int)_db.Scalar("SELECT Id FROM Districts WHERE Name = 'Agra'");
        await using (var db = await _db.Factory.CreateDbContextAsync(DataScope.WholeState))
            await ChangedDistricts.MarkAsync(db, [agra], DateTime.UtcNow);
        var before = (await LatestAsync()).Id;

        refresher.Request("upload 1");
        refresher.Request("upload 2");

        Assert.True(await refresher.ServeWaitingAsync());
        Assert.False(await refresher.ServeWaitingAsync());
        var latest = await LatestAsync();
        Assert.Equal(before + 1, latest.Id);
        Assert.Equal("upload 1", latest.Reason);
        Assert.Equal(1, latest.DistrictsRecounted);
    }
}
