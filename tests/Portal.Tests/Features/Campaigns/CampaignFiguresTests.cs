using Portal.Web.Features.Campaigns;
using Portal.Web.Infrastructure;

namespace Portal.Tests.Features.Campaigns;

/// <summary>The pace, projection and status arithmetic on constructed numbers.</summary>
public sealed class CampaignFiguresTests
{
    private static readonly DateOnly Today = new(2026, 11, 20);
    private static readonly DateOnly Start = new(2026, 10, 1);

    private static CampaignFigures F(int workforce, int now, int before, decimal target, DateOnly deadline, bool ended = false, DateOnly? asOf = null) =>
        new(workforce, now, before, target, asOf ?? Today, Start, deadline, ended);

    [Fact]
    public void Pace_is_the_last_fourteen_days_gain_per_day_and_projects_the_day_the_target_is_met()
    {
        // 1,000 staff, 800 reached, 660 fourteen days ago: 140 in 14 days = 10 a day; 200 still needed = 20 days.
        var f = F(1000, 800, 660, 100, Today.AddDays(30));
        Assert.Equal(0.8, f.Rate);
        Assert.Equal(1000, f.TargetCount);
        Assert.Equal(200, f.StillNeeded);
        Assert.Equal(10.0, f.PacePerDay);
        Assert.Equal(Today.AddDays(20), f.ProjectedDate);
        Assert.Equal(CampaignStatus.OnTrack, f.Status);
        Assert.Equal("10-12-2026", f.ProjectedText);
    }

    [Fact]
    public void Projected_after_the_deadline_will_miss_and_on_the_deadline_is_on_track()
    {
        Assert.Equal(CampaignStatus.WillMiss, F(1000, 800, 660, 100, Today.AddDays(19)).Status);
        Assert.True(F(1000, 800, 660, 100, Today.AddDays(19)).IsBehind);
        Assert.Equal(CampaignStatus.OnTrack, F(1000, 800, 660, 100, Today.AddDays(20)).Status);
    }

    [Fact]
    public void Days_to_target_round_up_in_whole_numbers()
    {
        // 7 still needed at 3 per 14 days: 7 × 14 / 3 = 32.67, so the 33rd day.
        var f = F(100, 93, 90, 100, Today.AddDays(60));
        Assert.Equal(7, f.StillNeeded);
        Assert.Equal(Today.AddDays(33), f.ProjectedDate);
    }

    [Theory]
    [InlineData(7, 90, 7)]       // ceil(6.3)
    [InlineData(10, 33.3, 4)]    // ceil(3.33)
    [InlineData(200, 50, 100)]   // exact: no rounding up
    [InlineData(3, 1, 1)]
    public void Target_count_is_the_ceiling_of_target_percent_of_workforce(int workforce, double target, int expected) =>
        Assert.Equal(expected, F(workforce, 0, 0, (decimal)target, Today.AddDays(10)).TargetCount);

    [Fact]
    public void Still_needed_is_never_negative_and_a_reached_target_has_no_projection()
    {
        var f = F(100, 95, 80, 90, Today.AddDays(10));
        Assert.Equal(0, f.StillNeeded);
        Assert.Equal(CampaignStatus.Reached, f.Status);
        Assert.Null(f.ProjectedDate);
        Assert.Equal("—", f.ProjectedText);
        Assert.False(f.IsBehind);
    }

    [Theory]
    [InlineData(500, 500)] // no progress in 14 days
    [InlineData(500, 510)] // fewer than before (staff left or data corrected)
    public void Without_pace_a_short_scope_is_not_reaching_it_and_will_miss(int now, int before)
    {
        var f = F(1000, now, before, 100, Today.AddDays(300));
        Assert.Null(f.ProjectedDate);
        Assert.Equal("not at this pace", f.ProjectedText);
        Assert.Equal(CampaignStatus.WillMiss, f.Status);
    }

    [Fact]
    public void After_the_deadline_short_is_missed_and_there_is_no_projection()
    {
        var missed = F(1000, 900, 850, 100, Today.AddDays(-1), ended: true, asOf: Today.AddDays(-1));
        Assert.Equal(CampaignStatus.Missed, missed.Status);
        Assert.Null(missed.ProjectedDate);
        Assert.Equal("—", missed.ProjectedText);
        Assert.Equal(CampaignStatus.Reached, F(1000, 1000, 850, 100, Today.AddDays(-1), ended: true).Status);
    }

    [Fact]
    public void No_workforce_shows_a_dash_never_NaN()
    {
        var f = F(0, 0, 0, 100, Today.AddDays(10));
        Assert.Null(f.Rate);
        Assert.Equal("—", IndianFormat.Percent(f.Rate));
        Assert.Equal(CampaignStatus.NoWorkforce, f.Status);
        Assert.Equal(0, f.StillNeeded);
    }

    [Fact]
    public void Before_the_window_opens_a_short_scope_has_not_started()
    {
        var f = F(100, 10, 10, 100, Today.AddDays(90), asOf: Start.AddDays(-3));
        Assert.Equal(CampaignStatus.NotStarted, f.Status);
        Assert.Equal("33.3%", IndianFormat.Percent(F(3, 1, 0, 100, Today.AddDays(9)).Rate));
    }
}
