using Bunit;
using Portal.Web.Components.Layout;
using Portal.Web.Features.Access;
using Portal.Web.Features.Admin;

namespace Portal.Tests.Features.Access;

/// <summary>What each role is offered in the UI (AuthorizeView with the app's policies).</summary>
[Collection(SeededStateCollection.Name)]
public sealed class RoleComponentTests(SeededStateFixture state) : PortalBunitContext(state.Database)
{
    private List<string> NavLinks()
    {
        var nav = Render<NavMenu>();
        return nav.FindAll("a").Select(a => a.TextContent.Trim()).ToList();
    }

    [Theory]
    [InlineData(DemoUsers.StateAdmin, "Dashboard,Campaigns,Courses,Rosters,Progress,CB plan allocations,Unmatched iGOT users,Reports,Reports by e-mail,ACR rules,Admin")]
    [InlineData(DemoUsers.MeerutRange, "Dashboard,Campaigns,Courses,Rosters,Progress,CB plan allocations,Unmatched iGOT users,Reports,Reports by e-mail")]
    [InlineData(DemoUsers.PoliceHr, "Dashboard,Campaigns,Courses,Rosters,Progress,CB plan allocations,Unmatched iGOT users,Reports,Reports by e-mail")]
    [InlineData(DemoUsers.LucknowViewer, "Dashboard,Campaigns,Courses,Reports,Reports by e-mail")]
    public void The_navigation_offers_each_role_its_features(string login, string expected)
    {
        SignInAs(login);
        Assert.Equal(expected.Split(','), NavLinks());
    }

    [Fact]
    public void The_user_badge_shows_who_is_signed_in_and_their_scope()
    {
        SignInAs(DemoUsers.MeerutRange);
        var badge = Render<UserBadge>();
        badge.WaitForAssertion(() =>
        {
            Assert.Contains(DemoUsers.MeerutRange, badge.Find("[data-testid='current-user']").TextContent);
            Assert.Contains("Meerut police range", badge.Find("[data-testid='current-scope']").TextContent);
            Assert.Contains("Police", badge.Find("[data-testid='current-scope']").TextContent);
        });
    }

    [Fact]
    public void The_admin_page_lists_every_user_with_their_scope()
    {
        SignInAs(DemoUsers.StateAdmin);
        var page = Render<UsersPage>();
        page.WaitForElement("[data-testid='user-login']");

        var logins = page.FindAll("[data-testid='user-login']").Select(e => e.TextContent.Trim()).ToList();
        foreach (var login in new[] { DemoUsers.StateAdmin, DemoUsers.MeerutRange, DemoUsers.PoliceHr, DemoUsers.HealthHr, DemoUsers.LucknowViewer })
            Assert.Contains(login, logins);
        var scopes = page.FindAll("[data-testid='user-scope']").Select(e => e.TextContent.Trim()).ToList();
        Assert.Contains("Lucknow · all departments", scopes);
    }

    [Fact]
    public void A_locked_user_has_an_unlock_button_that_clears_the_lock()
    {
        Db.Scalar($"UPDATE Users SET FailedSignIns = 5, LockedUntil = '2099-01-01 00:00:00' WHERE LoginName = '{DemoUsers.LucknowViewer}'");
        try
        {
            SignInAs(DemoUsers.StateAdmin);
            var page = Render<UsersPage>();
            page.WaitForElement("[data-testid='unlock-user']");
            Assert.Single(page.FindAll("[data-testid='unlock-user']"));

            page.Find("[data-testid='unlock-user']").Click();

            page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid='unlock-user']")));
            Assert.Equal(0, Db.Scalar($"SELECT COUNT(*) FROM Users WHERE LoginName = '{DemoUsers.LucknowViewer}' AND (FailedSignIns > 0 OR LockedUntil IS NOT NULL)"));
            Assert.Equal(1, Db.Scalar($"SELECT COUNT(*) FROM AuditEntries WHERE Action = 'user-unlocked' AND Details LIKE '{DemoUsers.LucknowViewer}%'"));
        }
        finally
        {
            Db.Scalar($"UPDATE Users SET FailedSignIns = 0, LockedUntil = NULL WHERE LoginName = '{DemoUsers.LucknowViewer}'");
        }
    }
}
