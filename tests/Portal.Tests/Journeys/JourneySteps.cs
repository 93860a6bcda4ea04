using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.Journeys;

/// <summary>Small steps the browser journeys are written in; every wait is Playwright's own (no sleeps).</summary>
public static partial class JourneySteps
{
    /// <summary>A whole number as the portal shows it: Indian digit grouping ("1,23,456"), maybe negative.</summary>
    [GeneratedRegex(@"^-?(?:\d{1,3}|\d{1,2}(?:,\d{2})*,\d{3})$")]
    private static partial Regex IndianNumber();

    /// <summary>Signs in through the login page, as a person would, and waits to land on the dashboard.</summary>
    public static async Task SignInAsync(IPage page, string login, string password = Portal.Web.Features.Access.DemoUsers.Password)
    {
        await page.GotoAsync("/account/login");
        await page.Locator("#login-name").FillAsync(login);
        await page.Locator("#password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByTestId("login-error")).ToHaveCountAsync(0);
        await Expect(page).ToHaveURLAsync(new Regex(@"/$"));
    }

    /// <summary>
    /// Waits until the page's interactive connection is up (the layout marks its main region), so that buttons without an
    /// address (sorting, filters) answer. Links work before it.
    /// </summary>
    public static Task WaitForInteractiveAsync(IPage page) =>
        Expect(page.Locator("main#main-content[data-interactive='true']")).ToHaveCountAsync(1);

    /// <summary>
    /// Waits for a figure card (<c>data-testid</c>) to show a whole number, not "Counting..." or a dash, and returns it.
    /// </summary>
    public static async Task<long> CardValueAsync(IPage page, string testId)
    {
        var card = page.GetByTestId(testId);
        await Expect(card).ToHaveTextAsync(IndianNumber());
        return ParseIndian(await card.InnerTextAsync());
    }

    /// <summary>"1,23,456" (Indian grouping) to 123456.</summary>
    public static long ParseIndian(string text)
    {
        var trimmed = text.Trim();
        if (!IndianNumber().IsMatch(trimmed)) throw new FormatException($"'{text}' is not a whole number in Indian grouping.");
        return long.Parse(trimmed.Replace(",", ""), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Reads a table column pair into name → number, once the table has rows: e.g. department names and their workforce.
    /// </summary>
    public static async Task<Dictionary<string, long>> ColumnAsync(IPage page, string nameTestId, string valueTestId)
    {
        var names = page.GetByTestId(nameTestId);
        await Expect(names.First).ToBeVisibleAsync();
        var nameTexts = await names.AllInnerTextsAsync();
        var valueTexts = await page.GetByTestId(valueTestId).AllInnerTextsAsync();
        Assert.Equal(nameTexts.Count, valueTexts.Count);
        return nameTexts.Zip(valueTexts).ToDictionary(p => p.First.Trim(), p => ParseIndian(p.Second));
    }

    /// <summary>Clicks the link with this text inside the cells marked <paramref name="cellTestId"/> and waits for the address to change to <paramref name="url"/>.</summary>
    public static async Task FollowRowLinkAsync(IPage page, string cellTestId, string linkText, Regex url)
    {
        var link = page.GetByTestId(cellTestId).Locator("a").Filter(new() { HasTextRegex = new Regex($"^{Regex.Escape(linkText)}$") });
        await Expect(link).ToHaveCountAsync(1);
        // Links carry an href, so they work whether or not the Blazor circuit is up yet.
        await link.ClickAsync();
        await Expect(page).ToHaveURLAsync(url);
    }

    /// <summary>
    /// The rules of WCAG 2.0 and 2.1, levels A and AA (GIGW 3.0's bar), with only the violations' details gathered:
    /// axe's other rules and its list of every passing node took most of a journey's time.
    /// </summary>
    private static readonly AxeRunOptions WcagAa = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        ResultTypes = [ResultType.Violations],
    };

    /// <summary>
    /// Runs axe-core on the page as it is and fails on any critical or serious violation (WCAG 2.1 AA), naming each
    /// rule and the elements it found.
    /// </summary>
    public static async Task AssertNoSeriousAccessibilityViolationsAsync(IPage page)
    {
        var results = await page.RunAxe(WcagAa);
        var serious = results.Violations.Where(v => v.Impact is "critical" or "serious").ToList();
        Assert.True(serious.Count == 0, $"axe on {page.Url}: " + string.Join("; ", serious.Select(v =>
            $"{v.Id} ({v.Impact}) at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Target.ToString()))}")));
    }
}
