using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Portal.Web.Data.Providers;
using Portal.Web.Infrastructure;

namespace Portal.Web.Data;

/// <summary>The "Database" configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string Sqlite = "Sqlite";
    public const string SqlServer = "SqlServer";

    /// <summary>Sqlite (embedded default) or SqlServer (production).</summary>
    public string Provider { get; set; } = Sqlite;
    /// <summary>SQLite file; relative paths are under the app's folder.</summary>
    public string SqlitePath { get; set; } = "data/portal.db";
    /// <summary>Fill an empty database with the demo state on first start.</summary>
    public bool SeedDemoDataWhenEmpty { get; set; } = true;
    /// <summary>Size of the demo state seeded on first start.</summary>
    public int DemoEmployees { get; set; } = 100_000;
}

public static class DatabaseSetup
{
    public static DatabaseOptions ReadDatabaseOptions(this IConfiguration configuration) =>
        configuration.GetSection("Database").Get<DatabaseOptions>() ?? new DatabaseOptions();

    /// <summary>
    /// Registers <see cref="IDbContextFactory{PortalDbContext}"/> for the configured provider.
    /// <paramref name="sqliteFileOverride"/> is the CLI's --database.
    /// </summary>
    public static IServiceCollection AddPortalDatabase(this IServiceCollection services, IConfiguration configuration, string? sqliteFileOverride = null)
    {
        var options = configuration.ReadDatabaseOptions();
        if (sqliteFileOverride is not null)
        {
            options.Provider = DatabaseOptions.Sqlite;
            options.SqlitePath = Path.GetFullPath(sqliteFileOverride);
        }
        services.AddSingleton(options);

        switch (options.Provider.Trim().ToLowerInvariant())
        {
            case "sqlite":
                var connection = SqliteConnectionString(AppPaths.ResolveDataPath(options.SqlitePath));
                services.AddDbContextFactory<SqlitePortalDbContext>(o => ConfigureCommon(o.UseSqlite(connection, s => s.CommandTimeout(600))));
                services.AddSingleton<IDbContextFactory<PortalDbContext>, PortalDbContextFactory<SqlitePortalDbContext>>();
                services.AddSingleton(new DatabaseConnection(SqliteDialect.Instance, connection));
                break;
            case "sqlserver":
                var sqlServer = configuration.GetConnectionString("Portal");
                if (string.IsNullOrWhiteSpace(sqlServer))
                    throw new InvalidOperationException("Database:Provider is SqlServer but ConnectionStrings:Portal is not set.");
                services.AddDbContextFactory<SqlServerPortalDbContext>(o => ConfigureCommon(o.UseSqlServer(sqlServer, s => s.CommandTimeout(600))));
                services.AddSingleton<IDbContextFactory<PortalDbContext>, PortalDbContextFactory<SqlServerPortalDbContext>>();
                services.AddSingleton(new DatabaseConnection(SqlServerDialect.Instance, sqlServer));
                break;
            default:
                throw new InvalidOperationException($"Database:Provider '{options.Provider}' is not supported: use Sqlite or SqlServer.");
        }
        return services;
    }

    /// <summary>Options shared by both providers (and the tests).</summary>
    public static DbContextOptionsBuilder ConfigureCommon(DbContextOptionsBuilder options) =>
        // Employees reference a (filtered) district and department; the employee filter is the same
        // scope, so an employee in scope always has its district and department in scope.
        options.ConfigureWarnings(w => w.Ignore(CoreEventId.PossibleIncorrectRequiredNavigationWithQueryFilterInteractionWarning));

    public static string SqliteConnectionString(string file)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        return new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder
        {
            DataSource = file,
            // Wait for a writer rather than failing at once when two users import at the same time.
            DefaultTimeout = 60,
        }.ToString();
    }

    /// <summary>Creates or upgrades the schema, then applies the provider's database settings (SQLite: WAL, so readers never wait for an import).</summary>
    public static async Task MigrateAsync(IDbContextFactory<PortalDbContext> factory, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        await db.Database.MigrateAsync(ct);
        await DatabaseDialect.For(db).AfterMigrateAsync(db, ct);
    }
}

/// <summary>The configured database as components outside EF reach it (Quartz's job store): its dialect and connection string.</summary>
public sealed record DatabaseConnection(DatabaseDialect Dialect, string ConnectionString);

/// <summary>Hands out the provider's context as the shared <see cref="PortalDbContext"/> type.</summary>
internal sealed class PortalDbContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<PortalDbContext>
    where TContext : PortalDbContext
{
    public PortalDbContext CreateDbContext() => inner.CreateDbContext();
}
