using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Portal.Web.Data;

namespace Portal.Web.Benchmarks;

/// <summary>What the bench verbs share: a run of this executable in a child process, and a factory over one SQLite file.</summary>
internal static class BenchProcess
{
    /// <summary>
    /// Runs this executable with <paramref name="arguments"/> in a child process (so that its peak working set is its own)
    /// and returns its exit code, stdout and stderr, both read while it runs.
    /// </summary>
    public static async Task<(int ExitCode, string Output, string Errors)> RunSelfAsync(IEnumerable<string> arguments, CancellationToken ct)
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, FileName = self };
        // Under `dotnet run` the process is the dotnet host: name the app's assembly first.
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(typeof(BenchProcess).Assembly.Location);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var child = Process.Start(start)!;
        var errors = child.StandardError.ReadToEndAsync(ct);
        var output = await child.StandardOutput.ReadToEndAsync(ct);
        await child.WaitForExitAsync(ct);
        return (child.ExitCode, output, await errors);
    }

    /// <summary>Contexts over the benchmark's own SQLite file.</summary>
    public sealed class SqliteFactory(DbContextOptions<SqlitePortalDbContext> options) : IDbContextFactory<PortalDbContext>
    {
        public PortalDbContext CreateDbContext() => new SqlitePortalDbContext(options);
    }
}
