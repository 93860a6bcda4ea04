using Microsoft.EntityFrameworkCore;
using Portal.Web.Data;

namespace Portal.Web.Features.DemoData;

/// <summary>
/// Whether this database holds the generated demo state (the `demo-state` setting the generator writes): only then
/// are demo accounts created, and the portal says so on every page.
/// </summary>
public sealed class DemoStateMarker(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>How long an answer is kept: the marker changes only when an empty database is seeded.</summary>
    private static readonly TimeSpan KeptFor = TimeSpan.FromMinutes(1);
    private sealed record Reading(bool IsDemo, DateTimeOffset ReadAt);
    private volatile Reading? _last;

    public const string Notice = "Demo state — generated data, demo accounts; not for real use";

    public async Task<bool> IsDemoStateAsync(CancellationToken ct = default)
    {
        if (_last is { } last && clock.GetUtcNow() - last.ReadAt < KeptFor) return last.IsDemo;
        var isDemo = await IsDemoStateAsync(dbFactory, ct);
        _last = new Reading(isDemo, clock.GetUtcNow());
        return isDemo;
    }

    public static async Task<bool> IsDemoStateAsync(IDbContextFactory<PortalDbContext> dbFactory, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(DataScope.Nothing, ct);
        return await db.Settings.AnyAsync(s => s.Key == PortalSettingKeys.DemoState, ct);
    }

    /// <summary>Records that the database holds the generated demo state (what it was generated with).</summary>
    public static async Task MarkAsync(IDbContextFactory<PortalDbContext> dbFactory, string description, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(DataScope.Nothing, ct);
        if (await db.Settings.AnyAsync(s => s.Key == PortalSettingKeys.DemoState, ct)) return;
        db.Settings.Add(new PortalSetting { Key = PortalSettingKeys.DemoState, Value = description });
        await db.SaveChangesAsync(ct);
    }
}
