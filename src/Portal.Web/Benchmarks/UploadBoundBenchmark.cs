using System.Diagnostics;
using System.Text.Json;
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
/// `bench upload-bound`: builds each hostile file of <see cref="HostileRosterFiles.Shapes"/> and previews it
/// through the same service as the page, each in a child process of its own (so each peak working set is that
/// shape's alone), and prints one JSON object with the peak per shape against the documented bound.
/// </summary>
public static class UploadBoundBenchmark
{
    /// <summary>The documented bound (README, "Uploading staff rosters"): no upload takes more than this.</summary>
    public const int BoundMegabytes = 600;

    public static async Task<object> RunAsync(string workFolder, TextWriter log, CancellationToken ct = default)
    {
        Directory.CreateDirectory(workFolder);
        var shapes = new List<JsonElement>();
        foreach (var (name, _, _) in HostileRosterFiles.Shapes)
        {
            var figures = await RunChildAsync(name, workFolder, ct);
            await log.WriteLineAsync($"{name}: {figures.GetProperty("outcome").GetString()}, peak working set {figures.GetProperty("peakWorkingSetMb").GetDouble():0} MB " +
                $"in {figures.GetProperty("seconds").GetDouble():0.0} s — {figures.GetProperty("message").GetString()}");
            shapes.Add(figures);
        }
        var worst = shapes.Max(s => s.GetProperty("peakWorkingSetMb").GetDouble());
        return new
        {
            boundMb = BoundMegabytes,
            worstPeakWorkingSetMb = worst,
            withinBound = worst <= BoundMegabytes,
            shapes,
        };
    }

    /// <summary>In the child: build one shape, preview it, report.</summary>
    public static async Task<object> RunShapeAsync(string shape, string workFolder, CancellationToken ct = default)
    {
        var (name, extension, write) = HostileRosterFiles.Shapes.Single(s => s.Name == shape);
        Directory.CreateDirectory(workFolder);
        var file = Path.Combine(workFolder, name + extension);
        var database = Path.Combine(workFolder, $"bench-bound-{Guid.NewGuid():N}.db");
        write(file);

        var options = new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite(DatabaseSetup.SqliteConnectionString(database)).Options;
        var factory = new BenchProcess.SqliteFactory(options);
        await DatabaseSetup.MigrateAsync(factory, ct);
        await new DemoStateGenerator(factory, NullLogger<DemoStateGenerator>.Instance).SeedAsync(new DemoStateOptions { Employees = 1 }, ct: ct);
        var hasher = new PasswordHasher<PortalUser>();
        await DemoUsers.SeedAsync(factory, hasher, TimeProvider.System, ct);
        var admin = (await new AccessService(factory, hasher, TimeProvider.System).FindByLoginAsync(DemoUsers.StateAdmin, ct))!;
        var service = new RosterImportService(factory, new ImportOptions { Folder = Path.Combine(workFolder, "imports") }, TimeProvider.System,
            NullLogger<RosterImportService>.Instance, queue: new ImportQueue(1));

        GC.Collect();
        var before = Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0;
        var clock = Stopwatch.StartNew();
        var result = await service.PreviewAsync(admin, file, Path.GetFileName(file), ct: ct);
        var seconds = clock.Elapsed.TotalSeconds;
        var peak = Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0;
        var size = new FileInfo(file).Length;
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var f in Directory.GetFiles(workFolder, Path.GetFileName(database) + "*")) File.Delete(f);
        File.Delete(file);
        return new
        {
            shape = name,
            fileKb = Math.Round(size / 1024.0),
            outcome = result.FileRejected ? "rejected" : result.ServerFailure ? "failed" : result.Outcome.ToString().ToLowerInvariant(),
            message = result.FileProblem ?? $"{result.RowsRead} rows read, {result.Rejected} rejected, {result.ErrorCount} errors",
            rowsRead = result.RowsRead,
            rejected = result.Rejected,
            errorCount = result.ErrorCount,
            seconds = Math.Round(seconds, 2),
            peakBeforePreviewMb = Math.Round(before),
            peakWorkingSetMb = Math.Round(peak),
        };
    }

    private static async Task<JsonElement> RunChildAsync(string shape, string workFolder, CancellationToken ct)
    {
        var (exitCode, output, errors) = await BenchProcess.RunSelfAsync(["bench", "upload-bound-shape", shape, workFolder], ct);
        if (exitCode != 0)
            return JsonSerializer.SerializeToElement(new { shape, outcome = "crashed", message = $"exit {exitCode}: {Tail(errors)}", seconds = 0.0, peakWorkingSetMb = double.NaN });
        using var json = JsonDocument.Parse(output);
        return json.RootElement.Clone();
    }

    private static string Tail(string text) => text.Length > 2000 ? text[^2000..] : text;
}
