using System.Net;
using ClosedXML.Excel;
using Portal.Tests.Infrastructure;
using Portal.Web.Features.Access;

namespace Portal.Tests.Features.Access;

/// <summary>What each role can and cannot open, through real HTTP requests with real sign-in.</summary>
public sealed class AccessHttpTests : IClassFixture<AccessHttpTests.App>
{
    public sealed class App : PortalAppFactory;

    private readonly App _app;

    public AccessHttpTests(App app) => _app = app;

    private long IdOf(string sql) => _app.Scalar(sql);

    private long LucknowEmployee => IdOf("SELECT e.Id FROM Employees e JOIN Districts d ON d.Id = e.DistrictId WHERE d.Name = 'Lucknow' LIMIT 1");
    private long LucknowDistrict => IdOf("SELECT Id FROM Districts WHERE Name = 'Lucknow'");
    private long HealthDepartment => IdOf($"SELECT Id FROM Departments WHERE Name = '{DemoUsers.HealthDepartment}'");
    private long MeerutPoliceEmployee => IdOf("""
        SELECT e.Id FROM Employees e JOIN Districts d ON d.Id = e.DistrictId JOIN Departments p ON p.Id = e.DepartmentId
        WHERE d.Name = 'Meerut' AND p.Name = 'Police' LIMIT 1
        """);

    [Theory]
    [InlineData("/")]
    [InlineData("/admin")]
    [InlineData("/rosters")]
    [InlineData("/export/staff.xlsx")]
    public async Task Anonymous_requests_are_sent_to_the_login_page(string url)
    {
        var response = await _app.Browser().GetAsync(url);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task Login_page_offers_the_local_form_without_a_technical_sign_in_mode_line()
    {
        // The mode is in the start-up log for the IT cell; end users see only the form and who to ask for an account.
        var html = await _app.Browser().GetStringAsync("/account/login");
        Assert.DoesNotContain("Local demo accounts", html);
        Assert.Contains("type=\"password\"", html);
        Assert.Contains("data-testid=\"account-help\"", html);
    }

    [Theory]
    [InlineData(DemoUsers.StateAdmin, "/admin", HttpStatusCode.OK)]
    [InlineData(DemoUsers.StateAdmin, "/rosters", HttpStatusCode.OK)]
    [InlineData(DemoUsers.StateAdmin, "/reports", HttpStatusCode.OK)]
    [InlineData(DemoUsers.MeerutRange, "/", HttpStatusCode.OK)]
    [InlineData(DemoUsers.MeerutRange, "/rosters", HttpStatusCode.OK)]
    [InlineData(DemoUsers.MeerutRange, "/reports", HttpStatusCode.OK)]
    [InlineData(DemoUsers.MeerutRange, "/admin", HttpStatusCode.Redirect)]
    [InlineData(DemoUsers.PoliceHr, "/reports", HttpStatusCode.OK)]
    [InlineData(DemoUsers.PoliceHr, "/admin", HttpStatusCode.Redirect)]
    [InlineData(DemoUsers.HealthHr, "/rosters", HttpStatusCode.OK)]
    [InlineData(DemoUsers.LucknowViewer, "/", HttpStatusCode.OK)]
    [InlineData(DemoUsers.LucknowViewer, "/rosters", HttpStatusCode.Redirect)]
    [InlineData(DemoUsers.LucknowViewer, "/progress", HttpStatusCode.Redirect)]
    [InlineData(DemoUsers.LucknowViewer, "/reports", HttpStatusCode.OK)] // reads its scope's ACR figures; exports are refused
    [InlineData(DemoUsers.LucknowViewer, "/admin", HttpStatusCode.Redirect)]
    [InlineData(DemoUsers.LucknowViewer, "/export/staff.xlsx", HttpStatusCode.Redirect)]
    public async Task Each_role_opens_what_it_may_and_is_denied_the_rest(string login, string url, HttpStatusCode expected)
    {
        var (client, _) = await _app.SignInAsync(login);

        var response = await client.GetAsync(url);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Redirect)
            Assert.StartsWith("/account/denied", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task Meerut_range_gets_nothing_of_Lucknow_or_of_Health()
    {
        var (client, _) = await _app.SignInAsync(DemoUsers.MeerutRange);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/employees/{LucknowEmployee}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/?district={LucknowDistrict}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/export/staff.xlsx?departmentId={HealthDepartment}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/export/staff.xlsx?districtId={LucknowDistrict}")).StatusCode);
        // Its own staff it can open.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/employees/{MeerutPoliceEmployee}")).StatusCode);
    }

    [Fact]
    public async Task The_state_admin_opens_any_employee()
    {
        var (client, _) = await _app.SignInAsync(DemoUsers.StateAdmin);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/employees/{LucknowEmployee}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/?district={LucknowDistrict}")).StatusCode);
        // The state's name comes from appsettings.json ("State:Name").
        Assert.Contains("Uttar Pradesh: iGOT onboarding and training", await client.GetStringAsync("/"));
    }

    [Fact]
    public async Task Meerut_range_export_holds_exactly_the_police_staff_of_its_four_districts()
    {
        var (client, _) = await _app.SignInAsync(DemoUsers.MeerutRange);

        var response = await client.GetAsync("/export/staff.xlsx");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var workbook = new XLWorkbook(await response.Content.ReadAsStreamAsync());
        var rows = workbook.Worksheet(1).RowsUsed().Skip(1).ToList();
        var expected = _app.Scalar("""
            SELECT COUNT(*) FROM Employees e JOIN Districts d ON d.Id = e.DistrictId JOIN Departments p ON p.Id = e.DepartmentId
            WHERE d.Name IN ('Meerut', 'Bulandshahr', 'Baghpat', 'Hapur') AND p.Name = 'Police'
            """);
        Assert.Equal(expected, rows.Count);
        Assert.All(rows, r => Assert.Equal("Police", r.Cell(4).GetString()));
        Assert.All(rows, r => Assert.Contains(r.Cell(5).GetString(), new[] { "Meerut", "Bulandshahr", "Baghpat", "Hapur" }));
    }

    [Fact]
    public async Task Meerut_range_dashboard_totals_are_the_sum_over_its_scope_only()
    {
        var (client, _) = await _app.SignInAsync(DemoUsers.MeerutRange);

        var html = await client.GetStringAsync("/");

        var expected = _app.Scalar("""
            SELECT COUNT(*) FROM Employees e JOIN Districts d ON d.Id = e.DistrictId JOIN Departments p ON p.Id = e.DepartmentId
            WHERE d.Name IN ('Meerut', 'Bulandshahr', 'Baghpat', 'Hapur') AND p.Name = 'Police' AND e.Status = 1
            """);
        var stateTotal = _app.Scalar("SELECT COUNT(*) FROM Employees WHERE Status = 1");
        Assert.Contains($"data-testid=\"workforce\" class=\"mud-typography mud-typography-h4 figure-value\">{Portal.Web.Infrastructure.IndianFormat.Number(expected)}<", html);
        Assert.DoesNotContain($">{Portal.Web.Infrastructure.IndianFormat.Number(stateTotal)}<", html);
        Assert.DoesNotContain(">Lucknow<", html);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_a_message_and_recorded()
    {
        var (client, response) = await _app.SignInAsync(DemoUsers.PoliceHr, "not-the-password");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The login or password is not right.", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
        Assert.True(_app.Scalar($"SELECT COUNT(*) FROM AuditEntries WHERE Actor = '{DemoUsers.PoliceHr}' AND Action = 'sign-in-failed'") >= 1);
    }

    [Fact]
    public async Task Sign_in_sets_a_safe_cookie_is_audited_and_sign_out_ends_the_session()
    {
        var before = _app.Scalar($"SELECT COUNT(*) FROM AuditEntries WHERE Actor = '{DemoUsers.HealthHr}' AND Action = 'sign-in'");
        var (client, response) = await _app.SignInAsync(DemoUsers.HealthHr);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("karmayogi.auth="));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", cookie.Replace("samesite", ""), StringComparison.OrdinalIgnoreCase); // plain http demo
        Assert.Equal(before + 1, _app.Scalar($"SELECT COUNT(*) FROM AuditEntries WHERE Actor = '{DemoUsers.HealthHr}' AND Action = 'sign-in'"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);

        var signOut = await PortalAppFactory.PostFormAsync(client, "/account/logout", [], tokenFrom: "/");

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
        Assert.True(_app.Scalar($"SELECT COUNT(*) FROM AuditEntries WHERE Actor = '{DemoUsers.HealthHr}' AND Action = 'sign-out'") >= 1);
    }

    [Fact]
    public async Task Sign_out_without_the_antiforgery_token_is_refused()
    {
        var (client, _) = await _app.SignInAsync(DemoUsers.StateAdmin);

        var response = await client.PostAsync("/account/logout", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Login_never_redirects_to_another_site()
    {
        var client = _app.Browser();
        var response = await PortalAppFactory.PostFormAsync(client, "/account/login?returnUrl=https%3A%2F%2Fevil.example%2F", new()
        {
            ["_handler"] = "login",
            ["Input.LoginName"] = DemoUsers.StateAdmin,
            ["Input.Password"] = DemoUsers.Password,
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString.Replace("http://localhost", ""));
    }
}
