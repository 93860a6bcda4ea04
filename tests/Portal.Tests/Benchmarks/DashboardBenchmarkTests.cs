namespace Portal.Tests.Benchmarks;

public sealed class DashboardBenchTests
{
    [Fact]
    public async Task Bench_dashboard_prints_the_figures_it_measured_on_the_given_database()
    {
        using var db = await TestDatabase.CopyOfSmallStateAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var stdout = new StringWriter();

        var exit = await Portal.Web.Cli.CommandLine.RunAsync(["bench", "dashboard", "--database", db.File], stdout, new StringWriter());

        Assert.Equal(Portal.Web.Cli.CommandLine.Ok, exit);
        var json = System.Text.Json.JsonDocument.Parse(stdout.ToString()).RootElement;
        Assert.Equal(db.Scalar("SELECT COUNT(*) FROM Employees WHERE Status = 1"), json.GetProperty("employees").GetInt64());
        // Every timing was measured (a skipped or zeroed one fails), and the ratio is of the two it names.
        foreach (var field in new[] { "stateMs", "drillMs", "employeeListMs", "naiveStateMs", "ratio" })
            Assert.True(json.GetProperty(field).GetDouble() > 0, field);
        var drill = json.GetProperty("drillSteps").EnumerateObject().Select(p => p.Value.GetDouble()).ToList();
        Assert.Equal(drill.Max(), json.GetProperty("drillMs").GetDouble());
        Assert.Equal(Math.Round(json.GetProperty("naiveStateMs").GetDouble() / json.GetProperty("stateMs").GetDouble(), 1), json.GetProperty("ratio").GetDouble(), 0.6);
        Assert.True(json.GetProperty("snapshotRebuildSeconds").GetDouble() > 0); // the copy had no snapshot yet
    }
}
