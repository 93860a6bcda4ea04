using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.Tests.Features.Rosters;
using Portal.Tests.Features.Subscriptions;
using Portal.Tests.Infrastructure;
using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Features.Subscriptions;
using Portal.Web.Infrastructure;

namespace Portal.Tests.Features.Instances;

/// <summary>
/// Two real portal processes on one SQLite file on loopback ports, as two servers behind a load balancer: a scheduled mail
/// is sent once, a cookie issued by one is accepted by the other, and two imports committed at once by two processes
/// both land in full.
/// </summary>
public sealed class SeveralInstancesTests(TwoPortals portals) : IClassFixture<TwoPortals>
{
    private TestSmtpServer _smtp => portals.Smtp;
    private TestDatabase _db => portals.Db;
    private PortalProcess _first => portals.First;
    private PortalProcess _second => portals.Second;

    /// <summary>The portal's services in this test process on the same file (as a third node that never runs the scheduler).</summary>
    private ServiceProvider Services()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Database:SqlitePath"] = _db.File }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddPortalDatabase(configuration);
        services.AddSingleton<IPasswordHasher<PortalUser>, PasswordHasher<PortalUser>>();
        services.AddTransient<AccessService>();
        services.AddPortalFeatures(configuration);
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task A_scheduled_mail_due_now_is_sent_once_by_one_of_the_two_instances()
    {
        await using var services = Services();
        var admin = (await services.GetRequiredService<AccessService>().FindByLoginAsync("cs.review@up.gov.in"))!;
        var subscription = await services.GetRequiredService<SubscriptionService>().CreateAsync(admin, new SubscriptionRequest(
            DashboardTableReport.KindName, "Districts", "?by=district", SubscriptionFrequency.Weekly, DayOfWeek.Monday, null, new TimeOnly(9, 0),
            "range.meerut@up.gov.in"));
        // A near-future trigger for one occurrence, stored in the job store that both instances read.
        var occurrence = DateTime.UtcNow;
        await services.GetRequiredService<SubscriptionSchedule>().ScheduleRetryAsync(subscription.Id, occurrence, 1, DateTime.UtcNow.AddSeconds(1));

        var until = DateTime.UtcNow.AddSeconds(30);
        while (_smtp.Received.IsEmpty && DateTime.UtcNow < until) await Task.Delay(200);
        await Task.Delay(TimeSpan.FromSeconds(3)); // room for a second, wrong, send

        Assert.True(_smtp.Received.Count == 1, $"{_smtp.Received.Count} mails received.\n--- first:\n{_first.Output}\n--- second:\n{_second.Output}");
        var message = Assert.Single(_smtp.Received);
        Assert.Equal("range.meerut@up.gov.in", message.To.Mailboxes.Single().Address);
        Assert.Equal(1, _db.Scalar($"SELECT COUNT(*) FROM SubscriptionSends WHERE SubscriptionId = {subscription.Id}"));
        Assert.Equal(1, _db.Scalar($"SELECT COUNT(*) FROM SubscriptionSends WHERE SubscriptionId = {subscription.Id} AND Outcome = {(int)SendOutcome.Sent}"));
        // One instance runs the scheduler (SQLite: the lease), the other stands by.
        Assert.Single(new[] { _first, _second }, p => p.Output.Contains("now runs the scheduled jobs"));
    }

    [Fact]
    public async Task A_cookie_issued_by_one_instance_is_accepted_by_the_other()
    {
        // Both listen on 127.0.0.1, so one cookie jar carries the cookie to either, as a browser behind one host name does.
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() };
        using var client = new HttpClient(handler);
        var signIn = await PortalAppFactory.PostFormAsync(client, $"{_first.BaseUrl}/account/login", new()
        {
            ["_handler"] = "login", ["Input.LoginName"] = "range.meerut@up.gov.in", ["Input.Password"] = DemoUsers.Password,
        });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        var onSecond = await client.GetAsync($"{_second.BaseUrl}/subscriptions");
        Assert.Equal(HttpStatusCode.OK, onSecond.StatusCode);
        Assert.Contains("Reports by e-mail", await onSecond.Content.ReadAsStringAsync());
        // Without the cookie the same page sends to the sign-in.
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync($"{_second.BaseUrl}/subscriptions")).StatusCode);
    }

    [Fact]
    public async Task Two_imports_committed_at_once_by_two_processes_both_land_in_full()
    {
        var before = _db.Scalar("SELECT COUNT(*) FROM Employees");
        var files = new[] { "MULTI-A", "MULTI-B" }.Select(prefix => RosterFiles.Xlsx(Enumerable.Range(1, 300)
            .Select(i => RosterFiles.MeerutConstable($"{prefix}-{i:000}", $"Ram {prefix[^1]} {Letters(i)}", $"9{(prefix == "MULTI-A" ? 1 : 2)}{i:00000000}")))).ToList();

        var imports = files.Select(file => RunCliAsync("import", "roster", file, "--as", "range.meerut@up.gov.in", "--commit", "--database", _db.File)).ToList();
        var results = await Task.WhenAll(imports);

        Assert.All(results, r => Assert.True(r.ExitCode == 0 && r.Output.Contains("\"new\":300"), r.Output));
        Assert.Equal(before + 600, _db.Scalar("SELECT COUNT(*) FROM Employees"));
        Assert.Equal(600, _db.Scalar("SELECT COUNT(*) FROM Employees WHERE EmployeeCode LIKE 'MULTI-%'"));
        Assert.Equal(2, _db.Scalar($"SELECT COUNT(*) FROM ImportBatches WHERE Outcome = {(int)ImportOutcome.Committed} AND FileName LIKE '%.xlsx' AND RowsRead = 300"));
        // The commit lease is given back.
        Assert.Equal(0, _db.Scalar("SELECT COUNT(*) FROM DatabaseLeases WHERE Name = 'import-commit' AND ExpiresAt > datetime('now')"));
    }

    /// <summary>A number as a name's letters (names may hold only letters): 12 is "Bc".</summary>
    private static string Letters(int number)
    {
        var letters = number.ToString().Select(d => (char)('a' + (d - '0'))).ToArray();
        letters[0] = char.ToUpperInvariant(letters[0]);
        return new string(letters);
    }

    private static async Task<(int ExitCode, string Output)> RunCliAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Portal.Web.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}

/// <summary>The two portal processes (and the SMTP server they send to), started once for the class, one after the other.</summary>
public sealed class TwoPortals : IAsyncLifetime
{
    public TestSmtpServer Smtp { get; } = new();
    public TestDatabase Db { get; private set; } = null!;
    public PortalProcess First { get; private set; } = null!;
    public PortalProcess Second { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Db = await TestDatabase.CopyOfSmallStateAsync();
        string[] settings = ["--Mail:Host=127.0.0.1", $"--Mail:Port={Smtp.Port}", "--Mail:Security=None", "--Mail:Sender=portal@test.local",
            "--Scheduling:IdleWaitSeconds=1"];
        // One after the other, as a deployment does: the first migrates and counts the first snapshot (the file holds a demo state).
        First = await PortalProcess.StartAsync("first", Db.File, settings);
        Second = await PortalProcess.StartAsync("second", Db.File, settings);
    }

    public async Task DisposeAsync()
    {
        await First.DisposeAsync();
        await Second.DisposeAsync();
        await Smtp.DisposeAsync();
        Db.Dispose();
    }
}
