using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Features.Campaigns;
using Portal.Web.Infrastructure;
using Portal.Web.Infrastructure.Spreadsheets;

namespace Portal.Tests.Features.Access;

/// <summary>
/// Exports are enforced on the server, with the role as stored now (not as the circuit's claims remember it),
/// and every export and refusal is audited with who, what and how many rows.
/// </summary>
public sealed class ExportAccessTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CopyOfSmallStateAsync();
    public Task DisposeAsync() { _db.Dispose(); return Task.CompletedTask; }

    private sealed class Context : PortalBunitContext
    {
        public Context(TestDatabase db, string login) : base(db)
        {
            Services.AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 11, 20, 6, 0, 0, TimeSpan.Zero)));
            Services.AddScoped<FileDownload, RecordingDownload>();
            SignInAs(login);
        }

        public RecordingDownload Downloads => (RecordingDownload)Services.GetRequiredService<FileDownload>();
    }

    private int MeerutDrive => (int)_db.Scalar("SELECT Id FROM Campaigns WHERE Name LIKE 'Meerut range police:%'");

    private static readonly IReadOnlyList<TableColumn<string>> OneColumn = [new("Name", s => s, ColumnKind.Text)];

    private long Audited(string action, string actor) =>
        _db.Scalar($"SELECT COUNT(*) FROM AuditEntries WHERE Action = '{action}' AND Actor = '{actor}' AND Channel = 'web'");

    [Fact]
    public async Task A_viewer_is_offered_no_campaign_export_and_the_server_refuses_one_anyway()
    {
        await using var ctx = new Context(_db, DemoUsers.LucknowViewer);
        var list = ctx.Render<CampaignsPage>();
        list.WaitForElement("[data-testid='campaign-name']");
        var page = ctx.Render<CampaignPage>(p => p.Add(x => x.CampaignId, MeerutDrive));
        page.WaitForElement("[data-testid='campaign-title']", TimeSpan.FromSeconds(10));

        Assert.Empty(list.FindAll("[data-testid='export']"));
        Assert.Empty(page.FindAll("[data-testid='export']"));
        // What a crafted circuit message could still reach: the download service itself.
        var sent = await ctx.Downloads.SaveTableAsync("campaigns.xlsx", "Campaigns", ["Campaigns"], OneColumn, ["a", "b"]);

        Assert.False(sent);
        Assert.Empty(ctx.Downloads.Files);
        Assert.Equal(1, Audited(AuditActions.ExportRefused, DemoUsers.LucknowViewer));
        Assert.Equal(0, Audited(AuditActions.Export, DemoUsers.LucknowViewer));
    }

    [Fact]
    public async Task An_exporter_demoted_to_viewer_cannot_export_with_the_claims_of_the_open_circuit()
    {
        await using var ctx = new Context(_db, DemoUsers.PoliceHr); // the circuit's claims say DepartmentHR
        _db.Scalar($"UPDATE Users SET Role = {(int)PortalRole.Viewer} WHERE LoginName = '{DemoUsers.PoliceHr}'; SELECT 0");

        var sent = await ctx.Downloads.SaveTableAsync("staff.xlsx", "Staff", [], OneColumn, ["a"]);

        Assert.False(sent);
        Assert.Empty(ctx.Downloads.Files);
        Assert.Equal(1, Audited(AuditActions.ExportRefused, DemoUsers.PoliceHr));
    }

    [Fact]
    public async Task A_campaign_export_is_audited_with_who_what_its_scope_and_the_rows()
    {
        await using var ctx = new Context(_db, DemoUsers.MeerutRange);
        var page = ctx.Render<CampaignPage>(p => p.Add(x => x.CampaignId, MeerutDrive));
        page.WaitForElement("[data-testid='row-name']", TimeSpan.FromSeconds(10));
        var rows = page.FindAll("[data-testid='row-name']").Count;

        page.Find("[data-testid='export']").Click();

        page.WaitForAssertion(() => Assert.Single(ctx.Downloads.Files));
        var details = _db.Rows($"SELECT Details FROM AuditEntries WHERE Action = 'export' AND Actor = '{DemoUsers.MeerutRange}' AND Channel = 'web'", r => r.GetString(0)).Single();
        Assert.StartsWith($"campaign-{MeerutDrive}-by-district-", details);
        Assert.Contains("progress by district", details);
        Assert.Contains($"; {rows} rows;", details);
        Assert.Contains("exporter's scope: Meerut", details);
    }
}
