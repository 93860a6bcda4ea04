using System.Net;
using Portal.Web.Features.Access;

namespace Portal.Tests.Infrastructure;

/// <summary>Data-protection keys live in the database, so a cookie issued by one instance is accepted by another.</summary>
public sealed class SharedKeysTests : IAsyncLifetime
{
    private readonly PortalAppFactory _first = new() { EnvironmentName = "Production" };
    private PortalAppFactory? _second;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_second is not null) await _second.DisposeAsync();
        await _first.DisposeAsync();
    }

    [Fact]
    public async Task A_cookie_from_one_instance_is_accepted_by_a_second_on_the_same_database()
    {
        var (_, signIn) = await _first.SignInAsync(DemoUsers.PoliceHr);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var cookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("karmayogi.auth=")).Split(';')[0];
        Assert.True(_first.Scalar("SELECT COUNT(*) FROM DataProtectionKeys") >= 1);
        Assert.Equal(1, _first.Scalar("SELECT COUNT(*) FROM DataProtectionKeys WHERE Xml LIKE '%<key id=%'"));

        _second = new PortalAppFactory { EnvironmentName = "Production", DatabaseFile = _first.DatabaseFile, OwnsDatabaseFile = false };
        var client = _second.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Cookie", cookie);

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Workforce", await response.Content.ReadAsStringAsync());
        // The second instance used the first one's key rather than making its own.
        Assert.Equal(1, _first.Scalar("SELECT COUNT(*) FROM DataProtectionKeys"));
    }
}
