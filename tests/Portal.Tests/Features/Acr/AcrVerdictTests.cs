using Portal.Web.Data;
using Portal.Web.Features.Acr;

namespace Portal.Tests.Features.Acr;

/// <summary>The verdict, pure: each condition of the default rules, the fallback, exact shares and the words given.</summary>
public sealed class AcrVerdictTests
{
    private static readonly AcrRuleSet Rules = AcrRuleSet.Default(new ReportingYear(2025), "test", new DateTime(2025, 4, 1));

    private static AcrJudgement Judge(int prescribed, int done, decimal hours, bool programme) =>
        AcrVerdict.Judge(Rules, new AcrFacts(prescribed, done, (int)(hours * 60), programme));

    [Theory]
    [InlineData(4, 4, 10, true, AcrRuleSet.Compliant)]
    [InlineData(4, 4, 9.99, true, AcrRuleSet.PartlyCompliant)] // hours short
    [InlineData(4, 4, 50, false, AcrRuleSet.PartlyCompliant)] // no 7-day programme
    [InlineData(4, 3, 50, true, AcrRuleSet.PartlyCompliant)] // not every prescribed course
    [InlineData(4, 2, 0, false, AcrRuleSet.PartlyCompliant)] // exactly 50%
    [InlineData(4, 1, 50, true, AcrRuleSet.NotCompliant)]
    [InlineData(4, 0, 0, false, AcrRuleSet.NotCompliant)]
    [InlineData(0, 0, 10, true, AcrRuleSet.Compliant)] // nothing prescribed counts as 100%
    [InlineData(0, 0, 0, false, AcrRuleSet.PartlyCompliant)]
    public void The_first_verdict_whose_conditions_hold_is_given(int prescribed, int done, decimal hours, bool programme, string expected) =>
        Assert.Equal(expected, Judge(prescribed, done, hours, programme).Label);

    [Fact]
    public void Shares_are_compared_exactly_not_rounded()
    {
        // 2 of 3 is 66.666...%: not 66.67%, and at least 66.66%.
        var rules = AcrRuleSet.Default(new ReportingYear(2025), "test", new DateTime(2025, 4, 1));
        rules.Verdicts[1].MinimumShare = 66.67m;
        Assert.Equal(AcrRuleSet.NotCompliant, AcrVerdict.Judge(rules, new AcrFacts(3, 2, 0, false)).Label);
        rules.Verdicts[1].MinimumShare = 66.66m;
        Assert.Equal(AcrRuleSet.PartlyCompliant, AcrVerdict.Judge(rules, new AcrFacts(3, 2, 0, false)).Label);
        Assert.Equal(66.67m, new AcrFacts(3, 2, 0, false).SharePercent);
    }

    [Fact]
    public void The_verdicts_are_tried_in_position_order_and_the_last_is_the_fallback_whatever_it_says()
    {
        var rules = AcrRuleSet.Default(new ReportingYear(2025), "test", new DateTime(2025, 4, 1));
        rules.Verdicts.Reverse(); // stored order does not matter: positions do
        var top = AcrVerdict.Judge(rules, new AcrFacts(1, 1, 600, true));
        Assert.Equal((AcrRuleSet.Compliant, 1), (top.Label, top.Position));
        rules.Verdicts.Single(v => v.Position == 3).MinimumHours = 1000; // a fallback with a condition is still the fallback
        var judgement = AcrVerdict.Judge(rules, new AcrFacts(1, 0, 0, false));
        Assert.Equal((AcrRuleSet.NotCompliant, 3), (judgement.Label, judgement.Position));
    }

    [Fact]
    public void The_reason_says_which_conditions_were_met_or_missed_with_the_figures()
    {
        Assert.Equal("Compliant: 4 of 4 prescribed courses done (100%), at least 100% needed; 12.5 learning hours in the year, at least 10 needed; 7-day programme done.",
            Judge(4, 4, 12.5m, true).Reason);
        Assert.Equal("Partly compliant: 2 of 4 prescribed courses done (50%), at least 50% needed.", Judge(4, 2, 0, false).Reason);
        Assert.Equal("Not compliant: the conditions of \"Partly compliant\" are not met: 1 of 3 prescribed courses done (33.33%), at least 50% needed.",
            Judge(3, 1, 0, false).Reason);
        Assert.Equal("Compliant: nothing prescribed (counts as 100%), at least 100% needed; 10 learning hours in the year, at least 10 needed; 7-day programme done.",
            Judge(0, 0, 10, true).Reason);
    }

    [Fact]
    public void A_hours_only_or_programme_only_verdict_judges_only_that()
    {
        var rules = new AcrRuleSet
        {
            Year = new ReportingYear(2026), UpdatedBy = "test",
            Verdicts =
            [
                new() { Position = 1, Label = "Programme done", RequiresProgramme = true },
                new() { Position = 2, Label = "Four hours", MinimumHours = 4 },
                new() { Position = 3, Label = "Neither" },
            ],
        };
        Assert.Equal("Programme done", AcrVerdict.Judge(rules, new AcrFacts(10, 0, 0, true)).Label);
        Assert.Equal("Four hours", AcrVerdict.Judge(rules, new AcrFacts(10, 0, 240, false)).Label);
        var neither = AcrVerdict.Judge(rules, new AcrFacts(10, 0, 239, false));
        Assert.Equal("Neither", neither.Label);
        Assert.Equal("Neither: the conditions of \"Four hours\" are not met: 3.98 learning hours in the year, at least 4 needed.", neither.Reason);
    }

    [Fact]
    public void Rules_without_verdicts_are_an_error_not_a_verdict() =>
        Assert.Throws<InvalidOperationException>(() => AcrVerdict.Judge(new AcrRuleSet { UpdatedBy = "x" }, new AcrFacts(0, 0, 0, false)));
}
