namespace Portal.Tests.Benchmarks;

public sealed class SnapshotBenchTests
{
    [Fact]
    public async Task Bench_snapshot_times_a_full_recount_then_one_changed_district()
    {
        using var db = await TestDatabase.CopyOfSmallStateAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var lucknow = db.Scalar("SELECT COUNT(*) FROM Employees e JOIN Districts d ON d.Id = e.DistrictId WHERE d.Name = 'Lucknow' AND e.Status = 1");
        var stdout = new StringWriter();

        var exit = await Portal.Web.Cli.CommandLine.RunAsync(["bench", "snapshot", "--database", db.File], stdout, new StringWriter());

        Assert.Equal(Portal.Web.Cli.CommandLine.Ok, exit);
        var json = System.Text.Json.JsonDocument.Parse(stdout.ToString()).RootElement;
        var full = json.GetProperty("fullSeconds").GetDouble();
        var incremental = json.GetProperty("incrementalSeconds").GetDouble();
        Assert.True(full > 0);
        Assert.True(incremental > 0);
        // The seconds are printed rounded to 0.01 s and the ratio from the unrounded times: allow that rounding's share.
        var ratio = json.GetProperty("ratio").GetDouble();
        var roundingShare = 0.005 / incremental + 0.005 / full;
        Assert.InRange(ratio, full / incremental * (1 - roundingShare) - 0.1, full / incremental * (1 + roundingShare) + 0.1);
        Assert.Equal("Lucknow", json.GetProperty("district").GetString());
        Assert.Equal(lucknow, json.GetProperty("districtEmployees").GetInt64());
        var left = json.GetProperty("changed").GetProperty("left").GetInt32();
        Assert.True(left > 0);
        Assert.True(json.GetProperty("changed").GetProperty("completed").GetInt32() > 0);
        // What it printed is what the database now holds: the district's change counted.
        Assert.Equal(db.Scalar("SELECT COUNT(*) FROM Employees WHERE Status = 1"), json.GetProperty("employeesAfter").GetInt64());
        Assert.Equal(json.GetProperty("employees").GetInt64() - left, json.GetProperty("employeesAfter").GetInt64());
        Assert.Equal(db.Scalar("SELECT SUM(Workforce) FROM ComplianceCells"), json.GetProperty("employeesAfter").GetInt64());
        Assert.Equal(1, db.Scalar("SELECT DistrictsRecounted FROM ComplianceSnapshots ORDER BY Id DESC LIMIT 1"));
    }
}
