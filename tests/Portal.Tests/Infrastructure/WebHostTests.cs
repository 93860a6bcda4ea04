using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Portal.Tests.Infrastructure;

public sealed class WebHostTests : IAsyncLifetime
{
    private readonly PortalAppFactory _app = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Health_reports_the_database_healthy()
    {
        // The checks' details are for signed-in users (anonymous callers get the status only).
        var (client, _) = await _app.SignInAsync(Portal.Web.Features.Access.DemoUsers.StateAdmin);

        var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        Assert.Equal("Healthy", json.RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
    }

    [Fact]
    public async Task First_start_migrates_and_seeds_the_configured_database_and_the_home_page_shows_it()
    {
        var (client, _) = await _app.SignInAsync(Portal.Web.Features.Access.DemoUsers.StateAdmin);

        var html = await client.GetStringAsync("/");

        Assert.Contains("Workforce", html);
        Assert.Contains("Meerut", html);
        using var connection = new SqliteConnection($"Data Source={_app.DatabaseFile}");
        connection.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM Employees";
        Assert.Equal(_app.DemoEmployees, Convert.ToInt32(count.ExecuteScalar()));
    }

    [Fact]
    public async Task Health_is_unhealthy_when_the_database_is_gone()
    {
        var client = _app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);

        SqliteConnection.ClearAllPools();
        using (var connection = new SqliteConnection($"Data Source={_app.DatabaseFile}"))
        {
            connection.Open();
            using var drop = connection.CreateCommand();
            drop.CommandText = "DROP TABLE __EFMigrationsHistory";
            drop.ExecuteNonQuery();
        }

        var response = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("Unhealthy", await response.Content.ReadAsStringAsync());
    }
}
