using System.Reflection;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Portal.Web.Data.Migrations.Quartz;

/// <summary>
/// Quartz.NET's job-store tables (QRTZ_*), created by the portal's own migrations rather than by the scheduler at start:
/// the DDL is Quartz 4.7.3's own schema for each database (the script its store runs for <c>SchemaProvisioning.CreateIfMissing</c>),
/// kept verbatim beside this class as one file per provider. Every statement there creates only what is missing.
/// </summary>
public static class QuartzTables
{
    /// <summary>The table prefix the scheduler is configured with (Quartz's default).</summary>
    public const string Prefix = "QRTZ_";

    public static void CreateSqlite(MigrationBuilder migration) => Create(migration, "quartz_sqlite.sql");

    public static void CreateSqlServer(MigrationBuilder migration) => Create(migration, "quartz_sqlserver.sql");

    private static void Create(MigrationBuilder migration, string file)
    {
        foreach (var statement in Statements(file))
            migration.Sql(statement);
    }

    /// <summary>The script's statements: split on its "--;;" lines, the prefix put in for {0} and {1}, comment-only pieces dropped.</summary>
    public static IEnumerable<string> Statements(string file)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Portal.Web.Data.Migrations.Quartz.{file}")
            ?? throw new InvalidOperationException($"Quartz schema {file} is not embedded in the portal.");
        using var reader = new StreamReader(stream);
        var script = reader.ReadToEnd().Replace("\r\n", "\n");
        foreach (var piece in script.Split("\n--;;\n"))
        {
            var sql = piece.Replace("{0}", Prefix).Replace("{1}", Prefix).Trim();
            if (sql.Split('\n').All(line => line.TrimStart().StartsWith("--", StringComparison.Ordinal) || line.Trim().Length == 0)) continue;
            yield return sql;
        }
    }
}
