using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portal.Tests.Infrastructure;
using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Features.Admin;

namespace Portal.Tests.Features.Access;

/// <summary>Sessions end when an admin changes the user, and the sign-in throttle, through real HTTP requests.</summary>
public sealed class SessionHttpTests : IClassFixture<SessionHttpTests.App>
{
    public sealed class App : PortalAppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("SignIn:AttemptsPerAddressPerMinute", "100000");
            builder.UseSetting("SignIn:AttemptsPerLoginPerMinute", "3");
        }
    }

    private const string Password = "a-long-test-password";
    private readonly App _app;

    public SessionHttpTests(App app) => _app = app;

    private T Service<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    private async Task<SignedInUser> AdminAsync() => (await Service<AccessService>().FindByLoginAsync(DemoUsers.StateAdmin))!;

    /// <summary>A user of its own for each test (other tests' users stay as they are), signed in through the login form.</summary>
    private async Task<(HttpClient Client, UserRow User)> SignedInNewUserAsync(string login)
    {
        var admin = await AdminAsync();
        var lucknow = (int)_app.Scalar("SELECT Id FROM Districts WHERE Name = 'Lucknow'");
        Assert.Empty(await Service<UserAdminService>().SaveAsync(admin, new UserEdit
        {
            LoginName = login, DisplayName = login, Role = PortalRole.DepartmentHR, NewPassword = Password,
            Scope = [new ScopeItem(ScopeKind.District, lucknow, "Lucknow")],
        }));
        var (client, response) = await _app.SignInAsync(login, Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        var row = (await Service<UserAdminService>().ListUsersAsync(admin)).Single(u => u.LoginName == login);
        return (client, row);
    }

    private static UserEdit EditOf(UserRow row) => new()
    {
        Id = row.Id, LoginName = row.LoginName, DisplayName = row.DisplayName, Role = row.Role, IsActive = row.IsActive, Scope = row.Scope.ToList(),
    };

    [Theory]
    [InlineData("role")]
    [InlineData("scope")]
    [InlineData("password")]
    [InlineData("status")]
    public async Task An_admin_change_ends_the_users_open_sessions(string change)
    {
        var (client, user) = await SignedInNewUserAsync($"session.{change}@up.gov.in");
        var (other, _) = await _app.SignInAsync(user.LoginName, Password); // a second session of the same user
        // What an open circuit holds: the principal of the sign-in (the same claims as the cookie).
        var (_, signedIn) = await Service<AccessService>().CheckPasswordAsync(user.LoginName, Password);
        var circuitPrincipal = new ClaimsPrincipal(PortalClaims.CreateIdentity(signedIn!, "Cookies"));
        var circuit = new PortalAuthenticationStateProvider(Service<ILoggerFactory>(), Service<IServiceScopeFactory>());
        Assert.True(await circuit.IsStillValidAsync(new AuthenticationState(circuitPrincipal), CancellationToken.None));

        var edit = EditOf(user);
        switch (change)
        {
            case "role": edit.Role = PortalRole.Viewer; break;
            case "scope": edit.Scope.Add(new ScopeItem(ScopeKind.District, (int)_app.Scalar("SELECT Id FROM Districts WHERE Name = 'Agra'"), "Agra")); break;
            case "password": edit.NewPassword = Password + "-new"; break;
            case "status": edit.IsActive = false; break;
        }
        Assert.Empty(await Service<UserAdminService>().SaveAsync(await AdminAsync(), edit));

        foreach (var session in new[] { client, other })
        {
            var response = await session.GetAsync("/");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery);
        }
        Assert.False(await circuit.IsStillValidAsync(new AuthenticationState(circuitPrincipal), CancellationToken.None));
    }

    [Fact]
    public async Task A_change_of_name_alone_keeps_the_session()
    {
        var (client, user) = await SignedInNewUserAsync("session.name@up.gov.in");
        var edit = EditOf(user);
        edit.DisplayName = "Renamed";

        Assert.Empty(await Service<UserAdminService>().SaveAsync(await AdminAsync(), edit));

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Too_many_attempts_for_one_login_are_answered_wait_a_minute()
    {
        const string login = "throttled.nobody@up.gov.in";
        for (var i = 0; i < 3; i++)
            Assert.Contains("The login or password is not right.", await (await _app.SignInAsync(login, "guess" + i)).Response.Content.ReadAsStringAsync());

        var (_, refused) = await _app.SignInAsync(login, "guess");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("Too many attempts, wait a minute.", await refused.Content.ReadAsStringAsync());
        Assert.Equal(3, _app.Scalar($"SELECT COUNT(*) FROM AuditEntries WHERE Actor = '{login}'"));
    }

    [Fact]
    public async Task An_over_long_login_is_refused_with_a_message()
    {
        var (_, response) = await _app.SignInAsync(new string('x', 300) + "@up.gov.in", "whatever");

        Assert.Contains("A login has at most 254 characters", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_demo_state_says_so_on_the_login_page_and_on_every_page()
    {
        Assert.Contains(Portal.Web.Features.DemoData.DemoStateMarker.Notice, WebUtility.HtmlDecode(await _app.Browser().GetStringAsync("/account/login")));
        var (client, _) = await _app.SignInAsync(DemoUsers.LucknowViewer);
        Assert.Contains("data-testid=\"demo-state\"", await client.GetStringAsync("/"));
    }
}
