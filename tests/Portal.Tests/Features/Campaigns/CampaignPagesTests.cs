using Bunit;
using ClosedXML.Excel;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Web.Features.Access;
using Portal.Web.Features.Campaigns;
using Portal.Web.Infrastructure;

namespace Portal.Tests.Features.Campaigns;

/// <summary>The campaign pages on a private small state with the demo campaigns, on a fixed today (20-11-2026).</summary>
public sealed class CampaignPagesTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CopyOfSmallStateAsync();
    public Task DisposeAsync() { _db.Dispose(); return Task.CompletedTask; }

    private sealed class Context : PortalBunitContext
    {
        public Context(TestDatabase db, string login) : base(db)
        {
            Services.AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 11, 20, 6, 0, 0, TimeSpan.Zero)));
            SignInAs(login);
        }
    }

    private int MeerutDrive => (int)_db.Scalar("SELECT Id FROM Campaigns WHERE Name LIKE 'Meerut range police:%'");

    private static List<string> Texts<T>(IRenderedComponent<T> page, string testId) where T : IComponent =>
        page.FindAll($"[data-testid='{testId}']").Select(e => e.TextContent.Trim()).ToList();

    [Fact]
    public async Task A_campaign_too_large_to_count_on_the_spot_says_it_is_being_counted()
    {
        await using var ctx = new Context(_db, DemoUsers.StateAdmin);
        ctx.Services.AddTransient(sp => new CampaignService(sp.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Portal.Web.Data.PortalDbContext>>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<CampaignCache>(), sp.GetRequiredService<Portal.Web.Features.Snapshot.ComplianceRefresher>())
            { LiveCountLimit = 1 });

        var page = ctx.Render<CampaignPage>(p => p.Add(x => x.CampaignId, MeerutDrive));

        page.WaitForElement("[data-testid='campaign-counting']", TimeSpan.FromSeconds(10));
        Assert.Empty(page.FindAll("[data-testid='row-name']"));
        var refresher = ctx.Services.GetRequiredService<Portal.Web.Features.Snapshot.ComplianceRefresher>();
        Assert.True(refresher.IsPending);

        // The snapshot counts it (what the background refresher does with the request): the page shows the figures at
        // once, without waiting for its ten-second look (the clock here is fake and never moves).
        Assert.True(await refresher.ServeWaitingAsync());

        page.WaitForElement("[data-testid='row-name']", TimeSpan.FromSeconds(10));
        Assert.Empty(page.FindAll("[data-testid='campaign-counting']"));
    }

    [Fact]
    public async Task The_range_user_sees_its_four_districts_with_counts_from_the_database_worst_first()
    {
        await using var ctx = new Context(_db, DemoUsers.MeerutRange);
        var page = ctx.Render<CampaignPage>(p => p.Add(x => x.CampaignId, MeerutDrive));
        page.WaitForElement("[data-testid='row-name']", TimeSpan.FromSeconds(10));

        // Any course completed from 01-04-2026 to today, Meerut range police: counted here independently.
        var expected = _db.Rows("""
            SELECT d.Name, COUNT(*),
              SUM(CASE WHEN EXISTS (SELECT 1 FROM Enrolments x WHERE x.EmployeeId = e.Id AND x.Status = 2 AND x.CompletedOn BETWEEN '2026-04-01' AND '2026-11-20') THEN 1 ELSE 0 END)
            FROM Employees e JOIN Districts d ON d.Id = e.DistrictId
            WHERE e.Status = 1 AND e.DepartmentId = (SELECT Id FROM Departments WHERE Name = 'Police')
              AND e.DistrictId IN (SELECT m.DistrictsId FROM DistrictGroupingMembers m JOIN DistrictGroupings g ON g.Id = m.GroupingsId WHERE g.Kind = 'Police Range' AND g.Name = 'Meerut')
            GROUP BY d.Name
            """, r => (Name: r.GetString(0), Workforce: r.GetInt32(1), Reached: r.GetInt32(2)));

        var names = page.FindAll("[data-testid='row-name']").Select(e => e.TextContent.Trim()).ToList();
        Assert.Equal(["Baghpat", "Bulandshahr", "Hapur", "Meerut"], names.Order());
        var reached = page.FindAll("[data-testid='row-reached']").Select(e => e.TextContent.Trim()).ToList();
        var workforce = page.FindAll("[data-testid='row-workforce']").Select(e => e.TextContent.Trim()).ToList();
        for (var i = 0; i < names.Count; i++)
        {
            var e = expected.Single(x => x.Name == names[i]);
            Assert.Equal(IndianFormat.Number(e.Workforce), workforce[i]);
            Assert.Equal(IndianFormat.Number(e.Reached), reached[i]);
        }
        Assert.Equal(IndianFormat.Number(expected.Sum(x => x.Workforce)), page.Find("[data-testid='total-workforce']").TextContent.Trim());
        Assert.Equal("41 days left", page.Find("[data-testid='days-left']").TextContent.Trim());

        // Worst first: statuses in order, and within a status the lower rate first; those behind are shaded.
        var statuses = page.FindAll("[data-testid='row-status']").Select(e => e.TextContent.Trim()).ToList();
        var rank = new[] { "Missed deadline", "Will miss deadline", "Not started", "On track", "Reached", "No staff" };
        Assert.Equal(statuses.OrderBy(s => Array.IndexOf(rank, s)), statuses);
        var rows = page.FindAll("tr").Where(r => r.QuerySelector("[data-testid='row-name']") is not null).ToList();
        foreach (var row in rows)
        {
            var behind = row.QuerySelector("[data-testid='row-status']")!.TextContent.Contains("miss", StringComparison.OrdinalIgnoreCase);
            Assert.Equal(behind, row.ClassList.Contains("campaign-behind"));
        }
    }

    [Fact]
    public async Task By_department_is_a_url_and_the_export_holds_exactly_the_rows_shown()
    {
        await using var ctx = new Context(_db, DemoUsers.StateAdmin);
        var navigation = ctx.Services.GetRequiredService<NavigationManager>();
        var id = (int)_db.Scalar("SELECT Id FROM Campaigns WHERE Name LIKE 'Mandatory courses:%'");
        navigation.NavigateTo($"/campaigns/{id}?by=department");
        var page = ctx.Render<CampaignPage>(p => p.Add(x => x.CampaignId, id));
        page.WaitForElement("[data-testid='row-name']", TimeSpan.FromSeconds(10));

        var names = page.FindAll("[data-testid='row-name']").Select(e => e.TextContent.Trim()).ToList();
        Assert.Contains("Police", names);
        Assert.Equal(_db.Scalar("SELECT COUNT(DISTINCT DepartmentId) FROM Employees WHERE Status = 1"), names.Count);

        // The page closes the stream once sent: copy it as the browser would read it.
        var file = new MemoryStream();
        ctx.JSInterop.SetupVoid("portalDownload", call =>
        {
            ((Microsoft.JSInterop.DotNetStreamReference)call.Arguments[2]!).Stream.CopyTo(file);
            return true;
        }).SetVoidResult();
        page.Find("[data-testid='export']").Click();
        Assert.True(file.Length > 0, "nothing was sent");
        file.Position = 0;
        using var workbook = new XLWorkbook(file);
        var sheet = workbook.Worksheet(1);
        var header = sheet.CellsUsed(c => c.GetString() == "Department").Single().Address.RowNumber;
        var exported = Enumerable.Range(header + 1, names.Count + 1).Select(r => sheet.Cell(r, 1).GetString()).ToList();
        Assert.Equal([.. names, ""], exported);
        var rates = page.FindAll("[data-testid='row-rate']").Select(e => e.TextContent.Trim()).ToList();
        Assert.Equal(rates[0], $"{sheet.Cell(header + 1, 5).GetDouble() * 100:0.0}%");
    }

    [Fact]
    public async Task Only_those_behind_filter_shows_only_rows_that_will_miss()
    {
        await using var ctx = new Context(_db, DemoUsers.StateAdmin);
        var navigation = ctx.Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo($"/campaigns/{MeerutDrive}?behind=1");
        var page = ctx.Render<CampaignPage>(p => p.Add(x => x.CampaignId, MeerutDrive));
        page.WaitForElement("[data-testid='campaign-table']", TimeSpan.FromSeconds(10));
        var statuses = page.FindAll("[data-testid='row-status']").Select(e => e.TextContent.Trim()).ToList();
        Assert.All(statuses, s => Assert.Contains("miss", s));
        Assert.True(statuses.Count < 4, "the range's districts should not all be behind in the demo state");
    }

    [Fact]
    public async Task The_state_admin_sees_new_edit_and_delete_and_a_range_user_does_not()
    {
        await using (var admin = new Context(_db, DemoUsers.StateAdmin))
        {
            var page = admin.Render<CampaignsPage>();
            page.WaitForElement("[data-testid='campaign-name']");
            Assert.Single(page.FindAll("[data-testid='new-campaign']"));
            Assert.Equal(5, page.FindAll("[data-testid='edit-campaign']").Count);
            page.WaitForAssertion(() => Assert.DoesNotContain("counting…", Texts(page, "campaign-rate")), TimeSpan.FromSeconds(20));
            Assert.Contains("ended 31-01-2025", Texts(page, "campaign-days-left"));
        }
        await using var range = new Context(_db, DemoUsers.MeerutRange);
        var seen = range.Render<CampaignsPage>();
        seen.WaitForElement("[data-testid='campaign-name']");
        Assert.Equal(5, seen.FindAll("[data-testid='campaign-name']").Count);
        Assert.Empty(seen.FindAll("[data-testid='new-campaign']"));
        Assert.Empty(seen.FindAll("[data-testid='edit-campaign']"));
        Assert.Empty(seen.FindAll("[data-testid='delete-campaign']"));
    }

    [Fact]
    public void The_form_page_requires_the_state_admin_policy()
    {
        var attribute = typeof(CampaignEditPage).GetCustomAttributes(typeof(AuthorizeAttribute), true).Cast<AuthorizeAttribute>().Single();
        Assert.Equal(Policies.StateAdmin, attribute.Policy);
    }

    [Fact]
    public async Task Editing_a_campaign_saves_it_and_opens_its_progress()
    {
        await using var ctx = new Context(_db, DemoUsers.StateAdmin);
        var id = (int)_db.Scalar("SELECT Id FROM Campaigns WHERE Name LIKE 'POSH course%'");
        var page = ctx.Render<CampaignEditPage>(p => p.Add(x => x.CampaignId, id));
        page.WaitForElement("[data-testid='save-campaign']");
        Assert.Equal("POSH course completed by all staff of Health by 31-03-2026", page.Find("input[data-testid='edit-name']").GetAttribute("value"));

        page.Find("input[data-testid='edit-name']").Change("POSH in Health, all staff, by 31-03-2026");
        page.Find("[data-testid='save-campaign']").Click();

        page.WaitForAssertion(() => Assert.EndsWith($"/campaigns/{id}", ctx.Services.GetRequiredService<NavigationManager>().Uri));
        Assert.Equal(1, _db.Scalar($"SELECT COUNT(*) FROM Campaigns WHERE Id = {id} AND Name = 'POSH in Health, all staff, by 31-03-2026' AND Metric = 3 AND CAST(TargetPercent AS REAL) = 100"));
    }

    [Fact]
    public async Task Saving_an_invalid_form_shows_the_reasons_and_saves_nothing()
    {
        await using var ctx = new Context(_db, DemoUsers.StateAdmin);
        var before = _db.Scalar("SELECT COUNT(*) FROM Campaigns");
        var page = ctx.Render<CampaignEditPage>();
        page.WaitForElement("[data-testid='save-campaign']");
        page.Find("[data-testid='save-campaign']").Click();

        page.WaitForElement("[data-testid='campaign-problems']");
        var problems = page.Find("[data-testid='campaign-problems']").TextContent;
        Assert.Contains("Name is required.", problems);
        Assert.Contains("Window start is required.", problems);
        Assert.Contains("Deadline is required.", problems);
        Assert.Equal(before, _db.Scalar("SELECT COUNT(*) FROM Campaigns"));
    }
}
