using System.Globalization;
using Bunit;
using Portal.Web.Features.Dashboard;
using Portal.Web.Infrastructure.Localization;

namespace Portal.Tests.Features.Dashboard;

/// <summary>The dashboard's structure for keyboard and screen-reader users, and its words in Hindi.</summary>
[Collection(SeededStateCollection.Name)]
public sealed class DashboardAccessibilityTests : PortalBunitContext
{
    public DashboardAccessibilityTests(SeededStateFixture state) : base(state.Database) =>
        SignInAs(Portal.Web.Features.Access.DemoUsers.StateAdmin);

    private static List<string> Ranks(IRenderedComponent<Home> page) =>
        page.FindAll("[data-testid='row-name']").Select(e => e.TextContent.Trim()).ToList();

    [Fact]
    public void The_page_has_one_h1_and_every_sort_header_is_a_button_that_sorts()
    {
        var page = Render<Home>();
        page.WaitForElement("[data-testid='row-name']");

        Assert.Single(page.FindAll("h1"));
        Assert.Contains("iGOT onboarding and training", page.Find("h1").TextContent);
        var headers = page.FindAll("th button.sort-button");
        Assert.Equal(10, headers.Count);
        Assert.All(headers, b => Assert.Equal("button", b.GetAttribute("type")));
        Assert.Equal("ascending", page.Find("th:has([data-testid='sort-rank'])").GetAttribute("aria-sort"));

        // Sorting by name: the button's click (what Enter or Space gives it) reaches the sort label.
        var byRank = Ranks(page);
        page.Find("[data-testid='sort-name']").Click();
        page.WaitForAssertion(() => Assert.Equal(byRank.Order(StringComparer.OrdinalIgnoreCase).First(), Ranks(page).First()));
        Assert.NotEqual(byRank, Ranks(page));
        Assert.Equal("ascending", page.Find("th:has([data-testid='sort-name'])").GetAttribute("aria-sort"));
        Assert.Null(page.Find("th:has([data-testid='sort-rank'])").GetAttribute("aria-sort"));
    }

    [Fact]
    public void Every_cell_of_the_breakdown_keeps_its_column_name_for_the_stacked_phone_layout()
    {
        var page = Render<Home>();
        page.WaitForElement("[data-testid='row-name']");
        var firstRow = page.FindAll("tbody tr").First(r => r.QuerySelector("[data-testid='row-name']") is not null);
        Assert.All(firstRow.QuerySelectorAll("td"), td => Assert.False(string.IsNullOrEmpty(td.GetAttribute("data-label"))));
    }

    [Fact]
    public void In_Hindi_the_dashboard_speaks_Hindi_with_Latin_digits_and_marks_English_names()
    {
        var before = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(PortalLanguages.Hindi);
            var page = Render<Home>();
            page.WaitForElement("[data-testid='row-name']");

            Assert.Contains("iGOT ऑनबोर्डिंग और प्रशिक्षण", page.Find("h1").TextContent);
            Assert.Contains("जनपद", page.Find("[data-testid='table-title']").TextContent);
            Assert.Matches(@"^\d{1,2},\d{3}$", page.Find("[data-testid='workforce']").TextContent.Trim());
            // District names are English data in a Hindi page: marked lang="en".
            Assert.Equal("en", page.Find("[data-testid='row-name'] a").GetAttribute("lang"));
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = before;
        }
    }

    [Theory]
    [InlineData(0.5, 0.5, "0.0")]
    [InlineData(0.5, 0.50004, "0.0")] // -0.004 points: never "-0.0"
    [InlineData(0.512, 0.5, "+1.2")]
    [InlineData(0.5, 0.512, "-1.2")]
    public void A_change_in_points_that_rounds_to_nothing_reads_0_0(double now, double before, string expected) =>
        Assert.Equal(expected, HeadlineFigures.PointsChange(now, before));
}
