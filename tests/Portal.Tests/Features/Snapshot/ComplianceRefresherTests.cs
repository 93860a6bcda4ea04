using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Web.Data;
using Portal.Web.Features.Dashboard;
using Portal.Web.Infrastructure;

namespace Portal.Tests.Features.Dashboard;

public sealed class ComplianceRefresherTests
{
    [Fact]
    public async Task A_new_day_brings_a_snapshot_of_that_day()
    {
        using var db = await TestDatabase.CopyOfSmallStateAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 20, 23, 55, 0, TimeSpan.Zero));
        clock.SetLocalTimeZone(TimeZoneInfo.Utc);
        var services = new ServiceCollection().AddLogging().AddPortalFeatures()
            .AddSingleton<TimeProvider>(clock).AddSingleton(db.Factory).BuildServiceProvider();
        await services.GetRequiredService<ComplianceAggregator>().RebuildAsync("first");
        var refresher = services.GetRequiredService<ComplianceRefresher>();
        await refresher.StartAsync(CancellationToken.None);

        async Task<DateOnly?> LatestDay()
        {
            await using var context = await db.Factory.CreateDbContextAsync(DataScope.WholeState);
            return await context.ComplianceSnapshots.OrderByDescending(s => s.Id).Select(s => (DateOnly?)s.AsOfDate).FirstOrDefaultAsync();
        }

        // Still the same day at the first check: nothing is rebuilt.
        clock.Advance(TimeSpan.FromMinutes(4));
        await Task.Delay(200);
        Assert.Equal(new DateOnly(2026, 11, 20), await LatestDay());

        // Past midnight, the next check asks for a snapshot of the new day.
        clock.Advance(ComplianceRefresher.DayCheck);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await LatestDay() != new DateOnly(2026, 11, 21) && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.Equal(new DateOnly(2026, 11, 21), await LatestDay());
        await refresher.StopAsync(CancellationToken.None);
    }
}
