using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Features.Subscriptions;

namespace Portal.Tests.Features.Subscriptions;

/// <summary>The subscriptions page (bUnit, real SQLite): a reader's own list and subscribing; a state admin's everyone's, with failures, pause.</summary>
public sealed class SubscriptionsPageTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CopyOfSmallStateAsync();
    public Task DisposeAsync() { _db.Dispose(); return Task.CompletedTask; }

    private sealed class Context : PortalBunitContext
    {
        public Context(TestDatabase db, string login) : base(db) => SignInAs(login);
    }

    private static List<string> Texts<T>(IRenderedComponent<T> page, string testId) where T : IComponent =>
        page.FindAll($"[data-testid='{testId}']").Select(e => e.TextContent.Trim()).ToList();

    private static async Task<ReportSubscription> SubscribeAsync(Context ctx, string recipient, string title)
    {
        var access = ctx.Services.GetRequiredService<AccessService>();
        var admin = (await access.FindByLoginAsync(DemoUsers.StateAdmin))!;
        return await ctx.Services.GetRequiredService<SubscriptionService>().CreateAsync(admin, new SubscriptionRequest(
            DashboardTableReport.KindName, title, "?by=district", SubscriptionFrequency.Weekly, DayOfWeek.Friday, null, new TimeOnly(17, 0), recipient));
    }

    [Fact]
    public async Task A_reader_sees_only_their_own_subscriptions_and_subscribes_themselves()
    {
        await using var ctx = new Context(_db, DemoUsers.MeerutRange);
        await SubscribeAsync(ctx, DemoUsers.PoliceHr, "Police HR's districts");

        var page = ctx.Render<SubscriptionsPage>();
        page.WaitForElement("[data-testid='no-subscriptions']", TimeSpan.FromSeconds(10));
        Assert.Empty(page.FindAll("[data-testid='new-recipient']"));

        page.Find("button[data-testid='subscribe']").Click();

        page.WaitForAssertion(() => Assert.Equal(["Dashboard table"], Texts(page, "subscription-title")), TimeSpan.FromSeconds(10));
        Assert.Empty(page.FindAll("[data-testid='subscription-recipient']"));
        Assert.Equal(1, _db.Scalar($"SELECT COUNT(*) FROM ReportSubscriptions WHERE RecipientUserId = {_db.UserId(DemoUsers.MeerutRange)} AND MinuteOfDay = 540 AND DayOfWeek = 1"));
        Assert.Equal(["Not yet"], Texts(page, "last-send"));
    }

    [Fact]
    public async Task A_state_admin_sees_everyones_with_the_last_send_and_its_failures_and_pauses_one()
    {
        await using var ctx = new Context(_db, DemoUsers.StateAdmin);
        var range = await SubscribeAsync(ctx, DemoUsers.MeerutRange, "Range districts");
        await SubscribeAsync(ctx, DemoUsers.PoliceHr, "Police districts");
        var now = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss");
        _db.Execute($"""
            INSERT INTO SubscriptionSends (SubscriptionId, ScheduledFor, Attempt, At, Recipient, Outcome, Rows, SizeBytes, Message)
            VALUES ({range.Id}, '{now}', 1, '{now}', '{DemoUsers.MeerutRange}', {(int)SendOutcome.Failed}, 4, 9000, 'The mail server did not take the message.'),
                   ({range.Id}, '{now}', 2, '{now}', '{DemoUsers.MeerutRange}', {(int)SendOutcome.GaveUp}, 4, 9000, 'Gave up after 2 attempts.')
            """);

        var page = ctx.Render<SubscriptionsPage>();
        page.WaitForElement("[data-testid='subscriptions-table']", TimeSpan.FromSeconds(10));

        Assert.Equal(["Police districts", "Range districts"], Texts(page, "subscription-title"));
        Assert.Equal([DemoUsers.PoliceHr, DemoUsers.MeerutRange], Texts(page, "subscription-recipient"));
        var failures = Texts(page, "failures");
        Assert.Equal("None", failures[0]);
        Assert.Contains("2 failed", failures[1]);
        Assert.Contains("Gave up after 2 attempts", failures[1]);
        Assert.StartsWith("Could not be sent", Texts(page, "last-send")[1]);
        Assert.NotEmpty(page.FindAll("[data-testid='new-recipient']"));

        page.FindAll("button[data-testid='pause']")[1].Click();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid='paused']")), TimeSpan.FromSeconds(10));
        Assert.Equal(1, _db.Scalar($"SELECT Paused FROM ReportSubscriptions WHERE Id = {range.Id}"));
        Assert.Equal(["Pause", "Resume"], Texts(page, "pause"));
    }
}
