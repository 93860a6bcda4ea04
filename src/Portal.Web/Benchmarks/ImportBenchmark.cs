using System.Diagnostics;
using System.Text.Json;
using ClosedXML.Excel;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Features.DemoData;
using Portal.Web.Features.Rosters;
using Portal.Web.Features.Uploads;

namespace Portal.Web.Benchmarks;

/// <summary>
/// `bench import --rows N`: generates a roster of N rows, imports it into a fresh SQLite database through the
/// same service as the page (parse + validate + upsert + commit), then reads the same file with ClosedXML alone
/// in a child process (so each peak working set is its own), and prints one JSON object.
/// </summary>
public static class ImportBenchmark
{
    public static async Task<object> RunAsync(int rows, string workFolder, TextWriter log, CancellationToken ct = default)
    {
        Directory.CreateDirectory(workFolder);
        var file = Path.Combine(workFolder, $"roster-{rows}.xlsx");
        var database = Path.Combine(workFolder, $"bench-import-{rows}-{Guid.NewGuid():N}.db");

        var clock = Stopwatch.StartNew();
        RosterFileGenerator.Write(file, rows);
        var generateSeconds = clock.Elapsed.TotalSeconds;
        await log.WriteLineAsync($"generated {rows:N0} rows ({new FileInfo(file).Length / 1048576.0:0.0} MB) in {generateSeconds:0.0} s");

        var options = new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite(DatabaseSetup.SqliteConnectionString(database)).Options;
        var factory = new BenchProcess.SqliteFactory(options);
        await DatabaseSetup.MigrateAsync(factory, ct);
        await new DemoStateGenerator(factory, NullLogger<DemoStateGenerator>.Instance).SeedAsync(new DemoStateOptions { Employees = 1 }, ct: ct);
        var hasher = new PasswordHasher<PortalUser>();
        await DemoUsers.SeedAsync(factory, hasher, TimeProvider.System, ct);
        var admin = (await new AccessService(factory, hasher, TimeProvider.System).FindByLoginAsync(DemoUsers.StateAdmin, ct))!;
        var service = new RosterImportService(factory, new ImportOptions { Folder = Path.Combine(workFolder, "imports") }, TimeProvider.System, NullLogger<RosterImportService>.Instance);

        GC.Collect();
        clock.Restart();
        var result = await service.ImportAsync(admin, file, Path.GetFileName(file), completeRoster: false, ct: ct);
        var seconds = clock.Elapsed.TotalSeconds;
        var peak = Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0;
        if (result.FileProblem is not null || result.New != rows)
            throw new InvalidOperationException($"The benchmark import did not import every row: {result.FileProblem} ({result.New} new, {result.Rejected} rejected)");
        await log.WriteLineAsync($"imported {result.New:N0} rows in {seconds:0.0} s, peak working set {peak:0} MB; " +
            string.Join(", ", result.Timings.Select(t => $"{t.Key} {t.Value:0.00}")));

        // The general path: the same file again, every row now found and compared (nothing to write).
        clock.Restart();
        var again = await service.ImportAsync(admin, file, Path.GetFileName(file), completeRoster: false, ct: ct);
        var reimportSeconds = clock.Elapsed.TotalSeconds;
        await log.WriteLineAsync($"re-imported it in {reimportSeconds:0.0} s ({again.Unchanged:N0} unchanged)");

        var closedXml = await RunClosedXmlChildAsync(file, ct);
        await log.WriteLineAsync($"ClosedXML alone read it in {closedXml.Seconds:0.0} s, peak working set {closedXml.PeakMb:0} MB");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var f in Directory.GetFiles(workFolder, Path.GetFileName(database) + "*")) File.Delete(f);

        return new
        {
            rows,
            seconds = Math.Round(seconds, 2),
            peakWorkingSetMb = Math.Round(peak),
            closedXmlSeconds = Math.Round(closedXml.Seconds, 2),
            closedXmlPeakWorkingSetMb = Math.Round(closedXml.PeakMb),
            speedup = Math.Round(closedXml.Seconds / seconds, 1),
            memoryRatio = Math.Round(closedXml.PeakMb / peak, 1),
            fileMb = Math.Round(new FileInfo(file).Length / 1048576.0, 1),
            imported = result.New,
            reimportSeconds = Math.Round(reimportSeconds, 2),
        };
    }

    /// <summary>The baseline: ClosedXML loading the workbook and touching every cell (run in a child process).</summary>
    public static object ReadWithClosedXml(string file)
    {
        var clock = Stopwatch.StartNew();
        using var workbook = new XLWorkbook(file);
        long cells = 0;
        foreach (var row in workbook.Worksheet(1).RowsUsed())
            foreach (var cell in row.CellsUsed())
                if (cell.GetString().Length >= 0) cells++;
        return new { seconds = clock.Elapsed.TotalSeconds, peakWorkingSetMb = Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0, cells };
    }

    private static async Task<(double Seconds, double PeakMb)> RunClosedXmlChildAsync(string file, CancellationToken ct)
    {
        var (exitCode, output, errors) = await BenchProcess.RunSelfAsync(["bench", "closedxml-read", file], ct);
        if (exitCode != 0) throw new InvalidOperationException("The ClosedXML baseline failed: " + errors);
        using var json = JsonDocument.Parse(output);
        return (json.RootElement.GetProperty("seconds").GetDouble(), json.RootElement.GetProperty("peakWorkingSetMb").GetDouble());
    }
}
