using Portal.Web.Data;

namespace Portal.Web.Features.Acr;

/// <summary>
/// The one place an ACR verdict is decided: the year's verdicts are tried best first, and the first whose conditions
/// all hold is the employee's; the last one is the fallback (it has no conditions, and is given even if it had).
/// Pure: the same rules and facts always give the same verdict and the same words.
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
        if (verdict.RequiresProgramme && !facts.ProgrammeDone) failed.Add("7-day programme not done (required)");
        return failed;
    }

    /// <summary>A verdict's conditions, e.g. "at least 100% of prescribed courses, at least 10 learning hours, the 7-day programme".</summary>
    public static string Conditions(AcrVerdictRule verdict)
    {
        var parts = new List<string>();
        if (verdict.MinimumShare > 0) parts.Add($"at least {AcrText.Percent(verdict.MinimumShare)} of prescribed courses");
        if (verdict.MinimumHours > 0) parts.Add($"at least {AcrText.Hours(verdict.MinimumHours)} learning hours");
        if (verdict.RequiresProgramme) parts.Add("the 7-day programme");
        return parts.Count == 0 ? "no conditions" : string.Join(", ", parts);
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
            if (verdict.RequiresProgramme) met.Add("7-day programme done");
            return $"{verdict.Label}: {string.Join("; ", met)}.";
        }
        if (missed is null) return $"{verdict.Label}: the only verdict of the year's rules.";
        return $"{verdict.Label}: the conditions of \"{missed.Label}\" are not met: {string.Join("; ", Failed(missed, facts))}.";
    }

    private static string ShareFact(AcrVerdictRule verdict, AcrFacts facts) =>
        (facts.NothingPrescribed ? "nothing prescribed (counts as 100%)" : $"{facts.Done} of {facts.Prescribed} prescribed courses done ({AcrText.Percent(facts.SharePercent)})")
        + $", at least {AcrText.Percent(verdict.MinimumShare)} needed";

    private static string HoursFact(AcrVerdictRule verdict, AcrFacts facts) =>
        $"{AcrText.Hours(facts.LearningHours)} learning hours in the year, at least {AcrText.Hours(verdict.MinimumHours)} needed";
}
