using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Portal.Web.Features.Access;
using Portal.Web.Infrastructure.Localization;
using Portal.Web.Resources;
using static Microsoft.Playwright.Assertions;
using static Portal.Tests.Journeys.JourneySteps;

namespace Portal.Tests.Journeys;

/// <summary>
/// Each role, in English and in Hindi, in a real browser (the portal as Production): it is offered exactly its own menu,
/// every page of that menu answers in the chosen language and passes axe, one drill-down reaches an employee (for HR: an
/// ACR statement), and nothing outside the role's scope shows or opens.
/// </summary>
/// <remarks>
/// One journey per role and language, each walking many pages, rather than many short ones: a sign-in and a cold page
/// cost more than a page visit. Headings are read from the portal's own resource (<see cref="Say"/>), so a page left in
/// English under Hindi fails, while a new Hindi wording does not need the journeys changed.
/// </remarks>
[Collection(JourneyCollection.Name)]
public sealed class RoleJourneyTests(BrowserPortal portal)
{
    /// <summary>The Meerut police range's districts (the range office's scope, with Police).</summary>
    private static readonly string[] MeerutRange = ["Baghpat", "Bulandshahr", "Hapur", "Meerut"];

    /// <summary>A menu entry: its address and the English of its page's h1 (null: the dashboard, checked on its own).</summary>
    private sealed record MenuPage(string Path, string? Heading);

    private static readonly MenuPage[] ReaderMenu =
    [
        new("/", null), new("/campaigns", "Campaigns"), new("/courses", "Courses"),
        new("/reports", "ACR training reports"), new("/subscriptions", "Reports by e-mail"),
    ];

    /// <summary>Uploaders (range and district offices, department HR) also get rosters and the iGOT pages, between courses and reports.</summary>
    private static readonly MenuPage[] UploaderMenu =
    [
        .. ReaderMenu[..3],
        new("/rosters", "Staff rosters"), new("/progress", "iGOT progress"),
        new("/progress/cb-plans", "CB plan allocations"), new("/progress/worklist", "Unmatched iGOT users"),
        .. ReaderMenu[3..],
    ];

    private static readonly MenuPage[] StateAdminMenu = [.. UploaderMenu, new("/reports/rules", "ACR rules"), new("/admin", "Users and scopes")];

    public static TheoryData<string, string> RolesAndLanguages()
    {
        var data = new TheoryData<string, string>();
        foreach (var login in new[] { DemoUsers.StateAdmin, DemoUsers.MeerutRange, DemoUsers.PoliceHr, DemoUsers.HealthHr, DemoUsers.LucknowViewer })
        foreach (var language in new[] { "en", "hi" })
            data.Add(login, language);
        return data;
    }

    [Theory]
    [MemberData(nameof(RolesAndLanguages))]
    public Task Each_role_walks_its_menu_in_its_language_with_no_serious_accessibility_violation_and_sees_only_its_scope(string login, string language) =>
        portal.RunAsync($"role-{login.Split('@')[0]}-{language}", async page =>
        {
            await SignInAsync(page, login);
            await page.GotoAsync(PortalLanguages.SwitchUrl(language == "hi" ? PortalLanguages.Hindi : PortalLanguages.English, "/"));
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);

            // The menu is the role's own (policies decide it; the pages check them again, below for the viewer's export).
            var menu = login switch
            {
                DemoUsers.StateAdmin => StateAdminMenu,
                DemoUsers.LucknowViewer => ReaderMenu,
                _ => UploaderMenu,
            };
            await WaitForInteractiveAsync(page);
            var offered = (await page.Locator(".mud-navmenu a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))"))
                .Select(href => "/" + href.TrimStart('/')).ToArray();
            Assert.Equal(menu.Select(m => m.Path), offered);

            foreach (var entry in menu)
            {
                await page.GotoAsync(entry.Path);
                await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
                await WaitForInteractiveAsync(page);
                if (entry.Heading is null) await AssertDashboardAsync(page, login, language);
                else await Expect(page.Locator("h1")).ToHaveTextAsync(Say(language, entry.Heading));
                // The reports page works out its statements after it renders: check it once its choices are in.
                if (entry.Path == "/reports") await Expect(page.GetByTestId("acr-choices")).ToHaveAttributeAsync("data-ready", "true");
                await AssertNoSeriousAccessibilityViolationsAsync(page);
            }

            if (login is DemoUsers.PoliceHr or DemoUsers.HealthHr) await ReportToStatementAsync(page, login, language);
            else await DrillDownToAnEmployeeAsync(page, login, language);
            await AssertNothingOutsideTheScopeOpensAsync(page, login, language);
        });

    /// <summary>The dashboard's heading and table in the language, and (for a scoped reader) only the scope's rows.</summary>
    private async Task AssertDashboardAsync(IPage page, string login, string language)
    {
        await Expect(page.GetByTestId("view-title")).ToContainTextAsync(Say(language, "{0}: iGOT onboarding and training", "").Trim());
        await Expect(page.GetByTestId("row-name").First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("sign-out")).ToHaveTextAsync(Say(language, "Sign out"));
        var rows = (await page.GetByTestId("row-name").Locator("a").AllInnerTextsAsync()).Select(r => r.Trim()).ToList();
        switch (login)
        {
            case DemoUsers.StateAdmin:
                Assert.Equal(portal.Count("SELECT COUNT(*) FROM Districts"), rows.Count);
                break;
            case DemoUsers.MeerutRange:
                // Its four districts, and no other: the range office never sees a district outside Meerut range.
                Assert.Equal(MeerutRange, rows.Order(StringComparer.Ordinal));
                break;
            case DemoUsers.LucknowViewer:
                // A one-district reader starts on Lucknow's departments, each one Lucknow has staff in.
                Assert.Equal(portal.Count("""
                    SELECT COUNT(DISTINCT e.DepartmentId) FROM Employees e JOIN Districts d ON d.Id = e.DistrictId
                    WHERE e.Status = 1 AND d.Name = 'Lucknow'
                    """), rows.Count);
                break;
        }
    }

    /// <summary>From the dashboard down its first rows to an office's employees and one employee's page: each step in the language, in scope and passing axe.</summary>
    private async Task DrillDownToAnEmployeeAsync(IPage page, string login, string language)
    {
        await page.GotoAsync("/");
        await WaitForInteractiveAsync(page);
        for (var step = 0; !page.Url.Contains("office="); step++)
        {
            Assert.True(step < 4, $"No office's employee list within 4 steps down from the dashboard; at {page.Url}.");
            var link = page.GetByTestId("row-name").Locator("a").First;
            await Expect(link).ToBeVisibleAsync();
            var before = page.Url;
            // Followed by its address: a click while the live recount re-renders the table was once lost (the keyboard
            // and dashboard journeys click their way down; this one is about each level's language, scope and axe).
            await FollowAsync(page, link);
            await Expect(page).Not.ToHaveURLAsync(before);
            await WaitForInteractiveAsync(page);
            await Expect(page.GetByTestId("view-title")).ToContainTextAsync(Say(language, "{0}: iGOT onboarding and training", "").Trim());
            await AssertNoSeriousAccessibilityViolationsAsync(page);
        }

        var employee = page.GetByTestId("employee-row").First.GetByTestId("employee-name");
        await Expect(employee).ToBeVisibleAsync();
        await FollowAsync(page, employee);
        await Expect(page).ToHaveURLAsync(new Regex(@"/employees/\d+$"));
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
        await Expect(page.Locator("th").Filter(new() { HasTextString = Say(language, "Employee code") })).ToHaveCountAsync(1);
        await AssertNoSeriousAccessibilityViolationsAsync(page);

        var id = int.Parse(Regex.Match(page.Url, @"/employees/(\d+)$").Groups[1].Value, CultureInfo.InvariantCulture);
        var (district, department) = DistrictAndDepartmentOf(id);
        switch (login)
        {
            case DemoUsers.MeerutRange:
                Assert.Contains(district, MeerutRange);
                Assert.Equal("Police", department);
                break;
            case DemoUsers.LucknowViewer:
                Assert.Equal("Lucknow", district);
                break;
        }
    }

    /// <summary>Goes to a link's address, resolved against the page's (the same page the click would open).</summary>
    private static async Task FollowAsync(IPage page, ILocator link) =>
        await page.GotoAsync(new Uri(new Uri(page.Url), (await link.GetAttributeAsync("href"))!).ToString());

    /// <summary>HR: the ACR report of its department, and one employee's statement from it, in the language.</summary>
    private async Task ReportToStatementAsync(IPage page, string login, string language)
    {
        await page.GotoAsync("/reports");
        await Expect(page.GetByTestId("acr-choices")).ToHaveAttributeAsync("data-ready", "true");
        var link = page.GetByTestId("acr-statement-link").First;
        await Expect(link).ToBeVisibleAsync();
        await FollowAsync(page, link);
        await Expect(page.GetByTestId("acr-statement").Locator("h2")).ToContainTextAsync(Say(language, "ACR training statement {0}", "").Trim());
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
        await WaitForInteractiveAsync(page);
        await AssertNoSeriousAccessibilityViolationsAsync(page);

        var code = (await page.GetByTestId("statement-code").InnerTextAsync()).Trim();
        var department = portal.Rows("SELECT d.Name FROM Employees e JOIN Departments d ON d.Id = e.DepartmentId WHERE e.EmployeeCode = $code", ("$code", code))
            .Select(r => r[0]).Distinct().Single();
        Assert.Equal(login == DemoUsers.PoliceHr ? "Police" : DemoUsers.HealthDepartment, department);
    }

    /// <summary>Addresses of what lies outside the scope answer "Not found" (404) in the language; the viewer may not export.</summary>
    private async Task AssertNothingOutsideTheScopeOpensAsync(IPage page, string login, string language)
    {
        var outside = login switch
        {
            DemoUsers.MeerutRange => "d.Name = 'Lucknow'",
            DemoUsers.PoliceHr => $"p.Name = '{DemoUsers.HealthDepartment}'",
            DemoUsers.HealthHr => "p.Name = 'Police'",
            DemoUsers.LucknowViewer => "d.Name = 'Meerut'",
            _ => null, // the whole state: nothing is outside
        };
        if (outside is null) return;

        var employee = portal.Count($"""
            SELECT MIN(e.Id) FROM Employees e JOIN Districts d ON d.Id = e.DistrictId JOIN Departments p ON p.Id = e.DepartmentId
            WHERE {outside}
            """);
        await AssertNotFoundAsync(page, $"/employees/{employee}", language);
        if (login is DemoUsers.MeerutRange or DemoUsers.LucknowViewer)
        {
            var district = portal.Count($"SELECT MIN(e.DistrictId) FROM Employees e JOIN Districts d ON d.Id = e.DistrictId WHERE {outside}");
            await AssertNotFoundAsync(page, $"/?district={district}", language);
        }

        if (login == DemoUsers.LucknowViewer)
        {
            // A viewer only reads: no export button on the dashboard, its employee list or the reports, and the export
            // addresses themselves refuse (the sign-in sends a refused request to the "Not permitted" page).
            await page.GotoAsync("/");
            await Expect(page.GetByTestId("row-name").First).ToBeVisibleAsync();
            await WaitForInteractiveAsync(page);
            await Expect(page.GetByText(Say(language, "Export .xlsx"))).ToHaveCountAsync(0);
            await page.GotoAsync("/reports");
            await Expect(page.GetByTestId("acr-choices")).ToHaveAttributeAsync("data-ready", "true");
            await Expect(page.GetByTestId("acr-export")).ToHaveCountAsync(0);
            foreach (var export in new[] { "/export/staff.xlsx", "/reports/acr/2025-26/export.xlsx" })
            {
                var response = await page.GotoAsync(export);
                Assert.NotNull(response);
                Assert.Contains("/account/denied", response.Url);
                await Expect(page.Locator("h1")).ToHaveTextAsync(Say(language, "Not permitted"));
            }
            await AssertNoSeriousAccessibilityViolationsAsync(page);
        }
    }

    private static async Task AssertNotFoundAsync(IPage page, string path, string language)
    {
        var response = await page.GotoAsync(path);
        Assert.Equal(404, response?.Status);
        await Expect(page.Locator("h1")).ToHaveTextAsync(Say(language, "Not found"));
    }

    private (string District, string Department) DistrictAndDepartmentOf(int employeeId)
    {
        var row = portal.Rows("""
            SELECT d.Name, p.Name FROM Employees e JOIN Districts d ON d.Id = e.DistrictId JOIN Departments p ON p.Id = e.DepartmentId
            WHERE e.Id = $id
            """, ("$id", employeeId)).Single();
        return (row[0]!, row[1]!);
    }

    /// <summary>
    /// The portal's own text for <paramref name="english"/> in the language (en or hi), from its resource. A Hindi text
    /// that is missing fails here, not as a page that silently stayed English.
    /// </summary>
    internal static string Say(string language, string english, params object[] arguments)
    {
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo(language == "hi" ? PortalLanguages.Hindi : PortalLanguages.English);
            var text = SharedText.L[english, arguments];
            Assert.False(language == "hi" && text.ResourceNotFound, $"No Hindi for \"{english}\".");
            return text.Value;
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }
}
