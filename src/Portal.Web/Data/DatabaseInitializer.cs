using Microsoft.EntityFrameworkCore;
using Portal.Web.Features.DemoData;

namespace Portal.Web.Data;

public static class DatabaseInitializer
{
    /// <summary>On start: bring the schema up to date and, on an empty embedded database, seed the demo state.</summary>
    public static async Task PrepareDatabaseAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        var factory = services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        var options = services.GetRequiredService<DatabaseOptions>();
        var log = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseInitializer));

        await DatabaseSetup.MigrateAsync(factory, ct);
        if (!options.SeedDemoDataWhenEmpty) return;

        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            if (await db.Districts.AnyAsync(ct)) return;
        }
        log.LogInformation("Empty database: seeding the demo state with {Employees} employees", options.DemoEmployees);
        await services.GetRequiredService<DemoStateGenerator>()
            .SeedAsync(new DemoStateOptions { Employees = options.DemoEmployees }, ct: ct);
    }
}
