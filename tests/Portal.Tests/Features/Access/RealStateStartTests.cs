using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Portal.Tests.Infrastructure;
using Portal.Web.Cli;
using Portal.Web.Features.Access;

namespace Portal.Tests.Features.Access;

/// <summary>
/// The portal started with default settings (demo seeding on, local sign-in) on a state's database that holds no
/// users and no demo marker, as a real state's database would: no demo accounts, no published password.
/// </summary>
public sealed class RealStateStartTests : IClassFixture<RealStateStartTests.App>
{
    public sealed class App : PortalAppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            // A state loaded by other means: the generator's data without its marker, accounts or audit.
            var exit = CommandLine.RunAsync(["seed", "--employees", "300", "--database", DatabaseFile], TextWriter.Null, TextWriter.Null).GetAwaiter().GetResult();
            Assert.Equal(CommandLine.Ok, exit);
            using (var connection = new SqliteConnection($"Data Source={DatabaseFile}"))
            {
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "DELETE FROM UserScopeEntries; DELETE FROM Users; DELETE FROM AuditEntries; DELETE FROM Settings;";
                command.ExecuteNonQuery();
            }
            SqliteConnection.ClearAllPools();
            base.ConfigureWebHost(builder);
        }
    }

    private readonly App _app;

    public RealStateStartTests(App app) => _app = app;

    [Fact]
    public async Task No_demo_accounts_are_created_and_the_demo_password_does_not_sign_in()
    {
        var (client, response) = await _app.SignInAsync(DemoUsers.StateAdmin);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, _app.Scalar("SELECT COUNT(*) FROM Users"));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
        var login = await _app.Browser().GetStringAsync("/account/login");
        Assert.DoesNotContain("data-testid=\"demo-state\"", login);
        Assert.DoesNotContain("Demo accounts are listed", login);
    }
}
