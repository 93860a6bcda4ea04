using Microsoft.Extensions.Localization;
using Portal.Web.Data;
using Portal.Web.Resources;

namespace Portal.Web.Features.Acr;

/// <summary>
/// The one place an ACR verdict is decided: the year's verdicts are tried best first, and the first whose conditions
/// all hold is the employee's; the last one is the fallback (it has no conditions, and is given even if it had).
/// Pure: the same rules and facts always give the same verdict and the same words. The words are the reader's language
/// (the current UI culture: a page's reader, English in the command line); the verdict's label is the StateAdmin's
/// data and stays as entered.
/// </summary>
public static class AcrVerdict
{
    public static AcrJudgement Judge(AcrRuleSet rules, AcrFacts facts)
    {
        var verdicts = rules.OrderedVerdicts.ToList();
        if (verdicts.Count == 0) throw new InvalidOperationException($"The {rules.Year} ACR rules have no verdicts.");
        AcrVerdictRule? missed = null;
        for (var i = 0; i < verdicts.Count; i++)
        {
            var verdict = verdicts[i];
            var last = i == verdicts.Count - 1;
            if (last || Holds(verdict, facts))
                return new AcrJudgement(verdict.Label, verdict.Position, Reason(verdict, missed, facts));
            missed = verdict;
        }
        throw new InvalidOperationException("unreachable");
    }

    /// <summary>Whether every condition of <paramref name="verdict"/> holds for <paramref name="facts"/>.</summary>
    public static bool Holds(AcrVerdictRule verdict, AcrFacts facts) => Failed(verdict, facts).Count == 0;

    /// <summary>The conditions of <paramref name="verdict"/> that <paramref name="facts"/> do not meet, in words.</summary>
    public static IReadOnlyList<string> Failed(AcrVerdictRule verdict, AcrFacts facts)
    {
        var failed = new List<string>();
        if (verdict.MinimumShare > 0 && !facts.ShareAtLeast(verdict.MinimumShare)) failed.Add(ShareFact(verdict, facts));
        if (verdict.MinimumHours > 0 && !facts.HoursAtLeast(verdict.MinimumHours)) failed.Add(HoursFact(verdict, facts));
        if (verdict.RequiresProgramme && !facts.ProgrammeDone) failed.Add(SharedText.L["7-day programme not done (required)"]);
        return failed;
    }

    /// <summary>
    /// A verdict's conditions, e.g. "at least 100% of prescribed courses, at least 10 learning hours, the 7-day programme",
    /// in the words of <paramref name="L"/> (the reader's language, or English for the audit trail).
    /// </summary>
    public static string Conditions(AcrVerdictRule verdict, IStringLocalizer L)
    {
        var parts = new List<string>();
        if (verdict.MinimumShare > 0) parts.Add(L["at least {0} of prescribed courses", AcrText.Percent(verdict.MinimumShare)]);
        if (verdict.MinimumHours > 0) parts.Add(L["at least {0} learning hours", AcrText.Hours(verdict.MinimumHours)]);
        if (verdict.RequiresProgramme) parts.Add(L["the 7-day programme"]);
        return parts.Count == 0 ? L["no conditions"] : string.Join(", ", parts);
    }

    /// <summary>
    /// The verdict's reason: the conditions it met, with the figures; for a verdict without conditions (the fallback),
    /// which conditions of the verdict just above it were not met.
    /// </summary>
    private static string Reason(AcrVerdictRule verdict, AcrVerdictRule? missed, AcrFacts facts)
    {
        if (verdict.HasConditions && Holds(verdict, facts))
        {
            var met = new List<string>();
            if (verdict.MinimumShare > 0) met.Add(ShareFact(verdict, facts));
            if (verdict.MinimumHours > 0) met.Add(HoursFact(verdict, facts));
            if (verdict.RequiresProgramme) met.Add(SharedText.L["7-day programme done"]);
            return SharedText.L["{0}: {1}.", verdict.Label, string.Join("; ", met)];
        }
        if (missed is null) return SharedText.L["{0}: the only verdict of the year's rules.", verdict.Label];
        return SharedText.L["{0}: the conditions of \"{1}\" are not met: {2}.", verdict.Label, missed.Label, string.Join("; ", Failed(missed, facts))];
    }

    private static string ShareFact(AcrVerdictRule verdict, AcrFacts facts) => facts.NothingPrescribed
        ? SharedText.L["nothing prescribed (counts as 100%), at least {0} needed", AcrText.Percent(verdict.MinimumShare)]
        : SharedText.L["{0} of {1} prescribed courses done ({2}), at least {3} needed", facts.Done, facts.Prescribed,
            AcrText.Percent(facts.SharePercent), AcrText.Percent(verdict.MinimumShare)];

    private static string HoursFact(AcrVerdictRule verdict, AcrFacts facts) =>
        SharedText.L["{0} learning hours in the year, at least {1} needed", AcrText.Hours(facts.LearningHours), AcrText.Hours(verdict.MinimumHours)];
}
