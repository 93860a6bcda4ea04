using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Portal.Web.Features.Access;
using Portal.Web.Infrastructure.Localization;
using static Microsoft.Playwright.Assertions;
using static Portal.Tests.Journeys.JourneySteps;

namespace Portal.Tests.Journeys;

/// <summary>The dashboard with the keyboard only: skip to the content, reach a district, open it.</summary>
[Collection(JourneyCollection.Name)]
public sealed class KeyboardJourneyTests(BrowserPortal portal)
{
    /// <summary>What the focus is on: its test id, else its id, else its tag.</summary>
    private static Task<string> FocusedAsync(IPage page) =>
        page.EvaluateAsync<string>("() => { const e = document.activeElement; return e?.dataset?.testid || e?.id || e?.tagName || ''; }");

    [Theory]
    [InlineData("en")]
    [InlineData("hi")]
    public Task A_keyboard_user_skips_to_the_content_and_drills_down_to_a_district(string language) =>
        portal.RunAsync($"keyboard-{language}", async page =>
        {
            await SignInAsync(page, DemoUsers.StateAdmin);
            await page.GotoAsync(PortalLanguages.SwitchUrl(language == "hi" ? PortalLanguages.Hindi : PortalLanguages.English, "/"));
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
            await Expect(page.GetByTestId("row-name").First).ToBeVisibleAsync();
            // When the connection takes over the prerendered page it renders it anew, and the focus would go with the old one.
            await WaitForInteractiveAsync(page);

            // The first Tab stop is the skip link, shown when focused; Enter puts the focus in the main region.
            await page.Keyboard.PressAsync("Tab");
            Assert.Equal("skip-link", await FocusedAsync(page));
            await Expect(page.GetByTestId("skip-link")).ToBeInViewportAsync();
            await Expect(page.GetByTestId("skip-link")).ToHaveTextAsync(RoleJourneyTests.Say(language, "Skip to main content"));
            await page.Keyboard.PressAsync("Enter");
            Assert.Equal("main-content", await FocusedAsync(page));

            // Tab on to the first district link of the table, past the filters, breakdowns and sort headers (each a stop).
            var stops = 0;
            var sortHeadersPassed = 0;
            while (!await page.EvaluateAsync<bool>("() => !!document.activeElement?.closest(\"[data-testid='row-name']\")"))
            {
                Assert.True(++stops <= 80, $"No district link within 80 Tab stops; the focus is on '{await FocusedAsync(page)}'.");
                await page.Keyboard.PressAsync("Tab");
                if (await page.EvaluateAsync<bool>("() => document.activeElement?.classList.contains('sort-button') ?? false")) sortHeadersPassed++;
            }
            Assert.Equal(10, sortHeadersPassed);
            // The focus is visible: an outline, not only an underline.
            var outline = await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle");
            Assert.NotEqual("none", outline);

            var district = (await page.EvaluateAsync<string>("() => document.activeElement.textContent")).Trim();
            var id = portal.Count("SELECT Id FROM Districts WHERE Name = $name", ("$name", district));
            await page.Keyboard.PressAsync("Enter");
            await Expect(page).ToHaveURLAsync(new Regex($"/\\?district={id}$"));
            await Expect(page.GetByTestId("view-title")).ToContainTextAsync(district);
            await AssertNoSeriousAccessibilityViolationsAsync(page);
        });

    [Fact]
    public Task A_sort_header_sorts_from_the_keyboard() =>
        portal.RunAsync("keyboard-sort", async page =>
        {
            await SignInAsync(page, DemoUsers.StateAdmin);
            var names = page.GetByTestId("row-name").Locator("a");
            await Expect(names.First).ToBeVisibleAsync();
            var sortByName = page.GetByTestId("sort-name");
            await WaitForInteractiveAsync(page);

            await sortByName.FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.Locator("th").Filter(new() { Has = sortByName })).ToHaveAttributeAsync("aria-sort", "ascending");
            var first = await names.First.InnerTextAsync();
            var all = await names.AllInnerTextsAsync();
            Assert.Equal(all.Order(StringComparer.OrdinalIgnoreCase).First(), first);

            await page.Keyboard.PressAsync("Space");
            await Expect(page.Locator("th").Filter(new() { Has = sortByName })).ToHaveAttributeAsync("aria-sort", "descending");
            Assert.Equal(all.Order(StringComparer.OrdinalIgnoreCase).Last(), await names.First.InnerTextAsync());
        });
}
