using Portal.Web.Features.Dashboard;

namespace Portal.Tests.Features.Dashboard;

/// <summary>The service's figures against counts written independently in SQL.</summary>
[Collection(SeededStateCollection.Name)]
public sealed class DashboardServiceTests(SeededStateFixture state)
{
    private TestDatabase Db => state.Database;

    private sealed record Expected(int Workforce, int Onboarded, int Learners, int Completions, long Minutes);

    private Dictionary<string, Expected> ExpectedByDistrict() => Db.Rows("""
        SELECT d.Name,
          (SELECT COUNT(*) FROM Employees e WHERE e.DistrictId = d.Id AND e.Status = 1),
          (SELECT COUNT(*) FROM Employees e WHERE e.DistrictId = d.Id AND e.Status = 1 AND e.OnboardedOn IS NOT NULL),
          (SELECT COUNT(DISTINCT x.EmployeeId) FROM Enrolments x JOIN Employees e ON e.Id = x.EmployeeId WHERE e.DistrictId = d.Id AND e.Status = 1 AND x.Status = 2),
          (SELECT COUNT(*) FROM Enrolments x JOIN Employees e ON e.Id = x.EmployeeId WHERE e.DistrictId = d.Id AND e.Status = 1 AND x.Status = 2),
          (SELECT COALESCE(SUM(x.LearningMinutes), 0) FROM Enrolments x JOIN Employees e ON e.Id = x.EmployeeId WHERE e.DistrictId = d.Id AND e.Status = 1 AND x.Status = 2)
        FROM Districts d
        """, r => (r.GetString(0), new Expected(r.GetInt32(1), r.GetInt32(2), r.GetInt32(3), r.GetInt32(4), r.GetInt64(5))))
        .ToDictionary(x => x.Item1, x => x.Item2);

    [Fact]
    public async Task District_figures_equal_independent_counts()
    {
        var overview = await new BreakdownService(Db.Factory).GetAsync(Portal.Web.Data.DataScope.WholeState, BreakdownKind.District);
        var expected = ExpectedByDistrict();

        Assert.Equal(75, overview.Rows.Count);
        foreach (var row in overview.Rows)
        {
            var e = expected[row.Name];
            Assert.Equal(new ComplianceFigures(e.Workforce, e.Onboarded, e.Learners, e.Completions, e.Minutes), row.Now with { MandatoryCompliant = 0 });
        }
    }

    [Fact]
    public async Task State_figures_are_over_active_employees_only()
    {
        var overview = await new BreakdownService(Db.Factory).GetAsync(Portal.Web.Data.DataScope.WholeState, BreakdownKind.District);
        var s = overview.Total;

        Assert.Equal(Db.Scalar("SELECT COUNT(*) FROM Employees WHERE Status = 1"), s.Workforce);
        Assert.True(s.Workforce < Db.Scalar("SELECT COUNT(*) FROM Employees"), "the demo state should have some staff who are not active");
        Assert.Equal(Db.Scalar("SELECT COUNT(*) FROM Employees WHERE Status = 1 AND OnboardedOn IS NOT NULL"), s.Onboarded);
        Assert.Equal(Db.Scalar("SELECT COUNT(*) FROM Enrolments x JOIN Employees e ON e.Id = x.EmployeeId WHERE x.Status = 2 AND e.Status = 1"), s.Completions);
        Assert.Equal(Db.Scalar("SELECT COUNT(DISTINCT x.EmployeeId) FROM Enrolments x JOIN Employees e ON e.Id = x.EmployeeId WHERE x.Status = 2 AND e.Status = 1"), s.EmployeesWithCompletion);
        Assert.Equal((double)s.Onboarded / s.Workforce, s.OnboardingRate);
        Assert.Equal(overview.Rows.Select(d => d.Now.Workforce).Sum(), s.Workforce);
    }

    [Fact]
    public async Task Districts_carry_their_division()
    {
        var overview = await new BreakdownService(Db.Factory).GetAsync(Portal.Web.Data.DataScope.WholeState, BreakdownKind.District);
        Assert.EndsWith("Meerut division", overview.Rows.Single(d => d.Name == "Hapur").Detail);
        Assert.EndsWith("Prayagraj division", overview.Rows.Single(d => d.Name == "Kaushambi").Detail);
        Assert.StartsWith("बागपत · ", overview.Rows.Single(d => d.Name == "Baghpat").Detail);
    }

    [Fact]
    public void A_scope_with_no_workforce_has_no_rate()
    {
        Assert.Null(ComplianceFigures.Empty.OnboardingRate);
        Assert.Null(ComplianceFigures.Empty.CompletionRate);
        Assert.Equal(0.5, new ComplianceFigures(4, 2, 1, 3, 90).OnboardingRate);
        Assert.Equal(1.5, new ComplianceFigures(4, 2, 1, 3, 90).LearningHours);
    }
}
