using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;

namespace Portal.Tests.Infrastructure;

/// <summary>The real app on a temp SQLite file, seeded with a small demo state (and demo accounts) on start.</summary>
public class PortalAppFactory : WebApplicationFactory<Program>
{
    /// <summary>A new temp file unless set (two app instances on one database share it).</summary>
    public string DatabaseFile { get; init; } = Path.Combine(Path.GetTempPath(), $"portal-web-{Guid.NewGuid():N}.db");
    /// <summary>
    /// Whether disposing deletes the database file: not for a second instance on another's file, whose deletion under the
    /// first's feet left the first's scheduler retrying its database for ever while shutting down.
    /// </summary>
    public bool OwnsDatabaseFile { get; init; } = true;
    public int DemoEmployees { get; init; } = 3_000;
    /// <summary>The hosting environment; "Production" is what `dotnet run` and a published build use.</summary>
    public string EnvironmentName { get; init; } = "Development";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(EnvironmentName);
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("Database:SqlitePath", DatabaseFile);
        builder.UseSetting("Database:DemoEmployees", DemoEmployees.ToString());
        builder.UseSetting("Imports:Folder", Path.Combine(Path.GetTempPath(), $"portal-web-imports-{Guid.NewGuid():N}"));
        // The tests sign in dozens of times a minute from one address: the sign-in throttle has its own tests.
        builder.UseSetting("SignIn:AttemptsPerAddressPerMinute", "100000");
        builder.UseSetting("SignIn:AttemptsPerLoginPerMinute", "100000");
    }

    /// <summary>Reads the app's database directly, independent of its services.</summary>
    public long Scalar(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DatabaseFile}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar() ?? 0L);
    }

    /// <summary>The first column of a query's rows, as text.</summary>
    public List<string> Rows(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DatabaseFile}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read()) rows.Add(Convert.ToString(reader.GetValue(0)) ?? "");
        return rows;
    }

    /// <summary>A browser-like client: keeps cookies, does not follow redirects (so tests can see them).</summary>
    public HttpClient Browser() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Signs in through the real login form (antiforgery token and all).</summary>
    public async Task<(HttpClient Client, HttpResponseMessage Response)> SignInAsync(string login, string password = Portal.Web.Features.Access.DemoUsers.Password)
    {
        var client = Browser();
        var response = await PostFormAsync(client, "/account/login", new()
        {
            ["_handler"] = "login",
            ["Input.LoginName"] = login,
            ["Input.Password"] = password,
        });
        return (client, response);
    }

    /// <summary>GETs a page, takes its antiforgery token and posts the form fields with it.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string url, Dictionary<string, string> fields, string? tokenFrom = null)
    {
        var page = await client.GetStringAsync(tokenFrom ?? url);
        var token = Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(token), $"no antiforgery token on {tokenFrom ?? url}");
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(token);
        return await client.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (OwnsDatabaseFile) TestDatabase.DeleteFiles(DatabaseFile);
    }
}
