using Portal.Web.Data;
using Portal.Web.Features.Acr;

namespace Portal.Tests.Features.Localization;

/// <summary>
/// The words the iGOT and ACR pages look up from values (a course's state on a statement, why it is prescribed, an upload's
/// outcome), which no <c>L["..."]</c> spells out: each has its Hindi.
/// </summary>
public sealed class IgotAcrHindiTests
{
    private static readonly IReadOnlyDictionary<string, string> Hindi = LocalizationSource.Hindi();

    public static IEnumerable<string> ComputedKeys()
    {
        foreach (var state in Enum.GetValues<AcrCourseState>())
            yield return new AcrPrescribedCourse(1, "x", AcrPrescribedBy.Mandatory, false, new DateOnly(2026, 3, 31), null, state).StateText;
        foreach (var by in new[] { AcrPrescribedBy.Mandatory, AcrPrescribedBy.CbPlan, AcrPrescribedBy.Mandatory | AcrPrescribedBy.CbPlan })
            yield return AcrWorkbook.PrescribedBy(by);
        foreach (var outcome in Enum.GetValues<ImportOutcome>())
            yield return outcome.ToString();
    }

    [Fact]
    public void Each_word_the_pages_look_up_from_a_value_has_its_Hindi()
    {
        var keys = ComputedKeys().ToList();
        Assert.Contains("Done late", keys);
        Assert.Contains("Mandatory and CB plan", keys);
        Assert.Contains("Committed", keys);
        var missing = keys.Where(k => !Hindi.ContainsKey(k)).ToList();
        Assert.True(missing.Count == 0, "No Hindi in SharedText.hi.resx for: " + string.Join(", ", missing));
    }
}

/// <summary>The upload history's and the rules' dates: a UTC moment read as its date in India.</summary>
public sealed class IndianDateOfMomentTests
{
    [Fact]
    public void A_moment_late_in_the_UTC_day_is_already_the_next_day_in_India()
    {
        Assert.Equal("01-04-2026", Portal.Web.Infrastructure.IndianTime.Date(new DateTime(2026, 3, 31, 20, 0, 0, DateTimeKind.Utc)));
        Assert.Equal("31-03-2026", Portal.Web.Infrastructure.IndianTime.Date(new DateTime(2026, 3, 31, 18, 29, 0, DateTimeKind.Utc)));
    }
}
