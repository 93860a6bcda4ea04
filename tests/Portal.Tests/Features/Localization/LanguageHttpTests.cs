using System.Net;
using Microsoft.AspNetCore.Hosting;
using Portal.Tests.Infrastructure;
using Portal.Web.Features.Access;
using Portal.Web.Infrastructure.Localization;

namespace Portal.Tests.Features.Localization;

/// <summary>The language switch, the page's lang and the Devanagari font, through real HTTP requests, as Production.</summary>
public sealed class LanguageHttpTests(LanguageHttpTests.App app) : IClassFixture<LanguageHttpTests.App>
{
    public sealed class App : PortalAppFactory
    {
        public App() => EnvironmentName = "Production";

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Portal:AccountHelp:hi-IN", "खाते के लिए जनपद के ई-गवर्नेंस प्रकोष्ठ से संपर्क करें।");
        }
    }

    [Fact]
    public async Task Without_a_choice_the_page_is_in_the_configured_default_English()
    {
        var html = await app.Browser().GetStringAsync("/account/login");
        Assert.Contains("<html lang=\"en\"", html);
        Assert.Contains(">Sign in</", html);
        Assert.Contains("hreflang=\"hi\"", html); // the switch offers हिन्दी
    }

    [Fact]
    public async Task Choosing_Hindi_sets_a_cookie_and_returns_to_the_page_which_is_then_in_Hindi()
    {
        var client = app.Browser();
        var response = await client.GetAsync(PortalLanguages.SwitchUrl(PortalLanguages.Hindi, "/account/login?returnUrl=%2F"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login?returnUrl=%2F", response.Headers.Location!.OriginalString);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(PortalLanguages.CookieName + "="));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("expires=", cookie, StringComparison.OrdinalIgnoreCase);

        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/account/login"));
        Assert.Contains("<html lang=\"hi\"", html);
        Assert.Contains(">साइन इन</", html);
        // The state's own help line for Hindi readers (Portal:AccountHelp:hi-IN).
        Assert.Contains("ई-गवर्नेंस प्रकोष्ठ", html);

        await client.GetAsync(PortalLanguages.SwitchUrl(PortalLanguages.English, "/"));
        Assert.Contains("<html lang=\"en\"", await client.GetStringAsync("/account/login"));
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    public async Task The_switch_returns_only_to_pages_of_the_portal(string returnUrl)
    {
        var response = await app.Browser().GetAsync(PortalLanguages.SwitchUrl(PortalLanguages.Hindi, returnUrl));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task An_unknown_language_sets_no_cookie()
    {
        var response = await app.Browser().GetAsync(PortalLanguages.SwitchUrl("fr-FR", "/"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith(PortalLanguages.CookieName)));
    }

    [Fact]
    public async Task The_signed_in_dashboard_follows_the_cookie()
    {
        var (client, _) = await app.SignInAsync(DemoUsers.StateAdmin);
        await client.GetAsync(PortalLanguages.SwitchUrl(PortalLanguages.Hindi, "/"));
        // The server writes Devanagari as character references (&#x...;): read the page as a browser does.
        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/"));
        Assert.Contains("<html lang=\"hi\"", html);
        Assert.Contains("कार्यबल", html);
        Assert.Contains("साइन आउट", html);
        Assert.Contains("id=\"main-content\"", html);
    }

    [Fact]
    public async Task The_login_page_has_a_help_line_and_no_technical_sign_in_mode()
    {
        var html = await app.Browser().GetStringAsync("/account/login");
        Assert.Contains("data-testid=\"account-help\"", html);
        Assert.Contains("nodal officer", html);
        Assert.DoesNotContain("Sign-in mode", html);
        Assert.DoesNotContain("Microsoft Entra ID is not configured", html);
    }

    [Fact]
    public async Task The_Devanagari_font_is_served_by_the_portal_itself_and_the_CSP_allows_only_that()
    {
        var client = app.Browser();
        var css = await client.GetStringAsync("/app.css");
        Assert.Contains("font-family: 'Noto Sans Devanagari'", css);
        Assert.DoesNotContain("fonts.googleapis", css);

        var font = await client.GetAsync("/fonts/noto-sans-devanagari/noto-sans-devanagari-devanagari-400-normal.woff2");
        Assert.Equal(HttpStatusCode.OK, font.StatusCode);
        var bytes = await font.Content.ReadAsByteArrayAsync();
        Assert.Equal("wOF2"u8.ToArray(), bytes[..4]);

        var page = await client.GetAsync("/account/login");
        Assert.Contains("font-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single());
    }
}
