namespace Portal.Tests.Data;

/// <summary>
/// Every SQLite/SQL Server difference sits behind <see cref="Portal.Web.Data.Providers.DatabaseDialect"/>: outside
/// Data/Providers (and the migrations, which are per provider by nature) no source file asks which provider it is on
/// or speaks one provider's SQL.
/// </summary>
public sealed class ProviderSeamTests
{
    private static readonly string[] ProviderOnly =
        ["IsSqlite(", "IsSqlServer(", "PRAGMA", "sqlite_master", "json_each", "RETURNING", "OUTPUT INSERTED", "ALTER INDEX", "SqlBulkCopy("];

    [Fact]
    public void No_provider_test_or_provider_SQL_outside_Data_Providers()
    {
        var src = Path.Combine(RepositoryRoot(), "src");
        var found = new List<string>();
        foreach (var file in Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(src, file).Replace('\\', '/');
            if (relative.Contains("/Migrations/") || relative.Contains("/obj/") || relative.Contains("/bin/")
                || relative.StartsWith("Portal.Web/Data/Providers/", StringComparison.Ordinal)) continue;
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
                foreach (var token in ProviderOnly)
                    if (lines[i].Contains(token, StringComparison.Ordinal))
                        found.Add($"{relative}:{i + 1}: {token}");
        }
        Assert.True(found.Count == 0, "Provider-specific code outside Data/Providers (give DatabaseDialect a member instead):\n" + string.Join("\n", found));
    }

    [Fact]
    public void The_check_sees_the_sources()
    {
        // Guards the test above against passing because it looked in the wrong folder.
        var providers = Path.Combine(RepositoryRoot(), "src", "Portal.Web", "Data", "Providers");
        Assert.Contains("PRAGMA", File.ReadAllText(Path.Combine(providers, "SqliteBulkLoad.cs")));
        Assert.True(File.Exists(Path.Combine(RepositoryRoot(), "src", "Portal.Web", "Features", "Rosters", "RosterImportService.cs")));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Portal.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No Portal.sln above {AppContext.BaseDirectory}.");
    }
}
