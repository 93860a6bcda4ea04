using Portal.Web.Data;
using Portal.Web.Features.Snapshot;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;

namespace Portal.Tests.Features.Instances;

/// <summary>The database lease: one holder at a time, taken over when it expires; the snapshot's recount waits for it.</summary>
public sealed class DatabaseLeasesTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public Task DisposeAsync()
    {
        _db.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task One_holder_at_a_time_and_an_expired_lease_is_taken_over()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var leases = new DatabaseLeases(_db.Factory, clock);

        // Racing for a lease nobody has had yet: the database picks one.
        var race = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => leases.TryAcquireAsync("work", $"instance-{i}", TimeSpan.FromSeconds(30))));
        Assert.Single(race, won => won);
        var holder = await leases.HolderAsync("work");
        Assert.NotNull(holder);
        var other = holder == "instance-0" ? "instance-1" : "instance-0";

        Assert.False(await leases.TryAcquireAsync("work", other, TimeSpan.FromSeconds(30)));
        Assert.True(await leases.TryAcquireAsync("work", holder!, TimeSpan.FromSeconds(30))); // renewal
        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.True(await leases.TryAcquireAsync("work", other, TimeSpan.FromSeconds(30))); // the holder died: taken over
        await leases.ReleaseAsync("work", holder!); // a late release by the old holder changes nothing
        Assert.Equal(other, await leases.HolderAsync("work"));
        await leases.ReleaseAsync("work", other);
        Assert.Null(await leases.HolderAsync("work"));
    }

    [Fact]
    public async Task The_snapshot_is_not_recounted_while_another_instance_holds_its_lease()
    {
        using var seeded = await TestDatabase.CreateAsync(new Portal.Web.Features.DemoData.DemoStateOptions { Employees = 300, Seed = 3 });
        await using var services = new ServiceCollection().AddLogging().AddPortalFeaturesForTests(seeded);
        var refresher = services.GetRequiredService<ComplianceRefresher>();
        var leases = new DatabaseLeases(seeded.Factory, TimeProvider.System);
        Assert.True(await leases.TryAcquireAsync(LeaseNames.Snapshot, "another-instance", TimeSpan.FromMinutes(1)));

        refresher.Request("test");
        var serving = refresher.ServeWaitingAsync();
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.False(serving.IsCompleted);
        Assert.Equal(0, seeded.Scalar("SELECT COUNT(*) FROM ComplianceSnapshots"));

        await leases.ReleaseAsync(LeaseNames.Snapshot, "another-instance");
        Assert.True(await serving.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal(1, seeded.Scalar("SELECT COUNT(*) FROM ComplianceSnapshots"));
        Assert.Null(await leases.HolderAsync(LeaseNames.Snapshot));
    }
}

internal static class LeaseTestServices
{
    public static ServiceProvider AddPortalFeaturesForTests(this IServiceCollection services, TestDatabase db)
    {
        services.AddSingleton(db.Factory);
        Portal.Web.Infrastructure.PortalServices.AddPortalFeatures(services);
        return services.BuildServiceProvider();
    }
}
