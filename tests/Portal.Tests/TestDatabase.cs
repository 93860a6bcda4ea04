using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Web.Data;
using Portal.Web.Features.DemoData;

namespace Portal.Tests;

/// <summary>A real SQLite database in a temp file, migrated, optionally seeded; deleted on dispose.</summary>
public sealed class TestDatabase : IDisposable
{
    public string File { get; }
    public string ConnectionString { get; }
    public IDbContextFactory<PortalDbContext> Factory { get; }

    private TestDatabase(string file)
    {
        File = file;
        ConnectionString = DatabaseSetup.SqliteConnectionString(file);
        var options = new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite(ConnectionString).Options;
        Factory = new ContextFactory(options);
    }

    private static readonly SemaphoreSlim TemplateLock = new(1, 1);
    private static string? _template;

    /// <summary>
    /// A private copy of a small seeded state with the demo accounts (2,000 employees; the Meerut block is
    /// scaled down): seeded once per test run, copied per test so that tests which import can change it freely.
    /// </summary>
    public static async Task<TestDatabase> CopyOfSmallStateAsync()
    {
        await TemplateLock.WaitAsync();
        try
        {
            if (_template is null)
            {
                using var seeded = await CreateAsync(new DemoStateOptions { Employees = 2_000, Seed = 11 });
                await Portal.Web.Features.Access.DemoUsers.SeedAsync(seeded.Factory, new Microsoft.AspNetCore.Identity.PasswordHasher<PortalUser>(), TimeProvider.System);
                await using (var db = await seeded.Factory.CreateDbContextAsync())
                    await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);");
                SqliteConnection.ClearAllPools();
                _template = Path.Combine(Path.GetTempPath(), $"portal-template-{Guid.NewGuid():N}.db");
                System.IO.File.Copy(seeded.File, _template);
                // One template per test run: removed when the run ends, so temp does not fill up run after run.
                var template = _template;
                AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteFiles(template);
            }
        }
        finally { TemplateLock.Release(); }

        var copy = new TestDatabase(Path.Combine(Path.GetTempPath(), $"portal-test-{Guid.NewGuid():N}.db"));
        System.IO.File.Copy(_template, copy.File);
        return copy;
    }

    public static async Task<TestDatabase> CreateAsync(DemoStateOptions? seed = null)
    {
        var db = new TestDatabase(Path.Combine(Path.GetTempPath(), $"portal-test-{Guid.NewGuid():N}.db"));
        await DatabaseSetup.MigrateAsync(db.Factory);
        if (seed is not null)
            await new DemoStateGenerator(db.Factory, NullLogger<DemoStateGenerator>.Instance).SeedAsync(seed);
        return db;
    }

    /// <summary>Runs a scalar SQL query with plain ADO.NET, independent of EF and of the services under test.</summary>
    public long Scalar(string sql)
    {
        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar() ?? 0L);
    }

    /// <summary>Changes rows with plain ADO.NET (as another writer would), returning how many.</summary>
    public int Execute(string sql)
    {
        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }

    public int UserId(string login) => (int)Scalar($"SELECT Id FROM Users WHERE LoginName = '{login}'");

    public List<T> Rows<T>(string sql, Func<SqliteDataReader, T> map)
    {
        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read()) rows.Add(map(reader));
        return rows;
    }

    public void Dispose() => DeleteFiles(File);

    /// <summary>Closes pooled connections and deletes a SQLite database with its -wal and -shm files, and the uploads the command line kept beside it.</summary>
    public static void DeleteFiles(string file)
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            try { System.IO.File.Delete(file + suffix); } catch (IOException) { }
        }
        try { Directory.Delete(Portal.Web.Cli.CommandLine.ImportsFolderOf(file), recursive: true); } catch (IOException) { }
    }

    private sealed class ContextFactory(DbContextOptions<SqlitePortalDbContext> options) : IDbContextFactory<PortalDbContext>
    {
        public PortalDbContext CreateDbContext() => new SqlitePortalDbContext(options);
    }
}

/// <summary>
/// One demo state shared by the read-only tests: 20,000 employees, the smallest size at which the
/// Meerut range block is at its full, source-given size.
/// </summary>
public sealed class SeededStateFixture : IAsyncLifetime
{
    public static readonly DemoStateOptions Options = new() { Employees = DemoStateGenerator.FullMeerutBlockFrom, Seed = 7 };
    public TestDatabase Database { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync(Options);
        await Portal.Web.Features.Access.DemoUsers.SeedAsync(Database.Factory, new Microsoft.AspNetCore.Identity.PasswordHasher<PortalUser>(), TimeProvider.System);
        // The dashboards read the compliance snapshot.
        await new Portal.Web.Features.Snapshot.ComplianceAggregator(Database.Factory, TimeProvider.System,
            NullLogger<Portal.Web.Features.Snapshot.ComplianceAggregator>.Instance).RebuildAsync("test fixture");
    }

    public Task DisposeAsync()
    {
        Database.Dispose();
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class SeededStateCollection : ICollectionFixture<SeededStateFixture>
{
    public const string Name = "Seeded demo state";
}
