using Microsoft.Playwright;
using Portal.Web.Features.Access;
using static Microsoft.Playwright.Assertions;
using static Portal.Tests.Journeys.JourneySteps;

namespace Portal.Tests.Journeys;

/// <summary>
/// The working pages behind the dashboard (rosters, admin, campaigns, courses, subscriptions, the review pack) in Hindi,
/// in a real browser, at an office screen and a phone: each answers in Hindi with its own Hindi heading and passes axe.
/// </summary>
[Collection(JourneyCollection.Name)]
public sealed class WorkPagesLanguageJourneyTests(BrowserPortal portal)
{
    [Fact]
    public Task A_state_admin_reads_the_working_pages_in_Hindi_and_they_pass_axe_at_1366_and_390_px() =>
        portal.RunAsync("work-pages-hindi", async page =>
        {
            var campaign = portal.Count("SELECT MIN(Id) FROM Campaigns");
            // Each page and the Hindi of its h1 (SharedText.hi.resx); a page left in English would fail here before axe.
            (string Path, string Heading)[] pages =
            [
                ("/rosters", "कर्मचारी रोस्टर"),
                ("/admin", "उपयोगकर्ता और कार्यक्षेत्र"),
                ("/campaigns", "अभियान"),
                ($"/campaigns/{campaign}/edit", "अभियान संपादित करें"),
                ("/courses", "पाठ्यक्रम"),
                ("/subscriptions", "ई-मेल से रिपोर्ट"),
            ];

            await SignInAsync(page, DemoUsers.StateAdmin);
            await page.GetByTestId("language-hi").ClickAsync();
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "hi");

            foreach (var (width, height) in new[] { (1366, 900), (390, 844) })
            {
                await page.SetViewportSizeAsync(width, height);
                foreach (var (path, heading) in pages)
                {
                    await page.GotoAsync(path);
                    await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "hi");
                    await WaitForInteractiveAsync(page);
                    await Expect(page.Locator("h1")).ToHaveTextAsync(heading);
                    await AssertNoSeriousAccessibilityViolationsAsync(page);
                }

                // A campaign's page: its heading is the campaign's own name, its words are Hindi.
                await page.GotoAsync($"/campaigns/{campaign}");
                await WaitForInteractiveAsync(page);
                await Expect(page.GetByTestId("by-district")).ToHaveTextAsync("जनपद");
                await AssertNoSeriousAccessibilityViolationsAsync(page);

                // The print pack: its headings come from the pack (English this round), its tables' words in Hindi.
                await page.GotoAsync("/review-pack");
                await WaitForInteractiveAsync(page);
                await Expect(page.GetByTestId("pack-cards").Locator("th").First).ToHaveTextAsync("आँकड़ा");
                await AssertNoSeriousAccessibilityViolationsAsync(page);
            }
        });
}
