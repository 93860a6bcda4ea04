using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Features.Acr;
using Portal.Web.Infrastructure;
using static Portal.Tests.Features.Acr.AcrTestData;

namespace Portal.Tests.Features.Acr;

/// <summary>
/// ACR statements on a private small state (the demo's 2025-26 rules, issued; a few CB-plan allocations), on the demo's
/// today (20-11-2026), checked against SQL written in the test: two reporting years, a range office and HR cells, edge dates.
/// </summary>
public sealed class AcrStatementServiceTests : IAsyncLifetime
{
    private static readonly ReportingYear Y2025 = ReportingYear.Parse("2025-26");
    private static readonly ReportingYear Y2026 = ReportingYear.Parse("2026-27");

    private TestDatabase _db = null!;
    private ServiceProvider _services = null!;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 20, 6, 0, 0, TimeSpan.Zero));

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CopyOfSmallStateAsync();
        _clock.SetLocalTimeZone(TimeZoneInfo.Utc);
        _services = new ServiceCollection().AddLogging().AddPortalFeatures()
            .AddSingleton<TimeProvider>(_clock).AddSingleton(_db.Factory).BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        _db.Dispose();
    }

    private AcrStatementService Statements() => _services.GetRequiredService<AcrStatementService>();
    private AcrRulesService RulesService() => _services.GetRequiredService<AcrRulesService>();
    private Task<SignedInUser> User(string login) => UserAsync(_db, login);

    private async Task<List<AcrStatement>> StreamAsync(DataScope scope, ReportingYear year, AcrSelection? selection = null)
    {
        var list = new List<AcrStatement>();
        await foreach (var s in Statements().StreamStatementsAsync(scope, year, selection)) list.Add(s);
        return list;
    }

    /// <summary>The 2026-27 rules, set by the StateAdmin: late completions count, 4 hours, only CB-plan allocations marked APAR.</summary>
    private async Task Set2026RulesAsync()
    {
        var admin = await User(DemoUsers.StateAdmin);
        var edit = await RulesService().GetEditAsync(admin, Y2026);
        Assert.False(edit.Exists);
        Assert.Equal("the 2025-26 rules", edit.StartedFrom);
        edit.LateCompletionsCount = true;
        edit.CbPlanAparOnly = true;
        edit.MinimumLearningHours = 4;
        edit.Verdicts[0].MinimumHours = 4;
        Assert.Empty(await RulesService().SaveAsync(admin, edit));
        // A non-APAR allocation due in 2026-27, which these rules leave out.
        _db.Execute("""
            INSERT INTO CbPlanAllocations (EmployeeId, CourseId, AllocatedOn, DueOn, IsApar, UpdatedAt)
            SELECT e.Id, (SELECT Id FROM Courses WHERE IgotCourseId = 'do_immunisation'), '2026-04-10', '2026-06-30', 0, '2026-04-10 00:00:00'
            FROM Employees e WHERE e.Id % 3 = 0 AND e.OnboardedOn IS NOT NULL
            """);
    }

    [Theory]
    [InlineData(DemoUsers.MeerutRange, MeerutRangePolice)]
    [InlineData(DemoUsers.PoliceHr, Police)]
    [InlineData(DemoUsers.HealthHr, Health)]
    public async Task Statements_match_sql_over_two_years_and_see_only_the_scopes_staff(string login, string where)
    {
        await Set2026RulesAsync();
        var scope = (await User(login)).Scope;

        foreach (var (year, late, hours, apar) in new[] { (Y2025, false, 10m, false), (Y2026, true, 4m, true) })
        {
            var expected = Expected(_db, where, year, late, hours, apar);
            var statements = await StreamAsync(scope, year);

            Assert.Equal(expected.Keys.Order(), statements.Select(s => s.Employee.Id)); // in id order, every one, no one else
            foreach (var s in statements)
                Assert.True(expected[s.Employee.Id] == Of(s), $"{year}, employee {s.Employee.Code}: expected {expected[s.Employee.Id]}, got {Of(s)}");
            Assert.True(statements.Select(s => s.Verdict.Label).Distinct().Count() >= 2, $"{year}: the data should give more than one verdict");
            if (year == Y2025) Assert.Contains(statements, s => s.Count(AcrCourseState.DoneLate) > 0); // 2026-27's due dates are mostly ahead
            Assert.All(statements, s => Assert.Equal(year, s.Year));
        }
        if (login != DemoUsers.HealthHr)
        {
            var withPlan = (await StreamAsync(scope, Y2025)).SelectMany(s => s.Prescribed).Where(p => p.PrescribedBy.HasFlag(AcrPrescribedBy.CbPlan)).ToList();
            Assert.NotEmpty(withPlan);
            Assert.All(withPlan, p => Assert.Equal(new DateOnly(2025, 12, 31), p.DueOn));
        }
    }

    [Fact]
    public async Task A_range_office_and_an_hr_cell_never_see_anothers_staff()
    {
        var range = (await User(DemoUsers.MeerutRange)).Scope;
        var health = (await User(DemoUsers.HealthHr)).Scope;
        var police = (await User(DemoUsers.PoliceHr)).Scope;
        var lucknowPolice = (int)_db.Scalar("SELECT e.Id FROM Employees e JOIN Districts d ON d.Id = e.DistrictId JOIN Departments p ON p.Id = e.DepartmentId WHERE d.Name = 'Lucknow' AND p.Name = 'Police' LIMIT 1");
        var meerutHealth = (int)_db.Scalar("SELECT e.Id FROM Employees e JOIN Districts d ON d.Id = e.DistrictId JOIN Departments p ON p.Id = e.DepartmentId WHERE d.Name = 'Meerut' AND p.Name = 'Health and Family Welfare' LIMIT 1");

        Assert.Null(await Statements().GetStatementAsync(range, lucknowPolice, Y2025));
        Assert.Null(await Statements().GetStatementAsync(range, meerutHealth, Y2025));
        Assert.Null(await Statements().GetStatementAsync(health, lucknowPolice, Y2025));
        Assert.Null(await Statements().GetStatementAsync(police, meerutHealth, Y2025));
        Assert.NotNull(await Statements().GetStatementAsync(police, lucknowPolice, Y2025));
        Assert.NotNull(await Statements().GetStatementAsync(health, meerutHealth, Y2025));
        Assert.Empty(await StreamAsync(DataScope.Nothing, Y2025));

        // Narrowing to a district outside the scope finds nobody; inside, only that district.
        var lucknow = (int)_db.Scalar("SELECT Id FROM Districts WHERE Name = 'Lucknow'");
        var meerut = (int)_db.Scalar("SELECT Id FROM Districts WHERE Name = 'Meerut'");
        Assert.Empty(await StreamAsync(range, Y2025, new AcrSelection(DistrictId: lucknow)));
        var meerutOnly = await StreamAsync(range, Y2025, new AcrSelection(DistrictId: meerut));
        Assert.Equal(_db.Scalar($"SELECT COUNT(*) FROM Employees e JOIN Departments p ON p.Id = e.DepartmentId WHERE e.DistrictId = {meerut} AND p.Name = 'Police' AND e.Status = 1"), meerutOnly.Count);
        Assert.All(meerutOnly, s => Assert.Equal(("Meerut", "Police"), (s.Employee.District, s.Employee.Department)));
    }

    [Fact]
    public async Task Edge_dates_due_dates_undated_completions_and_late_ones_per_rule()
    {
        var employee = (int)_db.Scalar("""
            SELECT e.Id FROM Employees e JOIN Designations g ON g.Id = e.DesignationId JOIN Districts d ON d.Id = e.DistrictId
            JOIN Departments p ON p.Id = e.DepartmentId WHERE g.Name = 'Constable' AND d.Name = 'Meerut' AND p.Name = 'Police' AND e.Status = 1 ORDER BY e.Id LIMIT 1
            """);
        _db.Execute($"DELETE FROM Enrolments WHERE EmployeeId = {employee}; DELETE FROM CbPlanAllocations WHERE EmployeeId = {employee};");
        string Course(string igotId) => $"(SELECT Id FROM Courses WHERE IgotCourseId = '{igotId}')";
        void Enrol(string igotId, int status, string? completedOn, int minutes) => _db.Execute($"""
            INSERT INTO Enrolments (EmployeeId, CourseId, Status, ProgressPercent, EnrolledOn, CompletedOn, LearningMinutes)
            VALUES ({employee}, {Course(igotId)}, {status}, {(status == 2 ? 100 : 40)}, '2025-01-01', {(completedOn is null ? "NULL" : $"'{completedOn}'")}, {minutes})
            """);
        void Allocate(string igotId, string dueOn, bool apar) => _db.Execute($"""
            INSERT INTO CbPlanAllocations (EmployeeId, CourseId, AllocatedOn, DueOn, IsApar, UpdatedAt)
            VALUES ({employee}, {Course(igotId)}, '2025-05-01', '{dueOn}', {(apar ? 1 : 0)}, '2025-05-01 00:00:00')
            """);
        Enrol("do_posh_2023", 2, "2026-03-31", 120);      // mandatory: on the year's last day
        Enrol("do_ai_gov_2024", 2, "2026-04-01", 240);    // mandatory: the next year's first day
        Enrol("do_cyber_sec_2023", 2, null, 180);         // mandatory: completed, no date
        Enrol("do_welfare_up_2024", 1, null, 60);         // mandatory: in progress
        Enrol("do_rti_act", 2, "2025-10-15", 120);        // CB plan: on its due date
        Allocate("do_rti_act", "2025-10-15", apar: true);
        Enrol("do_gfr_2017", 2, "2025-10-16", 240);       // CB plan: the due date plus one day
        Allocate("do_gfr_2017", "2025-10-15", apar: false);
        Enrol("do_new_crim_laws", 2, "2026-01-10", 300);  // mandatory and CB plan: the plan's due date rules
        Allocate("do_new_crim_laws", "2025-12-31", apar: true);
        Allocate("do_noting_drafting", "2026-04-01", apar: true); // due in 2026-27
        Enrol("do_cbp_7day_2024", 2, "2025-04-01", 2_520); // the 7-day programme, on the year's first day
        var scope = (await User(DemoUsers.MeerutRange)).Scope;

        var s = (await Statements().GetStatementAsync(scope, employee, Y2025))!;
        string State(string name) => s.Prescribed.Single(l => l.Name.StartsWith(name, StringComparison.Ordinal)).State.ToString();
        Assert.Equal(8, s.Prescribed.Count);
        Assert.Equal(nameof(AcrCourseState.DoneOnTime), State("Prevention of Sexual Harassment"));
        Assert.Equal(nameof(AcrCourseState.DoneLate), State("Artificial Intelligence"));
        Assert.Equal(nameof(AcrCourseState.DoneDateUnknown), State("Cyber Security"));
        Assert.Equal(nameof(AcrCourseState.Missing), State("Awareness of Welfare Schemes"));
        Assert.Equal(nameof(AcrCourseState.Missing), State("Community Policing"));
        Assert.Equal(nameof(AcrCourseState.DoneOnTime), State("Right to Information"));
        Assert.Equal(nameof(AcrCourseState.DoneLate), State("General Financial Rules"));
        Assert.Equal(nameof(AcrCourseState.DoneLate), State("New Criminal Laws"));
        var laws = s.Prescribed.Single(p => p.Name.StartsWith("New Criminal Laws", StringComparison.Ordinal));
        Assert.Equal((AcrPrescribedBy.Mandatory | AcrPrescribedBy.CbPlan, true, new DateOnly(2025, 12, 31)), (laws.PrescribedBy, laws.IsApar, laws.DueOn));
        var posh = s.Prescribed.Single(p => p.Name.StartsWith("Prevention", StringComparison.Ordinal));
        Assert.Equal((AcrPrescribedBy.Mandatory, false, Y2025.End), (posh.PrescribedBy, posh.IsApar, posh.DueOn));
        Assert.False(s.Prescribed.Single(p => p.Name.StartsWith("General Financial", StringComparison.Ordinal)).IsApar);
        // Hours: completions dated in the year (not the undated one, not 1 April 2026): 120 + 120 + 240 + 300 + 2,520 minutes.
        Assert.Equal(3_300, s.LearningMinutes);
        Assert.Equal(55m, s.LearningHours);
        Assert.Equal(5, s.CompletedInYear.Count);
        Assert.Equal(new DateOnly(2025, 4, 1), s.CompletedInYear[0].CompletedOn);
        Assert.Equal(new AcrProgramme(true, new DateOnly(2025, 4, 1), "7-Day Capacity Building Programme (ACR linked)"), s.Programme);
        // Late ones do not count in the demo's 2025-26 rules: on time 2 + date unknown 1 = 3 of 8.
        Assert.Equal((3, 37.5m, AcrRuleSet.NotCompliant), (s.PrescribedDone, s.SharePercent, s.Verdict.Label));
        Assert.Contains("3 of 8 prescribed courses done (37.5%)", s.Verdict.Reason);
        Assert.StartsWith("2025-26 rules, issued 01-04-2025 by demo", s.RulesDescription);
        Assert.Equal(_clock.GetUtcNow().UtcDateTime, s.AsOf);

        // The independent SQL agrees.
        Assert.Equal(Expected(_db, $"e.Id = {employee}", Y2025, false, 10)[employee], Of(s));

        // 2026-27: everything mandatory done before its due date counts as on time; 1 April 2026 is this year's hours.
        await Set2026RulesAsync();
        var next = (await Statements().GetStatementAsync(scope, employee, Y2026))!;
        Assert.Equal((7, 4, 240, AcrRuleSet.PartlyCompliant), (next.Prescribed.Count, next.PrescribedDone, next.LearningMinutes, next.Verdict.Label));
        Assert.Equal(AcrCourseState.Missing, next.Prescribed.Single(p => p.Name == "Noting and Drafting").State);
        Assert.Equal(new DateOnly(2026, 4, 1), next.Prescribed.Single(p => p.Name == "Noting and Drafting").DueOn);
        Assert.True(next.Programme.Done); // taken once, in an earlier year

        // The StateAdmin re-opens 2025-26 and lets late completions count: 6 of 8; APAR only: General Financial Rules drops.
        var admin = await User(DemoUsers.StateAdmin);
        Assert.Empty(await RulesService().ReopenAsync(admin, Y2025, "late completions are accepted this year"));
        var edit = await RulesService().GetEditAsync(admin, Y2025);
        edit.LateCompletionsCount = true;
        Assert.Empty(await RulesService().SaveAsync(admin, edit));
        var late = (await Statements().GetStatementAsync(scope, employee, Y2025))!;
        Assert.Equal((6, 75m, AcrRuleSet.PartlyCompliant), (late.PrescribedDone, late.SharePercent, late.Verdict.Label));
        Assert.Equal(Expected(_db, $"e.Id = {employee}", Y2025, true, 10)[employee], Of(late));
        edit.CbPlanAparOnly = true;
        Assert.Empty(await RulesService().SaveAsync(admin, edit));
        var apar = (await Statements().GetStatementAsync(scope, employee, Y2025))!;
        Assert.Equal(7, apar.Prescribed.Count);
        Assert.DoesNotContain(apar.Prescribed, p => p.Name == "General Financial Rules");
        Assert.Equal(Expected(_db, $"e.Id = {employee}", Y2025, true, 10, aparOnly: true)[employee], Of(apar));
    }

    [Fact]
    public async Task Nothing_prescribed_counts_as_everything_done()
    {
        var admin = await User(DemoUsers.StateAdmin);
        Assert.Empty(await RulesService().ReopenAsync(admin, Y2025, "test"));
        var edit = await RulesService().GetEditAsync(admin, Y2025);
        (edit.PrescribeMandatoryCourses, edit.PrescribeCbPlanAllocations) = (false, false);
        Assert.Empty(await RulesService().SaveAsync(admin, edit));

        var statements = await StreamAsync(DataScope.WholeState, Y2025);
        Assert.All(statements, s => Assert.Equal((0, 100m, "Nothing prescribed"), (s.Prescribed.Count, s.SharePercent, s.ShareText)));
        Assert.All(statements, s => Assert.NotEqual(AcrRuleSet.NotCompliant, s.Verdict.Label));
        Assert.Equal(statements.Count(s => s.LearningMinutes >= 600 && s.Programme.Done), statements.Count(s => s.Verdict.Label == AcrRuleSet.Compliant));
    }

    [Fact]
    public async Task Changing_2026_27_leaves_2025_26_as_it_was_and_a_year_without_rules_has_no_statements()
    {
        var scope = (await User(DemoUsers.PoliceHr)).Scope;
        await Assert.ThrowsAsync<AcrRulesNotSetException>(() => StreamAsync(scope, Y2026));
        await Assert.ThrowsAsync<AcrRulesNotSetException>(() => Statements().CountByVerdictAsync(scope, Y2026, AcrGroupBy.District));
        var before = (await StreamAsync(scope, Y2025)).Select(Fingerprint).ToList();

        await Set2026RulesAsync();
        var admin = await User(DemoUsers.StateAdmin);
        var edit = await RulesService().GetEditAsync(admin, Y2026);
        edit.Verdicts[1].MinimumShare = 90;
        edit.PrescribeMandatoryCourses = false;
        Assert.Empty(await RulesService().SaveAsync(admin, edit));

        Assert.Equal(before, (await StreamAsync(scope, Y2025)).Select(Fingerprint).ToList());
        Assert.NotEmpty(await StreamAsync(scope, Y2026));
    }

    [Fact]
    public async Task Bulk_statements_are_the_single_statements()
    {
        var scope = (await User(DemoUsers.PoliceHr)).Scope;
        var all = await StreamAsync(scope, Y2025, new AcrSelection(ActiveOnly: false));
        Assert.True(all.Count > AcrStatementService.ChunkSize / 2);
        Assert.Contains(all, s => s.Employee.Status != EmployeeStatus.Active);
        foreach (var s in all.Where((_, i) => i % 17 == 0))
            Assert.Equal(Fingerprint(s), Fingerprint((await Statements().GetStatementAsync(scope, s.Employee.Id, Y2025))!));
    }

    [Fact]
    public async Task Streaming_reads_in_chunks_across_the_whole_state()
    {
        var all = await StreamAsync(DataScope.WholeState, Y2025);
        Assert.True(all.Count > 2 * AcrStatementService.ChunkSize, "the small state should span several chunks");
        Assert.Equal(_db.Scalar("SELECT COUNT(*) FROM Employees WHERE Status = 1"), all.Count);
        Assert.Equal(all.Select(s => s.Employee.Id).Order(), all.Select(s => s.Employee.Id));
        var expected = Expected(_db, "1 = 1", Y2025, false, 10);
        Assert.All(all, s => Assert.Equal(expected[s.Employee.Id], Of(s)));
    }

    [Theory]
    [InlineData(AcrGroupBy.District)]
    [InlineData(AcrGroupBy.Office)]
    public async Task Counts_by_verdict_are_the_sum_of_the_statements(AcrGroupBy groupBy)
    {
        var scope = (await User(DemoUsers.PoliceHr)).Scope;
        var table = await Statements().CountByVerdictAsync(scope, Y2025, groupBy);
        var statements = await StreamAsync(scope, Y2025);

        Assert.Equal([AcrRuleSet.Compliant, AcrRuleSet.PartlyCompliant, AcrRuleSet.NotCompliant], table.Verdicts);
        Assert.Equal(statements.Count, table.Groups.Sum(g => g.Total));
        var byGroup = statements.GroupBy(s => (s.Employee.DistrictId, groupBy == AcrGroupBy.Office ? s.Employee.OfficeId : null));
        Assert.Equal(byGroup.Count(), table.Groups.Count);
        foreach (var g in byGroup)
        {
            var row = table.Groups.Single(r => r.DistrictId == g.Key.DistrictId && r.OfficeId == g.Key.Item2);
            Assert.Equal(table.Verdicts.Select(v => g.Count(s => s.Verdict.Label == v)), row.Counts);
        }

        // And the SQL's verdicts per district.
        var expected = Expected(_db, Police, Y2025, false, 10);
        var districtOf = _db.Rows("SELECT Id, DistrictId FROM Employees", r => (r.GetInt32(0), r.GetInt32(1))).ToDictionary(x => x.Item1, x => x.Item2);
        foreach (var district in table.Groups.GroupBy(g => g.DistrictId))
            for (var v = 0; v < table.Verdicts.Count; v++)
                Assert.Equal(expected.Count(e => districtOf[e.Key] == district.Key && e.Value.Verdict == table.Verdicts[v]), district.Sum(g => g.Counts[v]));
        Assert.Equal(table.Verdicts.Select(v => expected.Values.Count(f => f.Verdict == v)), table.Totals);
    }
}
