using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Portal.Web.Features.Access;

namespace Portal.Tests.Infrastructure;

/// <summary>
/// The portal as it runs by default (Production): styled and interactive (its static assets are served, to anyone),
/// with security headers, HSTS over HTTPS, forwarded headers from a trusted proxy, and a terse /health for outsiders.
/// </summary>
public sealed class ProductionHostTests : IClassFixture<ProductionHostTests.App>
{
    public sealed class App : PortalAppFactory
    {
        public App() => EnvironmentName = "Production";
    }

    private readonly App _app;

    public ProductionHostTests(App app) => _app = app;

    [Theory]
    [InlineData("/_content/MudBlazor/MudBlazor.min.css", "text/css")]
    [InlineData("/_framework/blazor.web.js", "text/javascript")]
    [InlineData("/app.css", "text/css")]
    [InlineData("/js/download.js", "text/javascript")]
    public async Task Styles_and_scripts_are_served_to_anonymous_visitors(string url, string contentType)
    {
        // The bug this guards: outside Development the files were missing (FileNotFoundException) and answered 302 to the login page.
        var response = await _app.Browser().GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 100);
    }

    [Fact]
    public async Task The_login_page_links_the_fingerprinted_assets_and_they_are_served()
    {
        var client = _app.Browser();
        var html = await client.GetStringAsync("/account/login");

        var assets = Regex.Matches(html, "(?:href|src)=\"([^\"]+\\.(?:css|js))\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Contains(assets, a => a.Contains("MudBlazor.min") && a.EndsWith(".css"));
        Assert.Contains(assets, a => a.Contains("blazor.web") && a.EndsWith(".js"));
        foreach (var asset in assets)
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/" + asset.TrimStart('/'))).StatusCode);
    }

    [Fact]
    public async Task Every_page_carries_the_security_headers_and_the_import_map_its_nonce()
    {
        var response = await _app.Browser().GetAsync("/account/login");
        var html = await response.Content.ReadAsStringAsync();

        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp);
        Assert.Contains("style-src 'self' 'unsafe-inline'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("base-uri 'self'", csp);
        Assert.Contains("form-action 'self'", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        var scriptSrc = csp.Split(';').Select(d => d.Trim()).Single(d => d.StartsWith("script-src"));
        Assert.DoesNotContain("unsafe-inline", scriptSrc);
        var nonce = Regex.Match(scriptSrc, "'nonce-([^']+)'").Groups[1].Value;
        Assert.NotEmpty(nonce);
        // Every inline script (the import map, when the static-assets manifest yields one) carries this response's nonce;
        // whether an import map is rendered depends on the manifest the host finds, so its presence is not asserted here
        // (the browser journeys fail on any CSP violation in the real page).
        var inlineScripts = Regex.Matches(html, "<script(?![^>]*\\bsrc=)[^>]*>").Select(m => m.Value).ToList();
        Assert.All(inlineScripts, tag => Assert.Contains($"nonce=\"{nonce}\"", tag));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("same-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        // Only HTTPS responses carry HSTS.
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task Over_HTTPS_responses_carry_HSTS()
    {
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://portal.up.gov.in"), AllowAutoRedirect = false });

        var response = await client.GetAsync("/account/login");

        Assert.Contains("max-age=31536000", Assert.Single(response.Headers.GetValues("Strict-Transport-Security")));
    }

    [Fact]
    public async Task Behind_a_TLS_proxy_the_request_is_HTTPS_and_the_sign_in_cookie_is_Secure()
    {
        var client = _app.Browser();
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        client.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.7");

        var response = await PortalAppFactory.PostFormAsync(client, "/account/login", new()
        {
            ["_handler"] = "login",
            ["Input.LoginName"] = DemoUsers.HealthHr,
            ["Input.Password"] = DemoUsers.Password,
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("karmayogi.auth="));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Without_the_proxy_header_the_cookie_is_not_marked_Secure_on_plain_HTTP()
    {
        var (_, response) = await _app.SignInAsync(DemoUsers.HealthHr);

        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("karmayogi.auth="));
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Health_tells_anonymous_callers_only_the_status()
    {
        var response = await _app.Browser().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        Assert.Single(json.RootElement.EnumerateObject());
    }

    [Fact]
    public async Task Health_tells_a_signed_in_user_the_checks()
    {
        var (client, _) = await _app.SignInAsync(DemoUsers.LucknowViewer);

        using var json = JsonDocument.Parse(await client.GetStringAsync("/health"));

        var database = json.RootElement.GetProperty("checks").GetProperty("database");
        Assert.Equal("Healthy", database.GetProperty("status").GetString());
        Assert.Contains("districts", database.GetProperty("description").GetString());
    }
}
