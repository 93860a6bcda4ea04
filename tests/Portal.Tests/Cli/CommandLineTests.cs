using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Portal.Web.Cli;

namespace Portal.Tests.Cli;

public sealed class CommandLineTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"portal-cli-{Guid.NewGuid():N}.db");

    private static Task<(int Exit, string Out, string Err)> Run(params string[] args) => RunWithInput(null, args);

    private static async Task<(int Exit, string Out, string Err)> RunWithInput(string? stdin, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CommandLine.RunAsync(args, stdout, stderr, stdin is null ? null : new StringReader(stdin));
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private long Scalar(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={_file}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar());
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("seed", "--employees")]
    [InlineData("seed", "--employees", "many")]
    [InlineData("seed", "--employees", "0")]
    [InlineData("seed", "--as-of", "31-01-2025")]
    [InlineData("migrate", "--colour", "blue")]
    [InlineData("migrate", "extra")]
    public async Task Bad_arguments_print_usage_and_exit_non_zero(params string[] args)
    {
        var (exit, stdout, stderr) = await Run(args);

        Assert.Equal(CommandLine.Usage, exit);
        Assert.Contains("Usage:", stderr);
        Assert.Equal("", stdout);
    }

    [Fact]
    public void Web_host_options_are_not_taken_for_commands()
    {
        Assert.False(CommandLine.IsCommand(["--urls", "http://localhost:5001"]));
        Assert.False(CommandLine.IsCommand(["Database:Provider=Sqlite"]));
        Assert.False(CommandLine.IsCommand([]));
        Assert.True(CommandLine.IsCommand(["seed"]));
    }

    [Fact]
    public async Task Snapshot_recounts_the_figures_and_the_campaigns()
    {
        Assert.Equal(CommandLine.Ok, (await Run("seed", "--employees", "1500", "--database", _file)).Exit);

        var (exit, stdout, _) = await Run("snapshot", "--database", _file);

        Assert.Equal(CommandLine.Ok, exit);
        var json = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(Scalar("SELECT COUNT(*) FROM Employees WHERE Status = 1"), json.GetProperty("employees").GetInt32());
        Assert.Equal(Scalar("SELECT COUNT(*) FROM Campaigns"), json.GetProperty("campaigns").GetInt32());
        Assert.Equal(Scalar("SELECT COUNT(*) FROM Employees WHERE Status = 1"), Scalar("SELECT SUM(Workforce) FROM ComplianceCells"));
        Assert.Equal(Scalar("SELECT COUNT(DISTINCT CampaignId) FROM CampaignCounts"), Scalar("SELECT COUNT(*) FROM Campaigns"));
    }

    [Fact]
    public async Task Migrate_creates_the_schema_in_the_given_file()
    {
        var (exit, stdout, _) = await Run("migrate", "--database", _file);

        Assert.Equal(CommandLine.Ok, exit);
        Assert.Equal("migrated", JsonDocument.Parse(stdout).RootElement.GetProperty("status").GetString());
        Assert.Equal(1, Scalar("SELECT COUNT(*) FROM sqlite_master WHERE name = 'Employees'"));
        Assert.Equal(0, Scalar("SELECT COUNT(*) FROM Employees"));
    }

    [Fact]
    public async Task Seed_migrates_a_new_file_then_prints_what_it_made_and_refuses_a_second_seed()
    {
        var (exit, stdout, _) = await Run("seed", "--employees", "2500", "--database", _file);

        Assert.Equal(CommandLine.Ok, exit);
        var json = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(2500, json.GetProperty("employees").GetInt32());
        Assert.Equal(2500, Scalar("SELECT COUNT(*) FROM Employees"));
        Assert.Equal(json.GetProperty("enrolments").GetInt32(), Scalar("SELECT COUNT(*) FROM Enrolments"));
        Assert.Equal(json.GetProperty("completions").GetInt32(), Scalar("SELECT COUNT(*) FROM Enrolments WHERE Status = 2"));
        Assert.Equal(5, json.GetProperty("demoAccounts").GetInt32());
        Assert.Equal(1, Scalar("SELECT COUNT(*) FROM Users WHERE LoginName = 'cs.review@up.gov.in' AND Role = 1"));
        Assert.Equal(1, Scalar("SELECT COUNT(*) FROM Settings WHERE Key = 'demo-state'"));

        var (again, _, stderr) = await Run("seed", "--employees", "100", "--database", _file);
        Assert.Equal(CommandLine.Failed, again);
        Assert.Contains("already holds a state", stderr);
        Assert.Equal(2500, Scalar("SELECT COUNT(*) FROM Employees"));
    }

    private const string Strong = "a-strong-state-password";

    [Fact]
    public async Task Admin_create_makes_a_state_admin_from_the_password_on_stdin_who_can_sign_in()
    {
        Assert.Equal(CommandLine.Ok, (await Run("migrate", "--database", _file)).Exit);

        var (exit, stdout, _) = await RunWithInput(Strong + "\n", "admin", "create", "--login", "IT.Cell@UP.gov.in", "--name", "State IT Cell", "--database", _file);

        Assert.Equal(CommandLine.Ok, exit);
        var json = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(["status", "login", "role"], json.EnumerateObject().Select(p => p.Name));
        Assert.Equal("created", json.GetProperty("status").GetString());
        Assert.Equal("it.cell@up.gov.in", json.GetProperty("login").GetString());
        Assert.Equal("StateAdmin", json.GetProperty("role").GetString());
        Assert.Single(stdout.Trim().Split('\n'));
        Assert.Equal(1, Scalar("SELECT COUNT(*) FROM AuditEntries WHERE Action = 'user-created' AND Channel = 'cli' AND Details LIKE 'it.cell@up.gov.in%'"));
        Assert.DoesNotContain(Strong, string.Join("\n", Rows("SELECT PasswordHash FROM Users")));

        var options = new Microsoft.EntityFrameworkCore.DbContextOptionsBuilder<Portal.Web.Data.SqlitePortalDbContext>()
            .UseSqlite(Portal.Web.Data.DatabaseSetup.SqliteConnectionString(_file)).Options;
        var access = new Portal.Web.Features.Access.AccessService(new Factory(options), new Microsoft.AspNetCore.Identity.PasswordHasher<Portal.Web.Data.PortalUser>(), TimeProvider.System);
        var (result, user) = await access.CheckPasswordAsync("it.cell@up.gov.in", Strong);
        Assert.Equal(Portal.Web.Features.Access.PasswordCheck.Ok, result);
        Assert.True((await access.GetUserAsync(user!.Id))!.IsStateAdmin);
    }

    [Fact]
    public async Task Admin_create_refuses_a_password_argument_a_weak_password_and_an_existing_login()
    {
        Assert.Equal(CommandLine.Ok, (await Run("migrate", "--database", _file)).Exit);

        var argument = await RunWithInput(Strong, "admin", "create", "--login", "a@up.gov.in", "--name", "A", "--password", Strong, "--database", _file);
        Assert.Equal(CommandLine.Usage, argument.Exit);
        Assert.Contains("never takes a password as an argument", argument.Err);

        var weak = await RunWithInput("short-pass1\n", "admin", "create", "--login", "a@up.gov.in", "--name", "A", "--database", _file);
        Assert.Equal(CommandLine.Failed, weak.Exit);
        Assert.Contains("at least 12 characters", weak.Err);

        Assert.Equal(CommandLine.Ok, (await RunWithInput(Strong, "admin", "create", "--login", "a@up.gov.in", "--name", "A", "--database", _file)).Exit);
        var again = await RunWithInput(Strong + "-2", "admin", "create", "--login", "A@up.gov.in", "--name", "A again", "--database", _file);
        Assert.Equal(CommandLine.Failed, again.Exit);
        Assert.Contains("already signs in as a@up.gov.in", again.Err);

        var missing = await RunWithInput(Strong, "admin", "create", "--login", "b@up.gov.in", "--database", _file);
        Assert.Equal(CommandLine.Usage, missing.Exit);

        foreach (var run in new[] { argument, weak, again, missing }) Assert.Equal("", run.Out);
        Assert.Equal(1, Scalar("SELECT COUNT(*) FROM Users"));
    }

    private List<string> Rows(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={_file}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read()) rows.Add(reader.GetString(0));
        return rows;
    }

    private sealed class Factory(Microsoft.EntityFrameworkCore.DbContextOptions<Portal.Web.Data.SqlitePortalDbContext> options)
        : Microsoft.EntityFrameworkCore.IDbContextFactory<Portal.Web.Data.PortalDbContext>
    {
        public Portal.Web.Data.PortalDbContext CreateDbContext() => new Portal.Web.Data.SqlitePortalDbContext(options);
    }

    public void Dispose()
    {
        TestDatabase.DeleteFiles(_file);
    }
}
