using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Web.Features.Access;
using Portal.Web.Features.DemoData;

namespace Portal.Web.Data;

public static class DatabaseInitializer
{
    /// <summary>
    /// On start: bring the schema up to date; on an empty database seed the demo state; in local sign-in
    /// mode add the demo accounts if the database holds the generated demo state and has no users (never with
    /// Entra ID configured, never on a real state's database: its first StateAdmin comes from `admin create`).
    /// </summary>
    public static async Task PrepareDatabaseAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        var factory = services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        var options = services.GetRequiredService<DatabaseOptions>();
        var log = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseInitializer));

        await DatabaseSetup.MigrateAsync(factory, ct);
        if (!options.SeedDemoDataWhenEmpty)
        {
            await WarnWhenNoUsersAsync(factory, log, ct);
            return;
        }

        bool empty;
        await using (var db = await factory.CreateUnscopedDbContextAsync(ct))
            empty = !await db.Districts.AnyAsync(ct);
        if (empty)
        {
            log.LogInformation("Empty database: seeding the demo state with {Employees} employees", options.DemoEmployees);
            await services.GetRequiredService<DemoStateGenerator>()
                .SeedAsync(new DemoStateOptions { Employees = options.DemoEmployees }, ct: ct);
        }

        await using (var db = await factory.CreateUnscopedDbContextAsync(ct))
        {
            await DemoStateGenerator.AddDefaultAliasesAsync(db, ct);
            // The dashboards read the compliance snapshot: make the first one before serving.
            if (!await db.ComplianceSnapshots.AnyAsync(ct))
                await services.GetRequiredService<Portal.Web.Features.Snapshot.ComplianceAggregator>().RebuildAsync("first start", ct: ct);
        }

        if (services.GetService<SignInMode>() is { UsesEntraId: false })
        {
            var added = await DemoUsers.SeedAsync(factory, services.GetRequiredService<IPasswordHasher<PortalUser>>(),
                services.GetRequiredService<TimeProvider>(), ct);
            if (added > 0) log.LogWarning("Added {Count} demo accounts with the demo password (see README): for demos only", added);
        }
        await WarnWhenNoUsersAsync(factory, log, ct);
    }

    /// <summary>A real state's database starts with no users (it never gets the demo accounts): say how to make the first.</summary>
    private static async Task WarnWhenNoUsersAsync(IDbContextFactory<PortalDbContext> factory, ILogger log, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(DataScope.Nothing, ct);
        if (!await db.Users.AnyAsync(ct))
            log.LogWarning("No portal users yet: create the first StateAdmin with `dotnet run --project src/Portal.Web -- admin create --login <e-mail> --name <name>`");
    }
}
