using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Features.Dashboard;
using Portal.Web.Features.ReviewPack;

namespace Portal.Web.Cli;

public static partial class CommandLine
{
    /// <summary>
    /// `export pack`: the weekly review pack of the login's own scope, the same workbook as the dashboard's button;
    /// any active portal user may (it holds figures, not staff records). Audited like every export.
    /// </summary>
    private static async Task<int> ExportPackAsync(ParsedArgs parsed, TextWriter stdout, TextWriter stderr)
    {
        foreach (var acrOnly in new[] { "year", "district", "office" })
            if (parsed.Options.ContainsKey(acrOnly)) return await UsageError(stderr, $"--{acrOnly} is for export acr; export pack takes --as, --out, --by and --database.");
        if (parsed.Flags.Contains("mask")) return await UsageError(stderr, "--mask is for export acr: the review pack holds no contact details.");
        if (!parsed.Options.TryGetValue("as", out var login))
            return await UsageError(stderr, "export pack needs --as <login>: the portal user whose scope applies.");
        if (!parsed.Options.TryGetValue("out", out var output) || string.IsNullOrWhiteSpace(output))
            return await UsageError(stderr, "export pack needs --out <file.xlsx>.");
        var by = parsed.Options.GetValueOrDefault("by", "district").Trim();

        using var host = BuildHost(parsed.Options.GetValueOrDefault("database"));
        await DatabaseSetup.MigrateAsync(host.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>());
        var audit = host.Services.GetRequiredService<AuditLog>();
        var user = await host.Services.GetRequiredService<AccessService>().FindByLoginAsync(login);
        if (user is null)
        {
            await audit.WriteAsync(login, AuditActions.ExportRefused,
                $"review pack from the command line: refused, '{login}' is not an active portal user; run by OS user {Environment.UserName}");
            await stderr.WriteLineAsync($"export failed: '{login}' is not an active portal user.");
            return Failed;
        }

        var packs = host.Services.GetRequiredService<ReviewPackService>();
        var view = DashboardView.Parse(name => name == "by" ? DashboardView.Slug(by) : null);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var pack = (await packs.BuildAsync(user, view))!;
        if (!string.Equals(DashboardView.Slug(by), "district", StringComparison.Ordinal) && pack.Places.Kind != BreakdownKind.Grouping)
        {
            var kinds = (await host.Services.GetRequiredService<DashboardService>().GetFilterOptionsAsync(user.Scope)).GroupingKinds;
            return await UsageError(stderr, $"--by must be district or a grouping of the scope's districts ({string.Join(", ", kinds.Select(DashboardView.Slug))}), not '{by}'.");
        }

        var file = Path.GetFullPath(output);
        var result = await WriteExportFileAsync(file, stream => Task.FromResult(ReviewPackWorkbook.Write(pack, stream)));
        await audit.WriteAsync(user.LoginName, AuditActions.Export,
            $"{ReviewPackService.ExportWhat(pack)}; {result.TotalRows:N0} rows; exporter's scope: {user.AuditScope}; to {file}; run by OS user {Environment.UserName}");
        await stderr.WriteLineAsync($"review pack of {pack.ScopeName}: {string.Join(", ", result.Sheets.Select(s => $"{s.Sheet} {s.Rows:N0}"))} in {clock.Elapsed.TotalSeconds:0.0} s");
        await stdout.WriteLineAsync(JsonSerializer.Serialize(new
        {
            status = "exported",
            @out = file,
            scope = pack.ScopeName,
            sheets = result.Sheets.Select(s => s.Sheet).ToList(),
            rows = result.Sheets.ToDictionary(s => s.Sheet, s => s.Rows),
            seconds = Math.Round(clock.Elapsed.TotalSeconds, 2),
        }, Json));
        return Ok;
    }

    /// <summary>
    /// Writes an export beside its place and moves it in when complete, so a failed export leaves no half file behind
    /// (`export acr` and `export pack`).
    /// </summary>
    private static async Task<T> WriteExportFileAsync<T>(string file, Func<Stream, Task<T>> write)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var temp = file + $".{Guid.NewGuid():N}.tmp";
        try
        {
            T result;
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
                result = await write(stream);
            File.Move(temp, file, overwrite: true);
            return result;
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
