using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Tests.Infrastructure;
using Portal.Web.Features.Dashboard;
using Portal.Web.Features.Snapshot;

namespace Portal.Tests.Journeys;

/// <summary>
/// Browser journeys share one running portal and one Chromium, and run on their own (not alongside the
/// other test collections), so a busy machine does not starve the browser.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class JourneyCollection : ICollectionFixture<BrowserPortal>
{
    public const string Name = "Browser journeys";
}

/// <summary>The demo portal (<see cref="PortalAppFactory"/>) served by Kestrel on a free loopback port, so a real browser can reach it.</summary>
/// <remarks>
/// It runs as Production, as `dotnet run` and a published build do: the journeys then also prove that the styles and
/// scripts are served (static web assets outside Development) and that the Content-Security-Policy lets the page work.
/// </remarks>
public sealed class LivePortalFactory : PortalAppFactory
{
    public LivePortalFactory()
    {
        EnvironmentName = "Production";
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
    }

    /// <summary>Where Kestrel listens, e.g. http://127.0.0.1:41234 (after <c>StartServer()</c>).</summary>
    public string Address => Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
}

/// <summary>
/// A running portal and a headless system Chromium driven by Playwright. Playwright cannot download its
/// own browsers here, so it launches Debian's <c>/usr/bin/chromium</c> (tests/run-all.sh installs it when missing);
/// its driver comes with the NuGet package (the <c>.playwright</c> folder of the build output) and needs no network.
/// </summary>
public sealed class BrowserPortal : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>How long an expectation waits for the page (a cold first render on a busy 2-core machine takes seconds).</summary>
    public const float ExpectTimeoutMs = 20_000;

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public LivePortalFactory App { get; } = new();
    public string BaseUrl { get; private set; } = "";

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"Browser journeys need Chromium at {ChromiumPath}: run `bash tests/run-all.sh` (it installs it) or `apt-get install chromium`.");

        // Migrates, seeds the demo state and makes the first compliance snapshot before it listens.
        await Task.Run(App.StartServer);
        BaseUrl = App.Address;
        await WaitForSettledSnapshotAsync();

        Assertions.SetDefaultExpectTimeout(ExpectTimeoutMs);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // --disable-dev-shm-usage: CI containers often have a 64 MB /dev/shm, too small for Chromium.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
            Timeout = 60_000,
        });
    }

    /// <summary>
    /// The dashboard reads the compliance snapshot; the app makes the first one before serving, but a rebuild
    /// may still be queued. Wait (bounded) until one exists and none is pending, so the pages show final figures.
    /// </summary>
    private async Task WaitForSettledSnapshotAsync()
    {
        var refresher = App.Services.GetRequiredService<ComplianceRefresher>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (refresher.IsPending || App.Scalar("SELECT COUNT(*) FROM ComplianceSnapshots") == 0)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The compliance snapshot was not ready within 60 s of start.");
            await Task.Delay(100);
        }
    }

    /// <summary>
    /// Runs one journey in a fresh browser context (own cookies). When it fails, saves a full-page screenshot
    /// and puts its path, and the page's address, in the failure message.
    /// </summary>
    public async Task RunAsync(string name, Func<IPage, Task> journey)
    {
        await using var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = new ViewportSize { Width = 1440, Height = 1000 },
            Locale = "en-IN",
            TimezoneId = "Asia/Kolkata",
        });
        context.SetDefaultTimeout(ExpectTimeoutMs);
        var page = await context.NewPageAsync();
        // Script errors in the page (a broken circuit shows up here first), reported with a failure.
        var pageErrors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") lock (pageErrors) pageErrors.Add(message.Text); };
        page.PageError += (_, error) => { lock (pageErrors) pageErrors.Add(error); };
        try
        {
            await journey(page);
            // A blocked script or style would leave the page half-working in ways a journey may not notice.
            lock (pageErrors)
                Assert.DoesNotContain(pageErrors, e => e.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
        }
        catch (Exception ex)
        {
            var screenshot = await ScreenshotAsync(page, name);
            string errors;
            lock (pageErrors) errors = pageErrors.Count == 0 ? "" : $"{Environment.NewLine}Browser errors:{Environment.NewLine}  {string.Join($"{Environment.NewLine}  ", pageErrors.TakeLast(10))}";
            throw new JourneyFailedException($"Journey '{name}' failed at {page.Url}. Screenshot: {screenshot}{errors}{Environment.NewLine}{ex.Message}", ex);
        }
    }

    private static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var file = $"{string.Concat(name.Select(c => char.IsLetterOrDigit(c) ? c : '-'))}-{DateTime.Now:yyyyMMdd-HHmmss}.png";
        foreach (var folder in new[] { Path.Combine(AppContext.BaseDirectory, "journey-screenshots"), Path.Combine(Path.GetTempPath(), "journey-screenshots") })
        {
            try
            {
                Directory.CreateDirectory(folder);
                var path = Path.Combine(folder, file);
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true, Timeout = 10_000 });
                return path;
            }
            catch (Exception)
            {
                // Try the next folder; a failed screenshot must not hide the journey's own failure.
            }
        }
        return "(none: the screenshot could not be saved)";
    }

    /// <summary>Rows of a raw SQL query on the app's database (independent of the app's services), as strings.</summary>
    public IReadOnlyList<string?[]> Rows(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = new SqliteConnection($"Data Source={App.DatabaseFile};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (parameterName, value) in parameters) command.Parameters.AddWithValue(parameterName, value);
        using var reader = command.ExecuteReader();
        var rows = new List<string?[]>();
        while (reader.Read())
            rows.Add(Enumerable.Range(0, reader.FieldCount)
                .Select(i => reader.IsDBNull(i) ? null : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)).ToArray());
        return rows;
    }

    /// <summary>One number from a raw SQL query on the app's database.</summary>
    public long Count(string sql, params (string Name, object Value)[] parameters) =>
        long.Parse(Rows(sql, parameters).Single()[0] ?? "0", CultureInfo.InvariantCulture);

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.CloseAsync();
        _playwright?.Dispose();
        await App.DisposeAsync();
    }
}

public sealed class JourneyFailedException(string message, Exception inner) : Exception(message, inner);
