using Microsoft.Extensions.DependencyInjection;
using Bunit;
using Portal.Web.Data;
using Portal.Web.Features.Snapshot;
using Portal.Web.Features.Access;
using Portal.Web.Features.Dashboard;
using Portal.Web.Infrastructure;

namespace Portal.Tests.Features.Dashboard;

/// <summary>Breakdowns from the snapshot against counts written here in SQL.</summary>
[Collection(SeededStateCollection.Name)]
public sealed class BreakdownTests(SeededStateFixture state) : PortalBunitContext(state.Database)
{
    private BreakdownService Service => new(Db.Factory);

    [Fact]
    public async Task By_police_range_each_range_is_the_sum_of_its_districts_and_commissionerates_stand_apart()
    {
        var breakdown = (await Service.GetByGroupingAsync(DataScope.WholeState, GroupingKinds.PoliceRange))!;

        var meerut = breakdown.Rows.Single(r => r.Name == "Meerut");
        Assert.Equal(Db.Scalar("""
            SELECT COUNT(*) FROM Employees e JOIN Districts d ON d.Id = e.DistrictId
            WHERE e.Status = 1 AND d.Name IN ('Meerut', 'Bulandshahr', 'Baghpat', 'Hapur')
            """), meerut.Now.Workforce);
        var outside = breakdown.Rows.Single(r => r.Key == "none");
        Assert.Equal(Db.Scalar("""
            SELECT COUNT(*) FROM Employees e JOIN Districts d ON d.Id = e.DistrictId
            WHERE e.Status = 1 AND d.Name IN ('Lucknow', 'Kanpur Nagar', 'Varanasi', 'Prayagraj', 'Agra', 'Ghaziabad', 'Gautam Buddh Nagar')
            """), outside.Now.Workforce);
        Assert.Equal(19, breakdown.Rows.Count); // 18 ranges and the commissionerate cities
        Assert.Equal(Db.Scalar("SELECT COUNT(*) FROM Employees WHERE Status = 1"), breakdown.Rows.Sum(r => r.Now.Workforce));
    }

    [Fact]
    public async Task By_category_the_field_staff_row_counts_the_field_staff_of_the_scope()
    {
        var scope = (await new AccessService(Db.Factory, new Microsoft.AspNetCore.Identity.PasswordHasher<PortalUser>(), TimeProvider.System)
            .FindByLoginAsync(DemoUsers.HealthHr))!.Scope;

        var breakdown = await Service.GetAsync(scope, BreakdownKind.Category);

        Assert.Equal(Db.Scalar($"""
            SELECT COUNT(*) FROM Employees e JOIN Designations g ON g.Id = e.DesignationId JOIN Departments p ON p.Id = e.DepartmentId
            WHERE e.Status = 1 AND g.Category = {(int)DesignationCategory.FieldStaff} AND p.Name = 'Health and Family Welfare' AND e.OnboardedOn IS NOT NULL
            """), breakdown.Rows.Single(r => r.Name == "Field staff").Now.Onboarded);
    }

    [Fact]
    public async Task Ranks_follow_the_onboarding_rate_and_rank_changes_compare_with_last_week()
    {
        var breakdown = await Service.GetAsync(DataScope.WholeState, BreakdownKind.District);

        Assert.Equal(Enumerable.Range(1, 75), breakdown.Rows.Select(r => r.Rank));
        Assert.True(breakdown.Rows.Zip(breakdown.Rows.Skip(1)).All(p => (p.First.Now.OnboardingRate ?? -1) >= (p.Second.Now.OnboardingRate ?? -1)));
        Assert.Equal(breakdown.Rows.Count, breakdown.Rows.Select(r => r.RankWeekAgo).Distinct().Count());
        Assert.Equal(0, breakdown.Rows.Sum(r => r.RankChange)); // moves up and down balance out
    }

    [Fact]
    public void The_page_switches_breakdowns_from_the_url_and_shades_the_bottom_ten()
    {
        SignInAs(DemoUsers.StateAdmin);
        var navigation = Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();

        navigation.NavigateTo("/?by=department");
        var page = Render<Home>();
        page.WaitForAssertion(() => Assert.Contains(page.FindAll("[data-testid='row-name']"), e => e.TextContent.Contains("Police")));
        Assert.Equal(Db.Scalar("SELECT COUNT(DISTINCT DepartmentId) FROM Employees WHERE Status = 1"), page.FindAll("[data-testid='row-name']").Count);
        Assert.Equal(10, page.FindAll("tr.bottom-ten").Count);

        page.Find("[data-testid='by-police-zone']").Click();
        Assert.EndsWith("by=police-zone", navigation.Uri);
        page.WaitForAssertion(() => Assert.Contains(page.FindAll("[data-testid='row-name']"), e => e.TextContent.Contains("Meerut Zone")));
    }

    [Fact]
    public void The_cards_show_the_change_since_last_week()
    {
        SignInAs(DemoUsers.StateAdmin);
        var page = Render<Home>();
        page.WaitForElement("[data-testid='onboarded-change']");

        var asOf = DateOnly.FromDateTime(DateTime.Now);
        var newlyOnboarded = Db.Scalar($"SELECT COUNT(*) FROM Employees WHERE Status = 1 AND OnboardedOn > '{asOf.AddDays(-7):yyyy-MM-dd}' AND OnboardedOn <= '{asOf:yyyy-MM-dd}'");
        var expected = newlyOnboarded == 0 ? "no change in 7 days" : $"+{IndianFormat.Number(newlyOnboarded)} in 7 days";
        Assert.Equal(expected, page.Find("[data-testid='onboarded-change']").TextContent.Trim());
        Assert.EndsWith("%", page.Find("[data-testid='mandatory-rate']").TextContent.Trim());
    }
}

[Collection(SeededStateCollection.Name)]
public sealed class TrendTests(SeededStateFixture state)
{
    [Fact]
    public async Task The_trend_has_26_weekly_rates_for_the_scope_ending_with_the_current_rate()
    {
        var dashboard = new DashboardService(state.Database.Factory);
        var trend = await dashboard.GetTrendAsync(DataScope.WholeState);
        var overview = await new BreakdownService(state.Database.Factory).GetAsync(DataScope.WholeState, BreakdownKind.District);

        Assert.Equal(ComplianceAggregator.TrendWeeks, trend.Count);
        Assert.Equal(overview.Total.OnboardingRate, trend[^1].OnboardingRate);
        Assert.Equal(overview.Total.CompletionRate, trend[^1].CompletionRate);
        Assert.True(trend.Zip(trend.Skip(1)).All(p => p.Second.WeekEnding == p.First.WeekEnding.AddDays(7)));
        Assert.True(trend[0].OnboardingRate < trend[^1].OnboardingRate);
        var weekStart = trend[0].WeekEnding.ToString("yyyy-MM-dd");
        var expected = (double)state.Database.Scalar($"SELECT COUNT(*) FROM Employees WHERE Status = 1 AND OnboardedOn <= '{weekStart}'")
            / state.Database.Scalar("SELECT COUNT(*) FROM Employees WHERE Status = 1");
        Assert.Equal(expected, trend[0].OnboardingRate!.Value, 10);
    }
}
