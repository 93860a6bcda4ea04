using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Portal.Web.Features.Access;
using static Microsoft.Playwright.Assertions;
using static Portal.Tests.Journeys.JourneySteps;

namespace Portal.Tests.Journeys;

/// <summary>An uploader finds the file format from the Rosters page.</summary>
[Collection(JourneyCollection.Name)]
public sealed class HelpJourneyTests(BrowserPortal portal)
{
    [Fact]
    public Task The_rosters_page_links_the_file_format() =>
        portal.RunAsync("file-format-help", async page =>
        {
            await SignInAsync(page, DemoUsers.MeerutRange);
            await page.GotoAsync("/rosters");

            await page.GetByTestId("format-link").ClickAsync();

            await Expect(page).ToHaveURLAsync(new Regex("/help/formats$"));
            var help = page.GetByTestId("help-formats");
            await Expect(help.GetByRole(AriaRole.Heading, new() { Name = "Staff roster" })).ToBeVisibleAsync();
            await Expect(help.Locator("table").First.Locator("tbody tr")).ToHaveCountAsync(Portal.Web.Features.Rosters.RosterColumns.All.Count);
        });
}
