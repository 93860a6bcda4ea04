namespace Portal.Tests.Features.Localization;

/// <summary>
/// The Hindi resource holds only texts the portal still shows: a key no page or service asks for is dead weight that
/// translators keep polishing and reviewers keep reading.
/// </summary>
public sealed class UnusedHindiTests
{
    /// <summary>
    /// Used means one of exactly two sources: a literal <c>L["..."]</c> in a .razor or .cs file (which includes
    /// <c>SharedText.L["..."]</c>), or one of <see cref="HindiResourceTests.ComputedKeys"/> (texts the code builds from a value).
    /// A text the code passes to the localizer some other way must be added to the computed keys, not left out here.
    /// </summary>
    [Fact]
    public void Every_Hindi_text_in_the_resource_is_used_by_the_portal()
    {
        var used = LocalizationSource.LiteralKeys().Select(k => k.Key).Concat(HindiResourceTests.ComputedKeys()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var unused = LocalizationSource.Hindi().Keys.Where(k => !used.Contains(k)).ToList();
        Assert.True(unused.Count == 0, "SharedText.hi.resx has texts nothing uses (remove them, or add a computed key):\n" + string.Join("\n", unused.Select(k => $"\"{k}\"")));
    }

    [Fact]
    public void The_check_would_catch_a_text_nothing_uses()
    {
        var used = LocalizationSource.LiteralKeys().Select(k => k.Key).Concat(HindiResourceTests.ComputedKeys()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.Contains("Sign out", used);
        Assert.Contains(Portal.Web.Infrastructure.Localization.Words.All.First(), used);
        Assert.DoesNotContain("Onboarding rate by {0}, % (first 20 by rank)", used); // the old chart's title
    }
}
