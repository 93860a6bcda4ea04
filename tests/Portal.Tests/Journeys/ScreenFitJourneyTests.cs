using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using Portal.Web.Features.Access;
using Portal.Web.Infrastructure.Localization;
using static Microsoft.Playwright.Assertions;
using static Portal.Tests.Journeys.JourneySteps;

namespace Portal.Tests.Journeys;

/// <summary>
/// The dashboard and a district's breakdown on an office screen (1366 x 768) and a phone (390 x 844), in both languages,
/// for the state's review cell and a range office: the page is no wider than the screen, Sign out is in view, and the
/// table's last column can be read (its heading in view, or inside a sideways-scrolling box that is itself in view; on a
/// phone, where each row stacks, the last cell in view with its column's name). Each screen is saved as a picture under
/// the test output (journey-screenshots/screen-fit) for a person to look at.
/// </summary>
[Collection(JourneyCollection.Name)]
public sealed class ScreenFitJourneyTests(BrowserPortal portal)
{
    private static readonly (int Width, int Height)[] Screens = [(1366, 768), (390, 844)];

    /// <summary>What the page measures of itself, in CSS pixels of the viewport (boxes are left, right, width).</summary>
    private sealed record Fit(
        double DocumentWidth, double[] SignOut, string LastHeading, double[] LastHeadingBox,
        double[]? ScrollBox, double ScrollWidth, double ClientWidth, double[] LastCell, string LastCellLabel)
    {
        public static Fit From(JsonElement e)
        {
            static double[] Box(JsonElement b) => [.. b.EnumerateArray().Select(v => v.GetDouble())];
            var scroll = e.GetProperty("scrollBox");
            return new(e.GetProperty("documentWidth").GetDouble(), Box(e.GetProperty("signOut")), e.GetProperty("lastHeading").GetString()!,
                Box(e.GetProperty("lastHeadingBox")), scroll.ValueKind == JsonValueKind.Null ? null : Box(scroll),
                e.GetProperty("scrollWidth").GetDouble(), e.GetProperty("clientWidth").GetDouble(),
                Box(e.GetProperty("lastCell")), e.GetProperty("lastCellLabel").GetString()!);
        }
    }

    private const string Measure = """
        () => {
          const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.right, r.width]; };
          const headings = [...document.querySelectorAll('.breakdown-table thead th')];
          const last = headings[headings.length - 1];
          const scroller = last.closest('.mud-table-container');
          const cell = document.querySelector("[data-testid='row-name']").closest('tr').lastElementChild;
          return {
            documentWidth: document.documentElement.scrollWidth,
            signOut: box(document.querySelector("[data-testid='sign-out']")),
            lastHeading: last.textContent.trim(),
            lastHeadingBox: box(last),
            scrollBox: scroller ? box(scroller) : null,
            scrollWidth: scroller ? scroller.scrollWidth : 0,
            clientWidth: scroller ? scroller.clientWidth : 0,
            lastCell: box(cell),
            lastCellLabel: getComputedStyle(cell, '::before').content,
          };
        }
        """;

    [Theory]
    [InlineData(DemoUsers.StateAdmin)]
    [InlineData(DemoUsers.MeerutRange)]
    public Task The_dashboard_and_a_breakdown_fit_an_office_screen_and_a_phone_in_both_languages(string login) =>
        portal.RunAsync($"screen-fit-{login.Split('@')[0]}", async page =>
        {
            var meerut = portal.Count("SELECT Id FROM Districts WHERE Name = 'Meerut'");
            string[] paths = ["/", $"/?district={meerut}"];
            var folder = Path.Combine(AppContext.BaseDirectory, "journey-screenshots", "screen-fit");
            Directory.CreateDirectory(folder);

            await SignInAsync(page, login);
            foreach (var language in new[] { "en", "hi" })
            {
                await page.GotoAsync(PortalLanguages.SwitchUrl(language == "hi" ? PortalLanguages.Hindi : PortalLanguages.English, "/"));
                foreach (var (width, height) in Screens)
                {
                    await page.SetViewportSizeAsync(width, height);
                    foreach (var path in paths)
                    {
                        await page.GotoAsync(path);
                        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
                        await Expect(page.GetByTestId("row-name").First).ToBeVisibleAsync();
                        await WaitForInteractiveAsync(page);
                        await Expect(page.GetByTestId("sign-out")).ToHaveTextAsync(RoleJourneyTests.Say(language, "Sign out"));

                        var where = $"{login} {language} {path} at {width} px";
                        // The picture shows the table (the app bar, with Sign out, stays at the top of the screen).
                        await page.GetByTestId("breakdown-table").ScrollIntoViewIfNeededAsync();
                        await page.ScreenshotAsync(new PageScreenshotOptions
                        {
                            Path = Path.Combine(folder, $"{login.Split('@')[0]}-{language}-{(path == "/" ? "dashboard" : "district")}-{width}.png"),
                        });
                        var fit = Fit.From(await page.EvaluateAsync<JsonElement>(Measure));

                        Assert.True(fit.DocumentWidth <= width, $"{where}: the page is {fit.DocumentWidth} px wide.");
                        AssertInView(fit.SignOut, width, $"{where}: Sign out");
                        Assert.Equal(RoleJourneyTests.Say(language, "Mandatory"), fit.LastHeading);
                        if (fit.LastHeadingBox[2] > 0)
                        {
                            // A heading row: the last heading in view, or in a scrolling box that is in view and scrolls to it.
                            if (fit.LastHeadingBox[1] > width)
                            {
                                Assert.NotNull(fit.ScrollBox);
                                AssertInView(fit.ScrollBox, width, $"{where}: the table's scrolling box");
                                Assert.True(fit.ScrollWidth > fit.ClientWidth, $"{where}: the last heading is off the screen and its box does not scroll.");
                            }
                            else AssertInView(fit.LastHeadingBox, width, $"{where}: the last column's heading");
                        }
                        else
                        {
                            // Rows stacked as cards (no heading row): the last cell is in view and says which column it is.
                            AssertInView(fit.LastCell, width, $"{where}: the last cell of a row");
                            Assert.Contains(fit.LastHeading, fit.LastCellLabel);
                        }
                    }
                }
            }
            await page.SetViewportSizeAsync(1440, 1000);
        });

    private static void AssertInView(double[] box, int width, string what) =>
        Assert.True(box[0] >= 0 && box[1] <= width && box[2] > 0,
            string.Create(CultureInfo.InvariantCulture, $"{what} spans {box[0]:0}-{box[1]:0} px, outside the {width} px screen."));
}
