using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Portal.Web.Features.Access;
using Portal.Web.Infrastructure.Localization;
using static Microsoft.Playwright.Assertions;
using static Portal.Tests.Journeys.JourneySteps;

namespace Portal.Tests.Journeys;

/// <summary>Hindi and English in a real browser (the portal as Production): the switch, the font, axe in both languages.</summary>
[Collection(JourneyCollection.Name)]
public sealed class LanguageJourneyTests(BrowserPortal portal)
{
    private const string FontFile = "noto-sans-devanagari-devanagari-400-normal.woff2";

    [Fact]
    public Task A_user_switches_to_Hindi_which_stays_across_page_loads_and_back_to_English() =>
        portal.RunAsync("hindi-and-back", async page =>
        {
            // The Devanagari font: the first page already needs it (the switch's own word, हिन्दी).
            var fontResponse = page.WaitForResponseAsync(r => r.Url.Contains(FontFile));

            await page.GotoAsync("/account/login");
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
            await AssertNoSeriousAccessibilityViolationsAsync(page);

            await SignInAsync(page, DemoUsers.StateAdmin);
            await Expect(page.GetByTestId("view-title")).ToContainTextAsync("iGOT onboarding and training");
            await SettledAxeAsync(page);

            // हिन्दी: the page comes again in Hindi.
            await page.GetByTestId("language-hi").ClickAsync();
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "hi");
            await Expect(page.GetByTestId("view-title")).ToContainTextAsync("iGOT ऑनबोर्डिंग और प्रशिक्षण");
            await Expect(page.GetByTestId("sign-out")).ToHaveTextAsync("साइन आउट");
            await CardValueAsync(page, "workforce"); // figures keep Latin digits in lakh grouping
            await SettledAxeAsync(page);

            // The choice is a cookie: a new load of another view is in Hindi too.
            var meerut = portal.Count("SELECT Id FROM Districts WHERE Name = 'Meerut'");
            await page.GotoAsync($"/?district={meerut}");
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "hi");
            await Expect(page.GetByTestId("table-title")).ToContainTextAsync("विभाग");
            var cookies = await page.Context.CookiesAsync();
            Assert.Contains(cookies, c => c.Name == PortalLanguages.CookieName && c.Value.Contains("hi-IN") && c.HttpOnly);

            // The Devanagari font came from the portal itself, with 200, and the browser uses it.
            var font = await fontResponse;
            Assert.StartsWith(portal.BaseUrl + "/", font.Url);
            Assert.Equal(200, font.Status);
            Assert.True(await page.EvaluateAsync<bool>("async () => { await document.fonts.ready; return document.fonts.check('16px \"Noto Sans Devanagari\"', 'कार्यबल'); }"));

            // Signed out, the login page is in Hindi as well, and passes axe.
            await page.GetByTestId("sign-out").ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/account/login"));
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "hi");
            await Expect(page.Locator("h1")).ToHaveTextAsync("साइन इन");
            await AssertNoSeriousAccessibilityViolationsAsync(page);

            // English again, from the login page's own switch.
            await page.GetByTestId("language-en").ClickAsync();
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
            await Expect(page.Locator("h1")).ToHaveTextAsync("Sign in");
            await page.ReloadAsync();
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        });

    [Fact]
    public Task The_app_bar_and_the_table_fit_a_1366_px_screen_and_a_390_px_phone_in_both_languages() =>
        portal.RunAsync("screen-sizes", async page =>
        {
            await SignInAsync(page, DemoUsers.StateAdmin);
            foreach (var language in new[] { "en", "hi" })
            {
                if (language == "hi") await page.GetByTestId("language-hi").ClickAsync();
                await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
                await WaitForInteractiveAsync(page);

                // 1366 px, the usual office screen: Sign out and the table's last column are in view without scrolling sideways.
                await page.SetViewportSizeAsync(1366, 900);
                await AssertWithinWidthAsync(page, page.GetByTestId("sign-out"), 1366);
                // (The table's own box would scroll sideways to show a column that does not fit: it must not need to.)
                await page.GetByTestId("row-name").First.EvaluateAsync("e => e.scrollIntoView({ block: 'center' })");
                Assert.True(await page.Locator(".breakdown-table .mud-table-container").EvaluateAsync<bool>("c => c.scrollWidth <= c.clientWidth + 1"),
                    "The breakdown table scrolls sideways at 1366 px.");
                await AssertWithinWidthAsync(page, page.GetByTestId("row-mandatory-rate").First, 1366);

                // 390 px, a phone: the page does not run off the side, Sign out is in view, stacked cells keep their labels.
                await page.SetViewportSizeAsync(390, 844);
                await AssertWithinWidthAsync(page, page.GetByTestId("sign-out"), 390);
                Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= 390, "The page is wider than a 390 px phone.");
                var label = await page.GetByTestId("row-workforce").First.EvaluateAsync<string>("e => getComputedStyle(e, '::before').content");
                Assert.Contains(language == "hi" ? "कार्यबल" : "Workforce", label);
                await page.SetViewportSizeAsync(1440, 1000);
            }
        });

    /// <summary>axe on an interactive page once its connection has rendered it (the title is briefly empty while it takes over the head).</summary>
    private static async Task SettledAxeAsync(IPage page)
    {
        await WaitForInteractiveAsync(page);
        await Expect(page).ToHaveTitleAsync(new Regex(@"\S"));
        await AssertNoSeriousAccessibilityViolationsAsync(page);
    }

    private static async Task AssertWithinWidthAsync(IPage page, ILocator element, int width)
    {
        await Expect(element).ToBeVisibleAsync();
        // Read in the page (the locator finds the element again if the connection has just rendered it anew).
        var edges = await element.EvaluateAsync<double[]>("e => { const r = e.getBoundingClientRect(); return [r.left, r.right]; }");
        Assert.True(edges[0] >= 0 && edges[1] <= width, $"The element spans {edges[0]:0}-{edges[1]:0} px, beyond the {width} px screen.");
    }
}
