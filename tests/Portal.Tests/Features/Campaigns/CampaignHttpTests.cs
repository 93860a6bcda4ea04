using System.Net;
using Portal.Tests.Infrastructure;
using Portal.Web.Features.Access;

namespace Portal.Tests.Features.Campaigns;

/// <summary>The campaign pages through real HTTP requests with real sign-in: readers view, only StateAdmins open the form.</summary>
public sealed class CampaignHttpTests : IClassFixture<CampaignHttpTests.App>
{
    public sealed class App : PortalAppFactory;

    private readonly App _app;

    public CampaignHttpTests(App app) => _app = app;

    private long MeerutDrive => _app.Scalar("SELECT Id FROM Campaigns WHERE Name LIKE 'Meerut range police:%'");

    [Theory]
    [InlineData(DemoUsers.StateAdmin, "/campaigns/new", HttpStatusCode.OK)]
    [InlineData(DemoUsers.StateAdmin, "/campaigns/{id}/edit", HttpStatusCode.OK)]
    [InlineData(DemoUsers.MeerutRange, "/campaigns", HttpStatusCode.OK)]
    [InlineData(DemoUsers.MeerutRange, "/campaigns/{id}", HttpStatusCode.OK)]
    [InlineData(DemoUsers.MeerutRange, "/campaigns/new", HttpStatusCode.Redirect)]
    [InlineData(DemoUsers.MeerutRange, "/campaigns/{id}/edit", HttpStatusCode.Redirect)]
    [InlineData(DemoUsers.LucknowViewer, "/campaigns/{id}?by=department", HttpStatusCode.OK)]
    [InlineData(DemoUsers.LucknowViewer, "/campaigns/new", HttpStatusCode.Redirect)]
    public async Task Readers_view_campaigns_and_only_a_state_admin_opens_the_form(string login, string url, HttpStatusCode expected)
    {
        var (client, _) = await _app.SignInAsync(login);
        var response = await client.GetAsync(url.Replace("{id}", MeerutDrive.ToString()));
        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Redirect)
            Assert.StartsWith("/account/denied", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task On_a_whole_state_campaign_the_range_user_gets_only_its_four_districts()
    {
        var (client, _) = await _app.SignInAsync(DemoUsers.MeerutRange);
        var id = _app.Scalar("SELECT Id FROM Campaigns WHERE Name LIKE 'Mandatory courses:%'");
        var html = await client.GetStringAsync($"/campaigns/{id}");
        Assert.Contains("Mandatory courses:", html);
        foreach (var district in new[] { "Meerut", "Bulandshahr", "Baghpat", "Hapur" })
            Assert.Matches($"data-testid=\"row-name\"><a [^>]*href=\"/\\?district=\\d+\"[^>]*>{district}</a>", html);
        Assert.Equal(4, html.Split("data-testid=\"row-name\"").Length - 1);
        Assert.DoesNotContain(">Lucknow</a>", html);
    }
}
