using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Web.Data;
using Portal.Web.Features.DemoData;
using Portal.Web.Infrastructure;

namespace Portal.Web.Cli;

/// <summary>
/// Admin verbs run before the web host starts (state IT cells run them from cron):
/// `migrate` and `seed`. Output for machines goes to stdout as JSON, logs to stderr.
/// </summary>
public static class CommandLine
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 64;

    public const string UsageText = """
        Usage:
          Portal.Web                                 start the web portal
          Portal.Web migrate [--database <file>]     create or upgrade the database schema
          Portal.Web seed [--employees N] [--seed N] [--as-of yyyy-mm-dd] [--database <file>]
                                                     fill an empty database with a generated demo state
                                                     (default 100000 employees; a new file is migrated first)

          --database <file>   work on this SQLite file instead of the configured database
        """;

    private static readonly string[] Verbs = ["migrate", "seed", "help"];

    /// <summary>True when the arguments name an admin verb (or look like one) rather than web host options.</summary>
    public static bool IsCommand(string[] args) => args.Length > 0 && !args[0].StartsWith('-') && !args[0].Contains('=');

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var verb = args[0].ToLowerInvariant();
        if (!Verbs.Contains(verb) || verb == "help")
        {
            if (verb != "help") await stderr.WriteLineAsync($"Unknown command '{args[0]}'.");
            await stderr.WriteLineAsync(UsageText);
            return verb == "help" ? Ok : Usage;
        }

        if (!TryParseOptions(args.AsSpan(1), out var options, out var error))
        {
            await stderr.WriteLineAsync(error);
            await stderr.WriteLineAsync(UsageText);
            return Usage;
        }

        try
        {
            using var host = BuildHost(options.GetValueOrDefault("database"));
            var factory = host.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
            switch (verb)
            {
                case "migrate":
                    await DatabaseSetup.MigrateAsync(factory);
                    await stdout.WriteLineAsync(JsonSerializer.Serialize(new { status = "migrated" }));
                    return Ok;
                case "seed":
                    return await SeedAsync(host.Services, factory, options, stdout, stderr);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or DbUpdateException or Microsoft.Data.Sqlite.SqliteException)
        {
            await stderr.WriteLineAsync($"{verb} failed: {ex.Message}");
            return Failed;
        }
        return Usage;
    }

    private static async Task<int> SeedAsync(IServiceProvider services, Microsoft.EntityFrameworkCore.IDbContextFactory<PortalDbContext> factory,
        Dictionary<string, string> options, TextWriter stdout, TextWriter stderr)
    {
        var demo = new DemoStateOptions();
        if (options.TryGetValue("employees", out var employees))
        {
            if (!int.TryParse(employees.Replace("_", "").Replace(",", ""), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1 || n > 10_000_000)
                return await UsageError(stderr, $"--employees must be a whole number from 1 to 10000000, not '{employees}'.");
            demo = demo with { Employees = n };
        }
        if (options.TryGetValue("seed", out var seed))
        {
            if (!int.TryParse(seed, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s))
                return await UsageError(stderr, $"--seed must be a whole number, not '{seed}'.");
            demo = demo with { Seed = s };
        }
        if (options.TryGetValue("as-of", out var asOf))
        {
            if (!DateOnly.TryParseExact(asOf, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                return await UsageError(stderr, $"--as-of must be a date as yyyy-mm-dd, not '{asOf}'.");
            demo = demo with { AsOf = d };
        }

        await DatabaseSetup.MigrateAsync(factory);
        var progress = new Progress<string>(message => stderr.WriteLine(message));
        var summary = await services.GetRequiredService<DemoStateGenerator>().SeedAsync(demo, progress);
        await stdout.WriteLineAsync(JsonSerializer.Serialize(new
        {
            status = "seeded",
            employees = summary.Employees,
            enrolments = summary.Enrolments,
            completions = summary.Completions,
            seconds = Math.Round(summary.Seconds, 1),
        }));
        return Ok;
    }

    private static async Task<int> UsageError(TextWriter stderr, string message)
    {
        await stderr.WriteLineAsync(message);
        await stderr.WriteLineAsync(UsageText);
        return Usage;
    }

    private static readonly string[] KnownOptions = ["database", "employees", "seed", "as-of"];

    internal static bool TryParseOptions(ReadOnlySpan<string> args, out Dictionary<string, string> options, out string error)
    {
        options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        error = "";
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--") || !KnownOptions.Contains(arg[2..], StringComparer.OrdinalIgnoreCase))
            {
                error = $"Unexpected argument '{arg}'.";
                return false;
            }
            if (i + 1 >= args.Length || args[i + 1].StartsWith("--"))
            {
                error = $"{arg} needs a value.";
                return false;
            }
            options[arg[2..]] = args[++i];
        }
        return true;
    }

    private static IHost BuildHost(string? sqliteFile)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppPaths.AppFolder });
        builder.Configuration.AddRootAppSettings();
        builder.Logging.ClearProviders();
        // stdout is for the command's JSON; all logging goes to stderr.
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddPortalDatabase(builder.Configuration, sqliteFile);
        builder.Services.AddPortalFeatures(builder.Configuration);
        return builder.Build();
    }
}
