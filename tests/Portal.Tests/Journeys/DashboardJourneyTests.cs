using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Portal.Web.Features.Access;
using static Microsoft.Playwright.Assertions;
using static Portal.Tests.Journeys.JourneySteps;

namespace Portal.Tests.Journeys;

/// <summary>
/// The chief secretary's review cell in a real browser: signs in, reads the state's figures, drills down to
/// a district, and every number on the way is checked against raw SQL on the app's database.
/// </summary>
[Collection(JourneyCollection.Name)]
public sealed class DashboardJourneyTests(BrowserPortal portal)
{
    private const string ActiveEmployees = "SELECT COUNT(*) FROM Employees WHERE Status = 1";

    [Fact]
    public Task State_admin_drills_from_the_state_to_a_district_and_an_office_and_the_figures_match_the_database() =>
        portal.RunAsync("state-to-office", async page =>
        {
            await SignInAsync(page, DemoUsers.StateAdmin);

            // The state: the Workforce card is every active employee on the roster.
            await Expect(page.GetByTestId("updating")).ToHaveCountAsync(0);
            Assert.Equal(portal.Count(ActiveEmployees), await CardValueAsync(page, "workforce"));

            // A district from the breakdown table.
            var meerut = portal.Count("SELECT Id FROM Districts WHERE Name = 'Meerut'");
            await FollowRowLinkAsync(page, "row-name", "Meerut", new Regex($"/\\?district={meerut}$"));
            await Expect(page.GetByTestId("view-title")).ToContainTextAsync("Meerut");
            await Expect(page.GetByTestId("breakdown-table")).ToContainTextAsync("Departments (");
            Assert.Equal(portal.Count($"{ActiveEmployees} AND DistrictId = $district", ("$district", meerut)),
                await CardValueAsync(page, "workforce"));

            // Its departments: the same departments, each with its active employees in the district.
            var departments = portal.Rows(
                    """
                    SELECT d.Name, COUNT(*) FROM Employees e JOIN Departments d ON d.Id = e.DepartmentId
                    WHERE e.Status = 1 AND e.DistrictId = $district GROUP BY d.Name
                    """, ("$district", meerut))
                .ToDictionary(r => r[0]!, r => long.Parse(r[1]!));
            var shown = await ColumnAsync(page, "row-name", "row-workforce");
            Assert.Equal(departments.OrderBy(p => p.Key, StringComparer.Ordinal), shown.OrderBy(p => p.Key, StringComparer.Ordinal));

            // Police in Meerut: its offices.
            var police = portal.Count("SELECT Id FROM Departments WHERE Name = 'Police'");
            await FollowRowLinkAsync(page, "row-name", "Police", new Regex($"district={meerut}&department={police}$"));
            await Expect(page.GetByTestId("breakdown-table")).ToContainTextAsync("Offices (");
            var offices = portal.Rows(
                    """
                    SELECT o.Name, COUNT(*) FROM Employees e JOIN Offices o ON o.Id = e.OfficeId
                    WHERE e.Status = 1 AND e.DistrictId = $district AND e.DepartmentId = $department GROUP BY o.Name
                    """, ("$district", meerut), ("$department", police))
                .ToDictionary(r => r[0]!, r => long.Parse(r[1]!));
            Assert.Equal(offices.OrderBy(p => p.Key, StringComparer.Ordinal),
                (await ColumnAsync(page, "row-name", "row-workforce")).OrderBy(p => p.Key, StringComparer.Ordinal));

            // The largest office: its employees, as many as its Workforce card and as the database holds.
            var (office, staff) = offices.MaxBy(p => p.Value);
            await FollowRowLinkAsync(page, "row-name", office, new Regex("&office=\\d+$"));
            await Expect(page.GetByTestId("employee-count")).ToContainTextAsync($"{Portal.Web.Infrastructure.IndianFormat.Number(staff)} employee");
            Assert.Equal(staff, await CardValueAsync(page, "workforce"));
            await Expect(page.GetByTestId("employee-row")).ToHaveCountAsync((int)Math.Min(staff, Portal.Web.Features.Dashboard.EmployeeList.PageSize));
            await Expect(page.GetByTestId("breadcrumb")).ToContainTextAsync("Meerut");

            // The back button returns to the offices.
            await page.GoBackAsync();
            await Expect(page).ToHaveURLAsync(new Regex($"district={meerut}&department={police}$"));
            await Expect(page.GetByTestId("breakdown-table")).ToContainTextAsync("Offices (");
        });
}

public sealed class JourneyStepsTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("999", 999)]
    [InlineData("1,000", 1_000)]
    [InlineData("12,345", 12_345)]
    [InlineData("1,23,456", 123_456)]
    [InlineData("12,34,56,789", 123_456_789)]
    [InlineData(" -4,500 ", -4_500)]
    public void ParseIndian_reads_Indian_digit_grouping(string text, long expected) => Assert.Equal(expected, ParseIndian(text));

    [Theory]
    [InlineData("—")]
    [InlineData("Counting...")]
    [InlineData("123,456")]
    [InlineData("1,23")]
    [InlineData("87.3%")]
    public void ParseIndian_refuses_what_is_not_a_whole_number(string text) => Assert.Throws<FormatException>(() => ParseIndian(text));
}
