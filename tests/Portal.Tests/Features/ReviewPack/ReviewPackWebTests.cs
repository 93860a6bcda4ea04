using System.Net;
using System.Text.RegularExpressions;
using ClosedXML.Excel;
using Microsoft.Extensions.DependencyInjection;
using Portal.Tests.Infrastructure;
using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Features.ReviewPack;
using Portal.Web.Features.Snapshot;

namespace Portal.Tests.Features.ReviewPack;

/// <summary>
/// The review pack through the real portal (Production, signed in through the login form): the dashboard's button is
/// there for every reader role and its link downloads that reader's own pack; the URL carries filters, never a scope, so
/// it only ever serves the caller's scope; a filter outside the scope is 404; every download is audited; the print page.
/// </summary>
public sealed class ReviewPackWebTests(ReviewPackWebTests.App app) : IClassFixture<ReviewPackWebTests.App>
{
    public sealed class App : PortalAppFactory
    {
        public App() => EnvironmentName = "Production";
    }

    private const string MeerutRangeDistricts = """
        (SELECT m.DistrictsId FROM DistrictGroupingMembers m JOIN DistrictGroupings g ON g.Id = m.GroupingsId
         WHERE g.Kind = 'Police Range' AND g.Name = 'Meerut')
        """;

    /// <summary>Each demo reader and the districts (with staff) its scope has, by SQL.</summary>
    public static TheoryData<string, string> Readers => new()
    {
        { DemoUsers.StateAdmin, "1 = 1" },
        { DemoUsers.MeerutRange, $"e.DistrictId IN {MeerutRangeDistricts} AND p.Name = 'Police'" },
        { DemoUsers.PoliceHr, "p.Name = 'Police'" },
        { DemoUsers.HealthHr, $"p.Name = '{DemoUsers.HealthDepartment}'" },
        { DemoUsers.LucknowViewer, "d.Name = 'Lucknow'" },
    };

    private async Task SettledAsync()
    {
        var refresher = app.Services.GetRequiredService<ComplianceRefresher>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (refresher.IsPending || app.Scalar("SELECT COUNT(*) FROM ComplianceSnapshots") == 0)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("no compliance snapshot within 60 s");
            await Task.Delay(100);
        }
    }

    private static List<string> DistrictsOf(byte[] xlsx)
    {
        using var workbook = new XLWorkbook(new MemoryStream(xlsx));
        var sheet = workbook.Worksheet("Districts");
        var header = sheet.Row(1).CellsUsed().Select(c => c.GetString()).ToList();
        var column = header.IndexOf("District") + 1;
        var names = new List<string>();
        for (var r = 2; !sheet.Cell(r, column).IsEmpty(); r++) names.Add(sheet.Cell(r, column).GetString());
        return names;
    }

    [Theory]
    [MemberData(nameof(Readers))]
    public async Task Every_reader_has_the_button_and_it_downloads_the_pack_of_that_readers_scope(string login, string where)
    {
        await SettledAsync();
        var (client, _) = await app.SignInAsync(login);
        var html = await client.GetStringAsync("/");
        var link = Regex.Match(html, "href=\"(review-pack\\.xlsx[^\"]*)\"[^>]*data-testid=\"review-pack-download\"|data-testid=\"review-pack-download\"[^>]*href=\"(review-pack\\.xlsx[^\"]*)\"");
        Assert.True(link.Success, $"no review pack button on {login}'s dashboard");
        Assert.Contains("data-testid=\"review-pack-print\"", html);
        var href = WebUtility.HtmlDecode(link.Groups[1].Success ? link.Groups[1].Value : link.Groups[2].Value);

        var before = app.Scalar($"SELECT COUNT(*) FROM AuditEntries WHERE Action = '{AuditActions.Export}' AND Actor = '{login}' AND Details LIKE 'review pack%'");
        var response = await client.GetAsync("/" + href);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("review-pack-", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));

        var expected = app.Rows($"""
            SELECT DISTINCT d.Name FROM Employees e JOIN Districts d ON d.Id = e.DistrictId JOIN Departments p ON p.Id = e.DepartmentId
            WHERE e.Status = 1 AND {where}
            """);
        Assert.Equal(expected.Order(), DistrictsOf(await response.Content.ReadAsByteArrayAsync()).Order());
        Assert.Equal(before + 1, app.Scalar($"SELECT COUNT(*) FROM AuditEntries WHERE Action = '{AuditActions.Export}' AND Actor = '{login}' AND Details LIKE 'review pack%'"));
    }

    [Fact]
    public async Task The_url_serves_only_the_callers_scope_and_a_filter_outside_it_is_not_found()
    {
        await SettledAsync();
        var (range, _) = await app.SignInAsync(DemoUsers.MeerutRange);
        var health = app.Scalar($"SELECT Id FROM Departments WHERE Name = '{DemoUsers.HealthDepartment}'");
        var police = app.Scalar("SELECT Id FROM Departments WHERE Name = 'Police'");
        Assert.Equal(HttpStatusCode.NotFound, (await range.GetAsync($"/review-pack.xlsx?department={health}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await range.GetAsync($"/review-pack.xlsx?designation=999999")).StatusCode);

        // Drill-down ids in the URL are not a scope: Lucknow's id still gives the range its own four districts.
        var lucknow = app.Scalar("SELECT Id FROM Districts WHERE Name = 'Lucknow'");
        var response = await range.GetAsync($"/review-pack.xlsx?district={lucknow}&department={police}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var meerut = app.Rows($"SELECT Name FROM Districts WHERE Id IN {MeerutRangeDistricts}");
        Assert.Equal(meerut.Order(), DistrictsOf(await response.Content.ReadAsByteArrayAsync()).Order());

        // Not signed in: no pack (the sign-in page instead).
        var anonymous = app.Browser();
        var refused = await anonymous.GetAsync("/review-pack.xlsx");
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        Assert.NotEqual(ReviewPackEndpoints.Path, refused.Content.Headers.ContentDisposition?.FileName);
    }

    [Fact]
    public async Task The_print_page_shows_the_pack_of_the_readers_scope()
    {
        await SettledAsync();
        var (viewer, _) = await app.SignInAsync(DemoUsers.LucknowViewer);
        var html = await viewer.GetStringAsync("/review-pack");
        Assert.Contains("Weekly review pack", html);
        Assert.Matches("href=\"review-pack(\\.[a-z0-9]+)?\\.css\"", html);
        Assert.Contains("data-testid=\"pack-freshness\"", html);
        Assert.Contains("Lucknow", html);
        Assert.DoesNotContain(">Meerut<", html);
        var health = app.Scalar($"SELECT Id FROM Departments WHERE Name = '{DemoUsers.HealthDepartment}'");
        var (range, _) = await app.SignInAsync(DemoUsers.MeerutRange);
        Assert.Equal(HttpStatusCode.NotFound, (await range.GetAsync($"/review-pack?department={health}")).StatusCode);
    }
}
