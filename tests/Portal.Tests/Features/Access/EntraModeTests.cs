using System.Net;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Access;

/// <summary>With an AzureAd section configured the portal signs in with Entra ID only.</summary>
public sealed class EntraModeTests : IClassFixture<EntraModeTests.App>
{
    public const string Tenant = "11111111-2222-3333-4444-555555555555";

    public sealed class App : PortalAppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("AzureAd:Instance", "https://login.microsoftonline.com/");
            builder.UseSetting("AzureAd:TenantId", Tenant);
            builder.UseSetting("AzureAd:ClientId", "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee");
            builder.UseSetting("AzureAd:CallbackPath", "/signin-oidc");
            builder.ConfigureTestServices(services =>
                // No network here: give the handler the authority's metadata instead of fetching it.
                services.PostConfigure<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme, o =>
                {
                    o.Configuration = new OpenIdConnectConfiguration
                    {
                        Issuer = $"https://login.microsoftonline.com/{Tenant}/v2.0",
                        AuthorizationEndpoint = $"https://login.microsoftonline.com/{Tenant}/oauth2/v2.0/authorize",
                        EndSessionEndpoint = $"https://login.microsoftonline.com/{Tenant}/oauth2/v2.0/logout",
                    };
                    o.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(o.Configuration);
                }));
        }
    }

    private readonly App _app;

    public EntraModeTests(App app) => _app = app;

    [Fact]
    public async Task An_anonymous_page_request_is_challenged_with_OpenID_Connect()
    {
        var response = await _app.Browser().GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith($"https://login.microsoftonline.com/{Tenant}/oauth2/v2.0/authorize", location);
        Assert.Contains("client_id=aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", location);
    }

    [Fact]
    public async Task The_local_login_is_not_offered_and_no_local_accounts_exist()
    {
        var html = await _app.Browser().GetStringAsync("/account/login");

        Assert.Contains("Sign in with Microsoft", html);
        Assert.DoesNotContain("type=\"password\"", html);
        Assert.Equal(0, _app.Scalar("SELECT COUNT(*) FROM Users"));
    }

    [Fact]
    public async Task A_password_post_does_not_sign_in()
    {
        var client = _app.Browser();
        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login", ["Input.LoginName"] = "cs.review@up.gov.in", ["Input.Password"] = "Karmayogi@2026",
        }));

        Assert.DoesNotContain(response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith("karmayogi.auth="));
    }

    [Fact]
    public async Task The_not_authorised_page_tells_the_user_to_ask_the_state_admin()
    {
        var html = await _app.Browser().GetStringAsync("/account/not-authorised?account=someone%40up.gov.in");

        Assert.Contains("someone@up.gov.in", html);
        Assert.Contains("Ask your state admin", html);
    }

    [Fact]
    public void The_configured_tenant_is_required_and_common_or_organizations_require_none()
    {
        Assert.Equal(Tenant, _app.Services.GetRequiredService<Portal.Web.Features.Access.SignInMode>().EntraTenantId);
        foreach (var multi in new[] { "common", "organizations", "" })
        {
            var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["AzureAd:ClientId"] = "x", ["AzureAd:TenantId"] = multi }).Build();
            Assert.Null(Portal.Web.Features.Access.SignInMode.From(configuration).EntraTenantId);
        }
    }

    [Fact]
    public void The_token_gives_tenant_object_id_and_email_in_either_claim_form()
    {
        var mapped = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
        [
            new System.Security.Claims.Claim("http://schemas.microsoft.com/identity/claims/tenantid", Tenant),
            new System.Security.Claims.Claim("http://schemas.microsoft.com/identity/claims/objectidentifier", "oid-1"),
            new System.Security.Claims.Claim("preferred_username", "a@up.gov.in"),
        ]));
        var raw = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
        [
            new System.Security.Claims.Claim("tid", Tenant),
            new System.Security.Claims.Claim("oid", "oid-1"),
            new System.Security.Claims.Claim("preferred_username", "a@up.gov.in"),
        ]));

        var expected = new Portal.Web.Features.Access.EntraAccount(Tenant, "oid-1", "a@up.gov.in");
        Assert.Equal(expected, Portal.Web.Features.Access.EntraAccount.From(mapped));
        Assert.Equal(expected, Portal.Web.Features.Access.EntraAccount.From(raw));
    }
}
