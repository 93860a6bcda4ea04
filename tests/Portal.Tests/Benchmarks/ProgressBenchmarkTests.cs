using Microsoft.Data.Sqlite;

namespace Portal.Tests.Benchmarks;

public sealed class ProgressBenchmarkTests
{
    [Fact]
    public async Task Bench_progress_imports_a_generated_report_and_times_its_floor()
    {
        var work = Path.Combine(Path.GetTempPath(), "progress-bench-test-" + Guid.NewGuid().ToString("N"));
        var database = Path.Combine(work, "state.db");
        var stdout = new StringWriter();
        try
        {
            var exit = await Portal.Web.Cli.CommandLine.RunAsync(
                ["bench", "progress", "--rows", "3000", "--employees", "1500", "--database", database, "--work", work], stdout, new StringWriter());

            Assert.Equal(Portal.Web.Cli.CommandLine.Ok, exit);
            var json = System.Text.Json.JsonDocument.Parse(stdout.ToString()).RootElement;
            Assert.Equal(3000, json.GetProperty("rows").GetInt32());
            Assert.Equal(1500, json.GetProperty("employees").GetInt32());
            var seconds = json.GetProperty("seconds").GetDouble();
            var floor = json.GetProperty("floorSeconds").GetDouble();
            Assert.True(seconds > 0 && floor > 0);
            Assert.InRange(json.GetProperty("ratio").GetDouble(), seconds / floor * 0.8 - 0.1, seconds / floor * 1.2 + 0.1);
            Assert.True(json.GetProperty("peakWorkingSetMb").GetDouble() > 0);
            // The import's own peak, the setup's beside it (on Linux the kernel's high-water mark is reset between them).
            Assert.True(json.GetProperty("setupPeakWorkingSetMb").GetDouble() > 0);
            Assert.Equal(!OperatingSystem.IsLinux(), json.GetProperty("peakIncludesSetup").GetBoolean());
            // One person in ten is a stranger; the others match by code, e-mail or mobile.
            Assert.Equal(300, json.GetProperty("unmatched").GetInt32());
            Assert.Equal(2700, json.GetProperty("matched").GetInt32());
            Assert.True(json.GetProperty("byCode").GetInt32() > 0 && json.GetProperty("byEmail").GetInt32() > 0 && json.GetProperty("byMobile").GetInt32() > 0);

            // What it printed is what the database holds (the state is kept where --database said).
            using var connection = new SqliteConnection($"Data Source={database}");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM Enrolments";
            Assert.Equal(json.GetProperty("completions").GetInt32() + json.GetProperty("enrolments").GetInt32(), Convert.ToInt32(command.ExecuteScalar()));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
    }
}
