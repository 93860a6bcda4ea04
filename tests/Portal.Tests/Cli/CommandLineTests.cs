using System.Text.Json;
using Microsoft.Data.Sqlite;
using Portal.Web.Cli;

namespace Portal.Tests.Cli;

public sealed class CommandLineTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"portal-cli-{Guid.NewGuid():N}.db");

    private static async Task<(int Exit, string Out, string Err)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CommandLine.RunAsync(args, stdout, stderr);
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

        var (again, _, stderr) = await Run("seed", "--employees", "100", "--database", _file);
        Assert.Equal(CommandLine.Failed, again);
        Assert.Contains("already holds a state", stderr);
        Assert.Equal(2500, Scalar("SELECT COUNT(*) FROM Employees"));
    }

    public void Dispose()
    {
        TestDatabase.DeleteFiles(_file);
    }
}
