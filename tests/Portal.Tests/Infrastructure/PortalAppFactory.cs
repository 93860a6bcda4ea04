using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;

namespace Portal.Tests.Infrastructure;

/// <summary>The real app on a temp SQLite file, seeded with a small demo state on start.</summary>
public sealed class PortalAppFactory : WebApplicationFactory<Program>
{
    public string DatabaseFile { get; } = Path.Combine(Path.GetTempPath(), $"portal-web-{Guid.NewGuid():N}.db");
    public int DemoEmployees { get; init; } = 1_500;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("Database:SqlitePath", DatabaseFile);
        builder.UseSetting("Database:DemoEmployees", DemoEmployees.ToString());
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            try { File.Delete(DatabaseFile + suffix); } catch (IOException) { }
        }
    }
}
