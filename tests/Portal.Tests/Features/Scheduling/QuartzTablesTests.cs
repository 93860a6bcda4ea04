using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Portal.Web.Data;
using Portal.Web.Data.Migrations.Quartz;

namespace Portal.Tests.Features.Scheduling;

/// <summary>Quartz.NET's job-store tables come from the portal's migrations, from Quartz's own DDL per provider.</summary>
public sealed class QuartzTablesTests
{
    private static readonly string[] CoreTables =
        ["QRTZ_JOB_DETAILS", "QRTZ_TRIGGERS", "QRTZ_SIMPLE_TRIGGERS", "QRTZ_CRON_TRIGGERS", "QRTZ_FIRED_TRIGGERS", "QRTZ_LOCKS", "QRTZ_SCHEDULER_STATE"];

    [Fact]
    public async Task The_sqlite_migration_creates_the_job_store_tables()
    {
        using var db = await TestDatabase.CreateAsync();
        var created = QuartzTables.Statements("quartz_sqlite.sql").Count(s => s.Contains("CREATE TABLE", StringComparison.Ordinal));
        Assert.Equal(created, db.Scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name LIKE 'QRTZ%'"));
        foreach (var table in CoreTables)
            Assert.Equal(1, db.Scalar($"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{table}'"));
    }

    [Fact]
    public void The_sql_server_migration_runs_the_job_store_ddl_and_every_statement_is_valid_t_sql()
    {
        using var db = new SqlServerPortalDbContext(new DbContextOptionsBuilder<SqlServerPortalDbContext>()
            .UseSqlServer("Server=unused;Database=Portal;TrustServerCertificate=True").Options);
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
        foreach (var table in CoreTables)
            Assert.Contains($"CREATE TABLE {table}", script);

        var statements = QuartzTables.Statements("quartz_sqlserver.sql").ToList();
        Assert.True(statements.Count > 20);
        foreach (var statement in statements)
        {
            new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(statement), out var errors);
            Assert.True(errors.Count == 0, $"{string.Join("; ", errors.Select(e => e.Message))}\n{statement}");
            Assert.DoesNotContain("{0}", statement);
        }
    }
}
