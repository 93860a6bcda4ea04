using Microsoft.Playwright;
using Portal.Web.Features.Access;
using Portal.Web.Infrastructure.Localization;
using static Microsoft.Playwright.Assertions;
using static Portal.Tests.Journeys.JourneySteps;

namespace Portal.Tests.Journeys;

/// <summary>
/// The iGOT and ACR pages in Hindi, in a real browser (the portal as Production): each page's heading is in Hindi, and axe
/// finds no critical or serious violation on any of them (the ACR rules' verdict fields have names).
/// </summary>
[Collection(JourneyCollection.Name)]
public sealed class IgotAcrLanguageJourneyTests(BrowserPortal portal)
{
    [Fact]
    public Task The_state_admin_reads_the_iGOT_and_ACR_pages_in_Hindi_with_no_serious_accessibility_violation() =>
        portal.RunAsync("igot-acr-hindi", async page =>
        {
            await SignInAsync(page, DemoUsers.StateAdmin);
            await page.GotoAsync(PortalLanguages.SwitchUrl(PortalLanguages.Hindi, "/progress"));
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "hi");

            (string Path, string Heading)[] pages =
            [
                ("/progress", "iGOT प्रगति"),
                ("/progress/worklist", "बिना मिलान वाले iGOT उपयोगकर्ता"),
                ("/progress/cb-plans", "क्षमता निर्माण (CB) योजना आवंटन"),
                ("/reports", "ACR प्रशिक्षण रिपोर्ट"),
                ("/reports/rules", "ACR नियम"),
            ];
            foreach (var (path, heading) in pages)
            {
                await page.GotoAsync(path);
                await WaitForInteractiveAsync(page);
                await Expect(page.Locator("h1")).ToHaveTextAsync(heading);
                if (path == "/reports/rules")
                {
                    await Expect(page.GetByTestId("rules-verdict").First).ToBeVisibleAsync();
                    await Expect(page.GetByLabel("निष्कर्ष 1: नाम")).ToHaveCountAsync(1);
                }
                if (path == "/reports") await Expect(page.GetByTestId("acr-choices")).ToHaveAttributeAsync("data-ready", "true");
                await AssertNoSeriousAccessibilityViolationsAsync(page);
            }

            // An employee's statement, from the first row of the report (its headings in Hindi, its dates dd-mm-yyyy).
            await page.GotoAsync("/reports");
            await Expect(page.GetByTestId("acr-choices")).ToHaveAttributeAsync("data-ready", "true");
            await page.GetByTestId("acr-statement-link").First.ClickAsync();
            await Expect(page.GetByTestId("acr-statement").Locator("h2")).ToContainTextAsync("ACR प्रशिक्षण विवरण");
            await Expect(page.GetByTestId("acr-statement")).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"\d{2}-\d{2}-\d{4} \d{2}:\d{2}"));
            await AssertNoSeriousAccessibilityViolationsAsync(page);
        });
}
