using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Web.Benchmarks;
using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Features.CbPlans;
using Portal.Web.Features.DemoData;
using Portal.Web.Features.Progress;
using Portal.Web.Features.Rosters;
using Portal.Web.Features.Uploads;
using Portal.Web.Infrastructure;
using Portal.Web.Infrastructure.Localization;

namespace Portal.Web.Cli;

/// <summary>
/// Admin verbs run before the web host starts (state IT cells run them from cron). Output for machines goes
/// to stdout as one JSON object, logs and messages to stderr. They use the same services as the pages.
/// </summary>
public static partial class CommandLine
{
    public const int Ok = 0;
    public const int Failed = 1;
    /// <summary>`import`: the file itself was rejected (not a spreadsheet, no header, too big...).</summary>
    public const int FileRejected = 2;
    public const int Usage = 64;

    public const string UsageText = """
        Usage:
          Portal.Web                                 start the web portal
          Portal.Web migrate [--database <file>]     create or upgrade the database schema
          Portal.Web seed [--employees N] [--seed N] [--as-of yyyy-mm-dd] [--database <file>]
                                                     fill an empty database with a generated demo state
                                                     (default 100000 employees; a new file is migrated first)
          Portal.Web import roster <file> --as <login> [--commit] [--complete-roster] [--database <file>]
                                                     check a staff roster (.xlsx/.csv) as that user; with --commit
                                                     import its valid rows. Exit 0 accepted, 2 file rejected.
          Portal.Web import progress <file> --as <login> [--password <p>] [--commit] [--database <file>]
                                                     check an iGOT report (the zip as downloaded, with the password
                                                     iGOT showed, or one CSV / .xlsx) as that user; with --commit
                                                     import it. Exit 0 accepted, 2 file rejected (a wrong password too).
          Portal.Web import cbplan <file> --as <login> [--password <p>] [--commit] [--database <file>]
                                                     check iGOT's CB plan report (CBPEnrollmentReport.csv, alone, as
                                                     .xlsx or in the reports zip with its password) as that user; with
                                                     --commit record its allocations. Exit codes as for progress.
          Portal.Web snapshot [--database <file>]    recount the dashboard's and campaigns' figures now
          Portal.Web admin create --login <e-mail> --name <name> [--database <file>]
                                                     create a StateAdmin (e.g. a real state's first account); the
                                                     password is read from the terminal (not echoed) or from stdin
                                                     when redirected, never from an argument; 12 characters or more
          Portal.Web export acr --year 2025-26 --as <login> [--district <name>] [--office <name>] [--mask]
                     --out <file.xlsx> [--database <file>]
                                                     write the ACR training workbook (employees, summary, courses)
                                                     of the login's scope; --mask: e-mail domain and the last 4
                                                     digits of the mobile only. Exit 1 when the login may not export
          Portal.Web export pack --as <login> --out <file.xlsx> [--by district|<grouping kind>] [--database <file>]
                                                     write the weekly review pack (headline figures, districts or
                                                     groupings ranked, departments, running campaigns, upload
                                                     freshness) of the login's scope; any active user may
          Portal.Web bench acr --employees N [--rounds R] [--database <file>]
                                                     time the ACR export of a department of N employees beside its
                                                     floor (the same rows through the bare streaming writer)
          Portal.Web bench import --rows N           time a roster import of N generated rows against ClosedXML
          Portal.Web bench progress --rows N --employees M [--database <file>]
                                                     time a progress import of an N-row iGOT report against M
                                                     employees, beside its floor (reading the report alone, and
                                                     inserting N rows into a bare table); --database: where to
                                                     make the state (replaced; kept after the run)
          Portal.Web bench upload-bound              peak memory of previewing hostile uploads (XFD columns, long
                                                     cells, huge values, shared strings, zip entries, bad rows)
          Portal.Web bench dashboard [--database <file>]
                                                     time the dashboard's services (on a state made by seed)
          Portal.Web bench snapshot [--database <file>] [--district <name>]
                                                     time a recount of the whole state, then of one district
                                                     after changing its data (default Lucknow; the change stays)

          --database <file>   work on this SQLite file instead of the configured database
        """;

    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly Dictionary<string, (string[] Options, string[] Flags, int Positionals)> Verbs = new()
    {
        ["migrate"] = (["database"], [], 0),
        ["seed"] = (["database", "employees", "seed", "as-of"], [], 0),
        ["import"] = (["database", "as", "password"], ["commit", "complete-roster"], 2),
        ["snapshot"] = (["database"], [], 0),
        ["admin"] = (["database", "login", "name"], [], 1),
        ["bench"] = (["rows", "employees", "database", "work", "district"], [], 1),
        ["export"] = (["database", "as", "year", "district", "office", "out", "by"], ["mask"], 1),
        ["help"] = ([], [], 0),
    };

    /// <summary>True when the arguments name an admin verb (or look like one) rather than web host options.</summary>
    public static bool IsCommand(string[] args) => args.Length > 0 && !args[0].StartsWith('-') && !args[0].Contains('=');

    /// <param name="stdin">Where `admin create` reads the password; null: the console (the terminal without echo, or
    /// redirected stdin).</param>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, TextReader? stdin = null)
    {
        // The command line speaks English whatever the machine's language: its JSON and the files it writes (headings,
        // messages) are what scripts read. Set here, it holds for this call only (an async method's culture does not leak out).
        // Only the words: number and date formats stay as they were.
        CultureInfo.CurrentUICulture = new CultureInfo(PortalLanguages.English);
        var verb = args[0].ToLowerInvariant();
        if (!Verbs.TryGetValue(verb, out var shape) || verb == "help")
        {
            if (verb != "help") await stderr.WriteLineAsync($"Unknown command '{args[0]}'.");
            await stderr.WriteLineAsync(UsageText);
            return verb == "help" ? Ok : Usage;
        }

        // The ClosedXML baseline of `bench import` runs in a child process of its own.
        if (verb == "bench" && args is [_, "closedxml-read", var xlsx])
        {
            await stdout.WriteLineAsync(JsonSerializer.Serialize(ImportBenchmark.ReadWithClosedXml(xlsx), Json));
            return Ok;
        }
        // The measured export of `bench acr` runs in a child process of its own.
        if (verb == "bench" && args is [_, "acr-export", var acrDatabase, var acrOutput, .. var acrRest] && acrRest is [] or [AcrBenchmark.ExportOnly])
        {
            await stdout.WriteLineAsync(await AcrBenchmark.ExportAsync(acrDatabase, acrOutput, exportOnly: acrRest is [_]));
            return Ok;
        }
        // Each shape of `bench upload-bound` is previewed in a child process of its own.
        if (verb == "bench" && args is [_, "upload-bound-shape", var shapeName, var shapeWork])
        {
            await stdout.WriteLineAsync(JsonSerializer.Serialize(await UploadBoundBenchmark.RunShapeAsync(shapeName, shapeWork), Json));
            return Ok;
        }

        // A password in the arguments would stay in the shell's history and the process list.
        if (verb == "admin" && args.Any(a => a.StartsWith("--password", StringComparison.OrdinalIgnoreCase) || a.StartsWith("--pass", StringComparison.OrdinalIgnoreCase)))
            return await UsageError(stderr, "admin create never takes a password as an argument: type it when asked, or pipe it to stdin.");
        if (!TryParse(args.AsSpan(1), shape, out var parsed, out var error)) return await UsageError(stderr, error);

        // Whatever the verb audits (demo accounts, imports) is marked as done from the command line.
        using var channel = AuditChannel.Use(AuditChannels.Cli);

        try
        {
            switch (verb)
            {
                case "migrate":
                {
                    using var host = BuildHost(parsed.Options.GetValueOrDefault("database"));
                    await DatabaseSetup.MigrateAsync(host.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>());
                    await stdout.WriteLineAsync(JsonSerializer.Serialize(new { status = "migrated" }, Json));
                    return Ok;
                }
                case "seed":
                    return await SeedAsync(parsed, stdout, stderr);
                case "snapshot":
                {
                    using var host = BuildHost(parsed.Options.GetValueOrDefault("database"));
                    await DatabaseSetup.MigrateAsync(host.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>());
                    var snapshot = await host.Services.GetRequiredService<Portal.Web.Features.Snapshot.ComplianceAggregator>().RebuildAsync("recounted from the command line");
                    await stdout.WriteLineAsync(JsonSerializer.Serialize(new
                    {
                        status = "computed", asOf = snapshot.AsOfDate.ToString("yyyy-MM-dd"), employees = snapshot.Employees, completions = snapshot.Completions,
                        campaigns = snapshot.Campaigns.Count, seconds = Math.Round(snapshot.Seconds, 1),
                    }, Json));
                    return Ok;
                }
                case "import":
                    return await ImportAsync(parsed, stdout, stderr);
                case "admin":
                    return await AdminCreateAsync(parsed, stdout, stderr, stdin);
                case "bench":
                    return await BenchAsync(parsed, stdout, stderr);
                case "export":
                    return parsed.Positionals is ["pack"] ? await ExportPackAsync(parsed, stdout, stderr) : await ExportAcrAsync(parsed, stdout, stderr);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException or DbUpdateException or Microsoft.Data.Sqlite.SqliteException)
        {
            await stderr.WriteLineAsync($"{verb} failed: {ex.Message}");
            return Failed;
        }
        return Usage;
    }

    private static async Task<int> SeedAsync(ParsedArgs parsed, TextWriter stdout, TextWriter stderr)
    {
        var options = parsed.Options;
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

        using var host = BuildHost(options.GetValueOrDefault("database"));
        await DatabaseSetup.MigrateAsync(host.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>());
        var progress = new Progress<string>(message => stderr.WriteLine(message));
        var summary = await host.Services.GetRequiredService<DemoStateGenerator>().SeedAsync(demo, progress);
        // Like the first start: a demo state in local sign-in mode gets the demo accounts (never with Entra ID).
        var accounts = host.Services.GetRequiredService<SignInMode>().UsesEntraId ? 0 : await DemoUsers.SeedAsync(
            host.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>(),
            host.Services.GetRequiredService<Microsoft.AspNetCore.Identity.IPasswordHasher<PortalUser>>(), TimeProvider.System);
        await host.Services.GetRequiredService<AuditLog>().WriteAsync("system", AuditActions.DemoSeeded,
            $"{summary.Employees:N0} employees, {accounts} demo accounts; run by OS user {Environment.UserName}");
        await stdout.WriteLineAsync(JsonSerializer.Serialize(new
        {
            status = "seeded",
            employees = summary.Employees,
            enrolments = summary.Enrolments,
            completions = summary.Completions,
            demoAccounts = accounts,
            seconds = Math.Round(summary.Seconds, 1),
        }, Json));
        return Ok;
    }

    private static async Task<int> ImportAsync(ParsedArgs parsed, TextWriter stdout, TextWriter stderr)
    {
        if (parsed.Positionals is not ["roster" or "progress" or "cbplan", var file])
            return await UsageError(stderr, "import needs the kind and the file: import roster <file> --as <login>, import progress <file> --as <login> [--password <p>], or import cbplan <file> --as <login> [--password <p>].");
        var kind = parsed.Positionals[0];
        if (kind == "roster" && parsed.Options.ContainsKey("password"))
            return await UsageError(stderr, "--password is for iGOT report zips: import progress <file> --as <login> --password <p>.");
        if (kind != "roster" && parsed.Flags.Contains("complete-roster"))
            return await UsageError(stderr, "--complete-roster is for rosters, not iGOT reports.");
        if (!parsed.Options.TryGetValue("as", out var login))
            return await UsageError(stderr, "import needs --as <login>: the portal user whose scope and rights apply.");
        if (!File.Exists(file))
        {
            await stderr.WriteLineAsync($"import failed: no file at '{file}'.");
            return Failed;
        }

        using var host = BuildHost(parsed.Options.GetValueOrDefault("database"));
        await DatabaseSetup.MigrateAsync(host.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>());
        var user = await host.Services.GetRequiredService<AccessService>().FindByLoginAsync(login);
        if (user is null)
        {
            await stderr.WriteLineAsync($"import failed: '{login}' is not an active portal user.");
            return Failed;
        }
        if (!user.MayUpload)
        {
            await stderr.WriteLineAsync($"import failed: {login} is a {user.Role} and may not upload {(kind == "roster" ? "rosters" : "iGOT reports")}.");
            return Failed;
        }

        var commit = parsed.Flags.Contains("commit");
        // A queued import simply waits (it says so on stderr); stdout keeps its one JSON object.
        var progress = new Progress<ImportProgress>(p =>
        {
            if (p.Waiting) stderr.WriteLine(p.Phase);
            else if (p.RowsRead % 100_000 == 0 && p.RowsRead > 0) stderr.WriteLine($"{p.Phase}: {p.RowsRead:N0} rows");
        });
        return kind switch
        {
            "roster" => await ImportRosterAsync(host, user, file, commit, parsed.Flags.Contains("complete-roster"), progress, stdout),
            "progress" => await ImportProgressAsync(host, user, file, commit, parsed.Options.GetValueOrDefault("password"), progress, stdout),
            _ => await ImportCbPlanAsync(host, user, file, commit, parsed.Options.GetValueOrDefault("password"), progress, stdout),
        };
    }

    private static string StatusOf(UploadResult result) => result.ServerFailure ? "failed" : result.FileRejected ? "rejected"
        : result.Outcome == Data.ImportOutcome.Committed ? "committed" : "previewed";

    private static int ExitCodeOf(string status) => status switch { "rejected" => FileRejected, "failed" => Failed, _ => Ok };

    /// <summary>
    /// What every import verb does after its run: audits a dry run or a refused file (a commit is audited by the import
    /// itself, in its transaction), and prints one JSON object: the upload's own fields around the kind's counts.
    /// </summary>
    private static async Task<int> ReportImportAsync(IHost host, SignedInUser user, string auditAction, UploadResult result, string countsForAudit,
        string? errorWorkbook, IEnumerable<(string Name, object? Value)> kindFields, TextWriter stdout)
    {
        var status = StatusOf(result);
        if (status != "committed")
            await host.Services.GetRequiredService<AuditLog>().WriteAsync(user.LoginName, auditAction,
                $"upload {result.BatchId} ({result.FileName}) {status}: {countsForAudit}; run by OS user {Environment.UserName}");
        var json = new Dictionary<string, object?>
        {
            ["status"] = status,
            ["batchId"] = result.BatchId,
            ["file"] = result.FileName,
            ["sha256"] = result.Sha256,
            ["message"] = result.FileProblem,
        };
        foreach (var (name, value) in kindFields) json[name] = value;
        json["errorCount"] = result.ErrorCount;
        json["errors"] = result.Errors.Select(e => new { row = e.Row, column = e.Column, message = e.Message });
        json["errorWorkbook"] = errorWorkbook;
        json["previousUpload"] = result.PreviousUpload;
        await stdout.WriteLineAsync(JsonSerializer.Serialize(json, Json));
        return ExitCodeOf(status);
    }

    private static async Task<int> ImportRosterAsync(IHost host, SignedInUser user, string file, bool commit, bool completeRoster, IProgress<ImportProgress> progress, TextWriter stdout)
    {
        var imports = host.Services.GetRequiredService<RosterImportService>();
        var result = commit
            ? await imports.ImportAsync(user, file, Path.GetFileName(file), completeRoster, progress)
            : await imports.PreviewAsync(user, file, Path.GetFileName(file), progress);
        return await ReportImportAsync(host, user, AuditActions.RosterImport, result,
            $"{result.RowsRead:N0} rows read, {result.New:N0} new, {result.Updated:N0} updated, {result.Rejected:N0} rejected",
            result.HasErrorWorkbook ? imports.ErrorWorkbookPathOf(result.BatchId) : null,
            [
                ("rowsRead", result.RowsRead), ("new", result.New), ("updated", result.Updated), ("unchanged", result.Unchanged),
                ("rejected", result.Rejected), ("newOffices", result.NewOffices), ("notInFile", result.NotInFile),
                ("deactivated", result.Deactivated), ("ignoredColumns", result.IgnoredColumns),
            ], stdout);
    }

    /// <summary>Rows of an iGOT report by how they found their employee, as the JSON gives them.</summary>
    private static object MatchedOf(Features.Progress.MatchCounts? m) =>
        new { employeeCode = m?.EmployeeCode ?? 0, email = m?.Email ?? 0, mobile = m?.Mobile ?? 0, linked = m?.Linked ?? 0 };

    private static object ChangesOf(Features.Progress.ChangeCounts? c) => new { @new = c?.New ?? 0, updated = c?.Updated ?? 0, unchanged = c?.Unchanged ?? 0 };

    private static async Task<int> ImportProgressAsync(IHost host, SignedInUser user, string file, bool commit, string? password, IProgress<ImportProgress> progress, TextWriter stdout)
    {
        var imports = host.Services.GetRequiredService<ProgressImportService>();
        var result = commit
            ? await imports.ImportAsync(user, file, Path.GetFileName(file), password, progress)
            : await imports.PreviewAsync(user, file, Path.GetFileName(file), password, progress);
        var c = result.Counts;
        return await ReportImportAsync(host, user, AuditActions.ProgressImport, result,
            $"{result.RowsRead:N0} rows, {c?.Matched.Total ?? 0:N0} matched, {c?.Unmatched ?? 0:N0} unmatched",
            result.HasErrorWorkbook ? imports.ErrorWorkbookPathOf(result.BatchId) : null,
            [
                ("rows", result.RowsRead), ("matched", MatchedOf(c?.Matched)), ("unmatched", c?.Unmatched ?? 0), ("ambiguous", c?.Ambiguous ?? 0),
                ("outsideScope", c?.OutsideScope ?? 0), ("notEnrolled", c?.NotEnrolled ?? 0), ("rejected", c?.Rejected ?? 0),
                ("completions", ChangesOf(c?.Completions)), ("enrolments", ChangesOf(c?.Enrolments)), ("onboarded", c?.Onboarded ?? 0),
                ("newCourses", c?.NewCourses ?? 0), ("unmatchedUsers", result.UnmatchedUsers), ("reports", result.ReportsRead),
                ("ignoredFiles", result.IgnoredFiles), ("worklist", result.HasWorklist ? imports.WorklistPathOf(result.BatchId) : null),
            ], stdout);
    }

    private static async Task<int> ImportCbPlanAsync(IHost host, SignedInUser user, string file, bool commit, string? password, IProgress<ImportProgress> progress, TextWriter stdout)
    {
        var imports = host.Services.GetRequiredService<CbPlanImportService>();
        var result = commit
            ? await imports.ImportAsync(user, file, Path.GetFileName(file), password, progress)
            : await imports.PreviewAsync(user, file, Path.GetFileName(file), password, progress);
        var c = result.Counts;
        return await ReportImportAsync(host, user, AuditActions.CbPlanImport, result,
            $"{result.RowsRead:N0} rows, {c?.Matched.Total ?? 0:N0} matched, {c?.Unmatched ?? 0:N0} unmatched, {c?.Allocations.New ?? 0:N0} new allocations",
            result.HasErrorWorkbook ? imports.ErrorWorkbookPathOf(result.BatchId) : null,
            [
                ("rows", result.RowsRead), ("matched", MatchedOf(c?.Matched)), ("unmatched", c?.Unmatched ?? 0), ("ambiguous", c?.Ambiguous ?? 0),
                ("outsideScope", c?.OutsideScope ?? 0), ("rejected", c?.Rejected ?? 0), ("allocations", ChangesOf(c?.Allocations)),
                ("newCourses", c?.NewCourses ?? 0), ("unmatchedUsers", result.UnmatchedUsers), ("report", result.ReportRead),
                ("ignoredFiles", result.IgnoredFiles), ("worklist", result.HasWorklist ? imports.WorklistPathOf(result.BatchId) : null),
            ], stdout);
    }

    private static async Task<int> AdminCreateAsync(ParsedArgs parsed, TextWriter stdout, TextWriter stderr, TextReader? stdin)
    {
        if (parsed.Positionals is not ["create"])
            return await UsageError(stderr, "admin needs what to do: admin create --login <e-mail> --name <name>.");
        if (!parsed.Options.TryGetValue("login", out var login) || !parsed.Options.TryGetValue("name", out var name))
            return await UsageError(stderr, "admin create needs --login <e-mail> and --name <name>.");

        using var host = BuildHost(parsed.Options.GetValueOrDefault("database"));
        await DatabaseSetup.MigrateAsync(host.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>());
        var mode = host.Services.GetRequiredService<SignInMode>();
        string? password = null;
        if (!mode.UsesEntraId)
        {
            password = await ReadPasswordAsync(stdin, stderr);
            if (password is null)
            {
                await stderr.WriteLineAsync("admin create failed: no password was given.");
                return Failed;
            }
        }
        var admin = host.Services.GetRequiredService<Portal.Web.Features.Admin.UserAdminService>();
        var problems = await admin.CreateStateAdminAsync(login, name, password, $"{Environment.UserName} (command line)");
        if (problems.Count > 0)
        {
            foreach (var problem in problems) await stderr.WriteLineAsync($"admin create failed: {problem}");
            return Failed;
        }
        await stdout.WriteLineAsync(JsonSerializer.Serialize(new { status = "created", login = AccessService.Normalise(login), role = nameof(PortalRole.StateAdmin) }, Json));
        return Ok;
    }

    /// <summary>One line from the given reader; else from the terminal without echo, or from stdin when it is redirected.</summary>
    private static async Task<string?> ReadPasswordAsync(TextReader? stdin, TextWriter stderr)
    {
        if (stdin is not null || Console.IsInputRedirected) return await (stdin ?? Console.In).ReadLineAsync();
        await stderr.WriteAsync("Password for the new StateAdmin (not shown): ");
        var typed = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter) break;
            if (key.Key == ConsoleKey.Backspace) { if (typed.Length > 0) typed.Length--; }
            else if (!char.IsControl(key.KeyChar)) typed.Append(key.KeyChar);
        }
        await stderr.WriteLineAsync();
        return typed.ToString();
    }

    private static async Task<int> BenchAsync(ParsedArgs parsed, TextWriter stdout, TextWriter stderr)
    {
        if (parsed.Positionals is ["dashboard"])
        {
            using var host = BuildHost(parsed.Options.GetValueOrDefault("database"));
            var figures = await DashboardBenchmark.RunAsync(
                host.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>(), stderr);
            await stdout.WriteLineAsync(JsonSerializer.Serialize(figures, Json));
            return Ok;
        }
        if (parsed.Positionals is ["snapshot"])
        {
            using var host = BuildHost(parsed.Options.GetValueOrDefault("database"));
            var figures = await SnapshotBenchmark.RunAsync(host.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>(),
                parsed.Options.GetValueOrDefault("district", SnapshotBenchmark.DefaultDistrict), stderr);
            await stdout.WriteLineAsync(JsonSerializer.Serialize(figures, Json));
            return Ok;
        }
        if (parsed.Positionals is ["upload-bound"])
        {
            var boundWork = parsed.Options.GetValueOrDefault("work", Path.Combine(Path.GetTempPath(), "karmayogi-bench-bound"));
            await stdout.WriteLineAsync(JsonSerializer.Serialize(await UploadBoundBenchmark.RunAsync(boundWork, stderr), Json));
            return Ok;
        }
        if (parsed.Positionals is ["acr"])
        {
            if (!TryCount(parsed, "employees", 50_000, 5_000_000, out var acrEmployees, out var acrError)) return await UsageError(stderr, acrError);
            if (!TryCount(parsed, "rounds", 3, 9, out var acrRounds, out var roundsError)) return await UsageError(stderr, roundsError);
            var acrWork = parsed.Options.GetValueOrDefault("work", Path.Combine(Path.GetTempPath(), "karmayogi-bench"));
            await stdout.WriteLineAsync(JsonSerializer.Serialize(await AcrBenchmark.RunAsync(acrEmployees, acrRounds, parsed.Options.GetValueOrDefault("database"), acrWork, stderr), Json));
            return Ok;
        }
        if (parsed.Positionals is ["progress"])
        {
            if (!TryCount(parsed, "rows", 1_000_000, 5_000_000, out var reportRows, out var rowsError)) return await UsageError(stderr, rowsError);
            if (!TryCount(parsed, "employees", 1_000_000, 5_000_000, out var employees, out var employeesError)) return await UsageError(stderr, employeesError);
            var progressWork = parsed.Options.GetValueOrDefault("work", Path.Combine(Path.GetTempPath(), "karmayogi-bench"));
            var figures = await ProgressBenchmark.RunAsync(reportRows, employees, parsed.Options.GetValueOrDefault("database"), progressWork, stderr);
            await stdout.WriteLineAsync(JsonSerializer.Serialize(figures, Json));
            return Ok;
        }
        if (parsed.Positionals is not ["import"])
            return await UsageError(stderr, "bench needs what to measure: bench import --rows N, bench progress --rows N --employees M, bench acr --employees N, bench upload-bound, bench dashboard --database <file>, or bench snapshot --database <file>.");
        var rowsText = parsed.Options.GetValueOrDefault("rows", "100000");
        if (!int.TryParse(rowsText.Replace("_", "").Replace(",", ""), NumberStyles.None, CultureInfo.InvariantCulture, out var rows) || rows < 1 || rows > RosterColumns.MaxDataRows)
            return await UsageError(stderr, $"--rows must be a whole number from 1 to {RosterColumns.MaxDataRows}, not '{rowsText}'.");
        var work = parsed.Options.GetValueOrDefault("work", Path.Combine(Path.GetTempPath(), "karmayogi-bench"));
        var result = await ImportBenchmark.RunAsync(rows, work, stderr);
        await stdout.WriteLineAsync(JsonSerializer.Serialize(result, Json));
        return Ok;
    }

    /// <summary>`export acr`: the ACR workbook of the login's scope, as the page's export link writes it; audited.</summary>
    private static async Task<int> ExportAcrAsync(ParsedArgs parsed, TextWriter stdout, TextWriter stderr)
    {
        if (parsed.Positionals is not ["acr"])
            return await UsageError(stderr, "export needs what to export: export acr --year 2025-26 --as <login> --out <file.xlsx>, or export pack --as <login> --out <file.xlsx>.");
        if (!parsed.Options.TryGetValue("year", out var yearText) || !ReportingYear.TryParse(yearText, out var year))
            return await UsageError(stderr, $"export acr needs --year as a reporting year such as 2025-26{(yearText is null ? "" : $", not '{yearText}'")}.");
        if (!parsed.Options.TryGetValue("as", out var login))
            return await UsageError(stderr, "export acr needs --as <login>: the portal user whose scope and rights apply.");
        if (!parsed.Options.TryGetValue("out", out var output) || string.IsNullOrWhiteSpace(output))
            return await UsageError(stderr, "export acr needs --out <file.xlsx>.");
        var mask = parsed.Flags.Contains("mask");

        using var host = BuildHost(parsed.Options.GetValueOrDefault("database"));
        await DatabaseSetup.MigrateAsync(host.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>());
        var audit = host.Services.GetRequiredService<AuditLog>();
        var user = await host.Services.GetRequiredService<AccessService>().FindByLoginAsync(login);
        var reports = host.Services.GetRequiredService<Portal.Web.Features.Acr.AcrReportService>();
        if (user is null || !user.MayExport)
        {
            var why = user is null ? $"'{login}' is not an active portal user" : $"{login} is a {user.Role} and may not export";
            await audit.WriteAsync(user?.LoginName ?? login, AuditActions.ExportRefused,
                $"{Portal.Web.Features.Acr.AcrReportService.ExportWhat(year, "from the command line", mask)}: refused, {why}; run by OS user {Environment.UserName}");
            await stderr.WriteLineAsync($"export failed: {why}.");
            return Failed;
        }
        if (await host.Services.GetRequiredService<Portal.Web.Features.Acr.AcrStatementService>().FindRulesAsync(year) is null)
        {
            await stderr.WriteLineAsync($"export failed: the ACR rules for {year} are not set; a StateAdmin sets them under Reports → ACR rules.");
            return Failed;
        }
        var (selection, problem) = await reports.SelectionByNameAsync(user.Scope, parsed.Options.GetValueOrDefault("district"), parsed.Options.GetValueOrDefault("office"));
        if (selection is null)
        {
            await stderr.WriteLineAsync($"export failed: {problem}");
            return Failed;
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var file = Path.GetFullPath(output);
        var result = await WriteExportFileAsync(file, stream => reports.ExportAsync(user, year, selection, mask, stream));
        var what = Portal.Web.Features.Acr.AcrReportService.ExportWhat(year, await reports.DescribeAsync(user.Scope, selection, Portal.Web.Infrastructure.Localization.EnglishText.L), mask);
        await audit.WriteAsync(user.LoginName, AuditActions.Export,
            $"{what}; {result.Employees:N0} rows; exporter's scope: {user.AuditScope}; to {file}; run by OS user {Environment.UserName}");
        await stderr.WriteLineAsync($"{result.Employees:N0} employees, {result.CourseRows:N0} course rows on {result.CourseSheets} sheet(s) in {clock.Elapsed.TotalSeconds:0.0} s");
        await stdout.WriteLineAsync(JsonSerializer.Serialize(new
        {
            status = "exported", employees = result.Employees, file, seconds = Math.Round(clock.Elapsed.TotalSeconds, 2),
            year = year.ToString(), courseRows = result.CourseRows,
        }, Json));
        return Ok;
    }

    /// <summary>A whole-number option from 1 to <paramref name="max"/> ("1_000_000" and "1,000,000" read too).</summary>
    private static bool TryCount(ParsedArgs parsed, string option, int fallback, int max, out int value, out string error)
    {
        var text = parsed.Options.GetValueOrDefault(option, fallback.ToString(CultureInfo.InvariantCulture));
        error = $"--{option} must be a whole number from 1 to {max}, not '{text}'.";
        return int.TryParse(text.Replace("_", "").Replace(",", ""), NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= 1 && value <= max;
    }

    private static async Task<int> UsageError(TextWriter stderr, string message)
    {
        await stderr.WriteLineAsync(message);
        await stderr.WriteLineAsync(UsageText);
        return Usage;
    }

    internal sealed record ParsedArgs(Dictionary<string, string> Options, HashSet<string> Flags, List<string> Positionals);

    private static bool TryParse(ReadOnlySpan<string> args, (string[] Options, string[] Flags, int Positionals) shape, out ParsedArgs parsed, out string error)
    {
        parsed = new ParsedArgs(new(StringComparer.OrdinalIgnoreCase), new(StringComparer.OrdinalIgnoreCase), []);
        error = "";
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--"))
            {
                if (parsed.Positionals.Count >= shape.Positionals) { error = $"Unexpected argument '{arg}'."; return false; }
                parsed.Positionals.Add(arg);
                continue;
            }
            var name = arg[2..];
            if (shape.Flags.Contains(name, StringComparer.OrdinalIgnoreCase)) { parsed.Flags.Add(name); continue; }
            if (!shape.Options.Contains(name, StringComparer.OrdinalIgnoreCase)) { error = $"Unexpected argument '{arg}'."; return false; }
            if (i + 1 >= args.Length || args[i + 1].StartsWith("--")) { error = $"{arg} needs a value."; return false; }
            parsed.Options[name] = args[++i];
        }
        return true;
    }

    /// <summary>Where the uploads of the database <paramref name="sqliteFile"/> (given with --database) are kept: "portal.db" keeps them in "portal.db-imports".</summary>
    public static string ImportsFolderOf(string sqliteFile) => Path.GetFullPath(sqliteFile) + "-imports";

    private static IHost BuildHost(string? sqliteFile)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppPaths.AppFolder });
        builder.Configuration.AddRootAppSettings();
        // Another database's uploads are kept beside it: upload folders are named by batch number, so two databases
        // sharing the portal's folder would overwrite each other's files (batch 5 of a trial database, the portal's
        // batch 5).
        if (sqliteFile is not null)
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Imports:Folder"] = ImportsFolderOf(sqliteFile) });
        builder.Logging.ClearProviders();
        // stdout is for the command's JSON; all logging goes to stderr.
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        // The portal's own information (what was seeded, counted, how long it took) and everyone's warnings.
        builder.Logging.AddFilter((category, level) => level >= LogLevel.Warning || (level >= LogLevel.Information && category?.StartsWith("Portal.Web") == true));
        builder.Services.AddPortalDatabase(builder.Configuration, sqliteFile);
        builder.Services.AddPortalFeatures(builder.Configuration);
        builder.Services.AddPortalAccess(builder.Configuration);
        return builder.Build();
    }
}
