using Microsoft.AspNetCore.Identity;
using Portal.Web.Data;
using Portal.Web.Features.Snapshot;
using Portal.Web.Features.Access;
using Portal.Web.Features.Campaigns;

namespace Portal.Tests.Features.Campaigns;

/// <summary>
/// Each campaign metric's per-district counts (workforce, reached now, reached 14 days before) against counts written
/// independently in SQL, in a different form (EXISTS / NOT EXISTS per employee instead of grouped counts), for several scopes.
/// </summary>
[Collection(SeededStateCollection.Name)]
public sealed class CampaignMetricsTests(SeededStateFixture state)
{
    private TestDatabase Db => state.Database;

    private static readonly DateOnly Now = new(2026, 11, 20);
    private static readonly DateOnly Before = Now.AddDays(-14);

    private const string MeerutRangeDistricts =
        "SELECT m.DistrictsId FROM DistrictGroupingMembers m JOIN DistrictGroupings g ON g.Id = m.GroupingsId WHERE g.Kind = 'Police Range' AND g.Name = 'Meerut'";
    private const string PoliceId = "(SELECT Id FROM Departments WHERE Name = 'Police')";
    private const string HealthId = "(SELECT Id FROM Departments WHERE Name = 'Health and Family Welfare')";

    public static TheoryData<CampaignMetric, string, string> Cases()
    {
        var data = new TheoryData<CampaignMetric, string, string>();
        foreach (var metric in Enum.GetValues<CampaignMetric>())
            foreach (var scope in new[] { "state", "meerut-range-user", "health-campaign", "meerut-division-campaign", "hapur-campaign-for-range-user" })
                foreach (var day in new[] { "demo-today", "registration-drive" })
                    data.Add(metric, scope, day);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Per_district_counts_equal_independent_sql(CampaignMetric metric, string scopeCase, string day)
    {
        var campaign = await CampaignFor(metric);
        DataScope reader = DataScope.WholeState;
        var sqlScope = "1 = 1";
        switch (scopeCase)
        {
            case "meerut-range-user":
                reader = await ScopeOf(DemoUsers.MeerutRange);
                sqlScope = $"e.DistrictId IN ({MeerutRangeDistricts}) AND e.DepartmentId = {PoliceId}";
                break;
            case "health-campaign":
                campaign.ScopeDepartmentId = (int)Db.Scalar(HealthId[1..^1]);
                sqlScope = $"e.DepartmentId = {HealthId}";
                break;
            case "meerut-division-campaign":
                campaign.ScopeGroupingId = (int)Db.Scalar("SELECT Id FROM DistrictGroupings WHERE Kind = 'Division' AND Name = 'Meerut'");
                sqlScope = "e.DistrictId IN (SELECT m.DistrictsId FROM DistrictGroupingMembers m JOIN DistrictGroupings g ON g.Id = m.GroupingsId "
                    + "WHERE g.Kind = 'Division' AND g.Name = 'Meerut')";
                break;
            case "hapur-campaign-for-range-user":
                reader = await ScopeOf(DemoUsers.MeerutRange);
                campaign.ScopeDistrictId = (int)Db.Scalar("SELECT Id FROM Districts WHERE Name = 'Hapur'");
                sqlScope = $"e.DistrictId = (SELECT Id FROM Districts WHERE Name = 'Hapur') AND e.DepartmentId = {PoliceId}";
                break;
        }
        // Days on which things happened, so that "on or before the day" is tested at its edge: the demo's today, and the last day
        // of the January 2025 registration drive (many registrations on it) or the POSH campaign's deadline; for learning hours
        // the end and the middle of Karmayogi Saptah.
        var now = (metric, day) switch
        {
            (CampaignMetric.LearningHours, "demo-today") => new DateOnly(2024, 10, 25),
            (CampaignMetric.LearningHours, _) => new DateOnly(2024, 10, 22),
            (_, "demo-today") => Now,
            (CampaignMetric.MandatoryCompliance or CampaignMetric.CourseCompletion, _) => new DateOnly(2026, 3, 31), // the POSH deadline
            _ => new DateOnly(2025, 1, 31),
        };
        var before = now.AddDays(-14);
        if (metric == CampaignMetric.AnyCompletion && day != "demo-today") campaign.WindowStart = new DateOnly(2024, 12, 1);

        await using var db = await Db.Factory.CreateDbContextAsync(reader);
        var cells = await CampaignMetrics.CountAsync(db, campaign, now, default);
        var actual = cells.GroupBy(c => c.DistrictId)
            .ToDictionary(g => g.Key, g => (g.Sum(c => c.Workforce), g.Sum(c => c.ReachedNow), g.Sum(c => c.ReachedBefore)));

        var expected = Expected(sqlScope, Reached(metric, campaign, now), Reached(metric, campaign, before));
        Assert.NotEmpty(expected);
        Assert.Equal(expected.OrderBy(x => x.Key), actual.OrderBy(x => x.Key));
        // The data must be able to tell right from wrong: someone reached it, and not everyone.
        Assert.True(expected.Values.Sum(v => v.Now) > 0, "nobody reached it: the test would not see a wrong count");
        Assert.True(expected.Values.Sum(v => v.Now) < expected.Values.Sum(v => v.Workforce), "everybody reached it");
        var districts = scopeCase switch { "meerut-range-user" => 4, "meerut-division-campaign" => 6, "hapur-campaign-for-range-user" => 1, _ => 75 };
        Assert.Equal(districts, actual.Count); // e.g. the Meerut range user: Meerut, Bulandshahr, Baghpat and Hapur only
    }

    [Fact]
    public async Task Learning_hours_count_only_completions_inside_the_window_up_to_its_end()
    {
        // A window that ended before today: completions after its end must not count, and "14 days ago" is inside it.
        var campaign = await CampaignFor(CampaignMetric.LearningHours);
        campaign.WindowStart = new DateOnly(2026, 6, 1);
        campaign.WindowEnd = new DateOnly(2026, 11, 10);
        campaign.ThresholdMinutes = 300;
        await using var db = await Db.Factory.CreateDbContextAsync(DataScope.WholeState);
        var cells = await CampaignMetrics.CountAsync(db, campaign, Now, default);

        var expected = Expected("1 = 1", Reached(CampaignMetric.LearningHours, campaign, Now), Reached(CampaignMetric.LearningHours, campaign, Before));
        Assert.Equal(expected.Values.Sum(v => v.Now), cells.Sum(c => c.ReachedNow));
        Assert.Equal(expected.Values.Sum(v => v.Before), cells.Sum(c => c.ReachedBefore));
        var uncapped = Db.Scalar($"""
            SELECT COUNT(*) FROM Employees e WHERE e.Status = 1 AND (SELECT COALESCE(SUM(x.LearningMinutes), 0) FROM Enrolments x
              WHERE x.EmployeeId = e.Id AND x.Status = 2 AND x.CompletedOn >= '2026-06-01' AND x.CompletedOn <= '2026-11-20') >= 300
            """);
        Assert.True(uncapped > cells.Sum(c => c.ReachedNow), "completions after the window's end should have been left out");
    }

    private async Task<DataScope> ScopeOf(string login)
    {
        var access = new AccessService(Db.Factory, new PasswordHasher<PortalUser>(), TimeProvider.System);
        return (await access.FindByLoginAsync(login))!.Scope;
    }

    private Task<Campaign> CampaignFor(CampaignMetric metric) => Task.FromResult(new Campaign
    {
        Name = "test", Metric = metric, TargetPercent = 100,
        CourseId = metric == CampaignMetric.CourseCompletion ? (int)Db.Scalar("SELECT Id FROM Courses WHERE IgotCourseId = 'do_posh_2023'") : null,
        ThresholdMinutes = metric == CampaignMetric.LearningHours ? 240 : null,
        WindowStart = metric == CampaignMetric.LearningHours ? new DateOnly(2024, 10, 19) : new DateOnly(2026, 4, 1),
        WindowEnd = metric == CampaignMetric.LearningHours ? new DateOnly(2024, 10, 25) : new DateOnly(2027, 3, 31),
        Deadline = metric == CampaignMetric.LearningHours ? new DateOnly(2024, 10, 25) : new DateOnly(2027, 3, 31),
    });

    /// <summary>An SQL condition on employee "e": reached the campaign's metric by <paramref name="day"/>.</summary>
    private static string Reached(CampaignMetric metric, Campaign c, DateOnly day)
    {
        var d = $"'{day:yyyy-MM-dd}'";
        var start = $"'{c.WindowStart:yyyy-MM-dd}'";
        var end = $"'{(day < c.WindowEnd ? day : c.WindowEnd):yyyy-MM-dd}'";
        return metric switch
        {
            CampaignMetric.Onboarding => $"e.OnboardedOn IS NOT NULL AND e.OnboardedOn <= {d}",
            CampaignMetric.AnyCompletion =>
                $"EXISTS (SELECT 1 FROM Enrolments x WHERE x.EmployeeId = e.Id AND x.Status = 2 AND x.CompletedOn >= {start} AND x.CompletedOn <= {d})",
            CampaignMetric.CourseCompletion =>
                $"EXISTS (SELECT 1 FROM Enrolments x WHERE x.EmployeeId = e.Id AND x.CourseId = {c.CourseId} AND x.Status = 2 AND x.CompletedOn <= {d})",
            // No mandatory course that applies to the designation is left without a completion by the day.
            CampaignMetric.MandatoryCompliance => $"""
                NOT EXISTS (SELECT 1 FROM Courses c WHERE c.IsMandatory = 1
                  AND (NOT EXISTS (SELECT 1 FROM CourseDesignations cd WHERE cd.CourseId = c.Id)
                       OR EXISTS (SELECT 1 FROM CourseDesignations cd WHERE cd.CourseId = c.Id AND cd.ApplicableDesignationsId = e.DesignationId))
                  AND NOT EXISTS (SELECT 1 FROM Enrolments x WHERE x.EmployeeId = e.Id AND x.CourseId = c.Id AND x.Status = 2 AND x.CompletedOn <= {d}))
                """,
            CampaignMetric.LearningHours => $"""
                (SELECT COALESCE(SUM(x.LearningMinutes), 0) FROM Enrolments x
                  WHERE x.EmployeeId = e.Id AND x.Status = 2 AND x.CompletedOn >= {start} AND x.CompletedOn <= {end}) >= {c.ThresholdMinutes}
                """,
            _ => throw new ArgumentOutOfRangeException(nameof(metric)),
        };
    }

    private Dictionary<int, (int Workforce, int Now, int Before)> Expected(string scope, string reachedNow, string reachedBefore) => Db.Rows($"""
        SELECT e.DistrictId, COUNT(*),
          SUM(CASE WHEN {reachedNow} THEN 1 ELSE 0 END),
          SUM(CASE WHEN {reachedBefore} THEN 1 ELSE 0 END)
        FROM Employees e
        WHERE e.Status = 1 AND {scope}
        GROUP BY e.DistrictId
        """, r => (r.GetInt32(0), (r.GetInt32(1), r.GetInt32(2), r.GetInt32(3))))
        .ToDictionary(x => x.Item1, x => x.Item2);
}
