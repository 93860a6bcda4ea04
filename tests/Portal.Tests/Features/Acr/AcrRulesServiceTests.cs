using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Features.Acr;
using Portal.Web.Infrastructure;
using static Portal.Tests.Features.Acr.AcrTestData;

namespace Portal.Tests.Features.Acr;

/// <summary>The ACR rules per year: who may set them, what an edit must meet, issued rules refusing edits, and the audit trail.</summary>
public sealed class AcrRulesServiceTests : IAsyncLifetime
{
    private static readonly ReportingYear Y2025 = ReportingYear.Parse("2025-26");
    private static readonly ReportingYear Y2026 = ReportingYear.Parse("2026-27");

    private TestDatabase _db = null!;
    private ServiceProvider _services = null!;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 20, 6, 0, 0, TimeSpan.Zero));

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CopyOfSmallStateAsync();
        _services = new ServiceCollection().AddLogging().AddPortalFeatures()
            .AddSingleton<TimeProvider>(_clock).AddSingleton(_db.Factory).BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        _db.Dispose();
    }

    private AcrRulesService Service() => _services.GetRequiredService<AcrRulesService>();

    private long Audits(string action) => _db.Scalar($"SELECT COUNT(*) FROM AuditEntries WHERE Action = '{action}'");

    [Fact]
    public async Task The_demo_state_has_the_default_2025_26_rules_issued()
    {
        Assert.Equal(1, _db.Scalar("""
            SELECT COUNT(*) FROM AcrRuleSets WHERE Year = '2025-26' AND IssuedAt IS NOT NULL AND CAST(MinimumPrescribedShare AS REAL) = 50
                AND LateCompletionsCount = 0 AND PrescribeMandatoryCourses = 1 AND PrescribeCbPlanAllocations = 1 AND RequireCapacityBuildingProgramme = 1
            """));
        Assert.Equal("Compliant,Partly compliant,Not compliant", string.Join(",",
            _db.Rows("SELECT v.Label FROM AcrVerdictRules v JOIN AcrRuleSets r ON r.Id = v.RuleSetId WHERE r.Year = '2025-26' ORDER BY v.Position", r => r.GetString(0))));
        Assert.True(_db.Scalar("SELECT COUNT(*) FROM CbPlanAllocations") > 0);
    }

    [Theory]
    [InlineData(DemoUsers.MeerutRange)]
    [InlineData(DemoUsers.PoliceHr)]
    [InlineData(DemoUsers.LucknowViewer)]
    public async Task Only_a_state_admin_sets_the_rules(string login)
    {
        var user = await UserAsync(_db, login);
        var admin = await UserAsync(_db, DemoUsers.StateAdmin);
        var edit = await Service().GetEditAsync(admin, Y2026);

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Service().SaveAsync(user, edit));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Service().GetEditAsync(user, Y2026));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Service().ListAsync(user));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Service().ReopenAsync(user, Y2025, "because"));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Service().IssueAsync(user, Y2025));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Service().SaveAsync(null, edit));
        Assert.Equal(1, _db.Scalar("SELECT COUNT(*) FROM AcrRuleSets"));
        Assert.Equal(1, _db.Scalar("SELECT COUNT(*) FROM AcrRuleSets WHERE IssuedAt IS NOT NULL"));
    }

    [Fact]
    public async Task A_demoted_admin_is_refused_at_the_action()
    {
        var admin = await UserAsync(_db, DemoUsers.StateAdmin);
        var edit = await Service().GetEditAsync(admin, Y2026);
        _db.Execute($"UPDATE Users SET Role = {(int)PortalRole.Viewer} WHERE LoginName = '{DemoUsers.StateAdmin}'");
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Service().SaveAsync(admin, edit));
        Assert.Equal(0, _db.Scalar("SELECT COUNT(*) FROM AcrRuleSets WHERE Year = '2026-27'"));
    }

    [Fact]
    public async Task Issued_rules_refuse_edits_until_reopened_with_a_reason_and_every_step_is_audited()
    {
        var admin = await UserAsync(_db, DemoUsers.StateAdmin);
        var edit = await Service().GetEditAsync(admin, Y2025);
        Assert.True(edit.IsIssued);
        edit.MinimumLearningHours = 12;
        edit.Verdicts[0].MinimumHours = 12;

        var refused = await Service().SaveAsync(admin, edit);
        Assert.Equal(["The 2025-26 rules were issued on 01-04-2025 by demo; re-open them to change them."], refused);
        Assert.Equal(10, _db.Scalar("SELECT CAST(MinimumLearningHours AS INTEGER) FROM AcrRuleSets WHERE Year = '2025-26'"));
        Assert.Equal(0, Audits(AuditActions.AcrRulesChanged));

        Assert.Equal(["Say why the issued rules are re-opened (it is kept in the audit trail)."], await Service().ReopenAsync(admin, Y2025, "  "));
        Assert.Empty(await Service().ReopenAsync(admin, Y2025, "DoPT raised the hours"));
        Assert.Equal(1, _db.Scalar($"SELECT COUNT(*) FROM AuditEntries WHERE Action = '{AuditActions.AcrRulesReopened}' AND Actor = '{DemoUsers.StateAdmin}' AND Details LIKE '2025-26: issued 01-04-2025 by demo; re-opened because: DoPT raised the hours'"));

        Assert.Empty(await Service().SaveAsync(admin, edit));
        Assert.Equal(12, _db.Scalar("SELECT CAST(MinimumLearningHours AS INTEGER) FROM AcrRuleSets WHERE Year = '2025-26'"));
        var details = _db.Rows($"SELECT Details FROM AuditEntries WHERE Action = '{AuditActions.AcrRulesChanged}'", r => r.GetString(0)).Single();
        Assert.StartsWith("2025-26: prescribed: catalogue's mandatory courses and CB-plan allocations; year requires 50% of prescribed courses, 10 learning hours", details);
        Assert.Contains("→ prescribed: catalogue's mandatory courses and CB-plan allocations; year requires 50% of prescribed courses, 12 learning hours", details);
        Assert.Contains("Compliant (at least 100% of prescribed courses, at least 12 learning hours, the 7-day programme) > Partly compliant (at least 50% of prescribed courses) > Not compliant (no conditions)", details);

        // Saving the same again changes nothing and audits nothing.
        Assert.Empty(await Service().SaveAsync(admin, await Service().GetEditAsync(admin, Y2025)));
        Assert.Equal(1, Audits(AuditActions.AcrRulesChanged));

        Assert.Empty(await Service().IssueAsync(admin, Y2025));
        Assert.Equal(1, Audits(AuditActions.AcrRulesIssued));
        Assert.Equal(1, _db.Scalar($"SELECT COUNT(*) FROM AcrRuleSets WHERE Year = '2025-26' AND IssuedBy = '{DemoUsers.StateAdmin}' AND IssuedAt LIKE '2026-11-20%'"));
        Assert.NotEmpty(await Service().IssueAsync(admin, Y2025));
        Assert.NotEmpty(await Service().SaveAsync(admin, edit));
    }

    [Fact]
    public async Task A_new_year_starts_from_the_latest_earlier_rules_and_is_created_audited_and_issued()
    {
        var admin = await UserAsync(_db, DemoUsers.StateAdmin);
        Assert.Equal(["The 2026-27 rules are not set yet; save them first."], await Service().IssueAsync(admin, Y2026));
        var edit = await Service().GetEditAsync(admin, Y2026);
        Assert.Equal((false, "the 2025-26 rules", false), (edit.Exists, edit.StartedFrom, edit.IsIssued));
        Assert.Equal(["Compliant", "Partly compliant", "Not compliant"], edit.Verdicts.Select(v => v.Label));
        edit.Verdicts.Insert(2, new AcrVerdictEdit { Label = "Started", MinimumShare = 10 });
        Assert.Empty(await Service().SaveAsync(admin, edit));

        Assert.Equal("Compliant,Partly compliant,Started,Not compliant", string.Join(",",
            _db.Rows("SELECT v.Label FROM AcrVerdictRules v JOIN AcrRuleSets r ON r.Id = v.RuleSetId WHERE r.Year = '2026-27' ORDER BY v.Position", r => r.GetString(0))));
        Assert.Equal(1, _db.Scalar($"SELECT COUNT(*) FROM AuditEntries WHERE Action = '{AuditActions.AcrRulesChanged}' AND Details LIKE '2026-27: not set → %'"));
        Assert.Empty(await Service().IssueAsync(admin, Y2026));

        // A verdict removed again: rows follow, 2025-26 untouched.
        Assert.Empty(await Service().ReopenAsync(admin, Y2026, "one verdict too many"));
        edit = await Service().GetEditAsync(admin, Y2026);
        edit.Verdicts.RemoveAt(2);
        Assert.Empty(await Service().SaveAsync(admin, edit));
        Assert.Equal(3, _db.Scalar("SELECT COUNT(*) FROM AcrVerdictRules v JOIN AcrRuleSets r ON r.Id = v.RuleSetId WHERE r.Year = '2026-27'"));
        Assert.Equal(3, _db.Scalar("SELECT COUNT(*) FROM AcrVerdictRules v JOIN AcrRuleSets r ON r.Id = v.RuleSetId WHERE r.Year = '2025-26'"));
        Assert.Equal(["2026-27", "2025-26"], (await Service().ListAsync(admin)).Select(y => y.Year.ToString()));
    }

    [Fact]
    public async Task An_edit_must_have_a_fallback_unique_labels_and_a_best_verdict_that_asks_what_the_year_requires()
    {
        var admin = await UserAsync(_db, DemoUsers.StateAdmin);
        AcrRulesEdit Fresh() => AcrRulesEdit_From_Default();
        var edit = Fresh();
        edit.Verdicts[^1].MinimumShare = 10;
        Assert.Contains("The last verdict is the fallback: it has no conditions.", await Service().SaveAsync(admin, edit));
        edit = Fresh();
        edit.Verdicts[1].Label = " compliant ";
        Assert.Contains("Two verdicts are labelled \"compliant\".", await Service().SaveAsync(admin, edit));
        edit = Fresh();
        edit.Verdicts[0].MinimumHours = 5;
        Assert.Contains(await Service().SaveAsync(admin, edit), p => p.StartsWith("The first verdict (\"Compliant\") must ask at least what the year requires", StringComparison.Ordinal));
        edit = Fresh();
        edit.Verdicts.RemoveRange(0, 2);
        Assert.Contains("Give between 2 and 10 verdicts: the best first, the fallback last.", await Service().SaveAsync(admin, edit));
        edit = Fresh();
        (edit.MinimumPrescribedShare, edit.Verdicts[1].Label) = (101, "");
        var problems = await Service().SaveAsync(admin, edit);
        Assert.Contains("The minimum share of prescribed courses must be between 0 and 100%.", problems);
        Assert.Contains("Verdict 2 needs a label.", problems);
        Assert.Equal(0, _db.Scalar("SELECT COUNT(*) FROM AcrRuleSets WHERE Year = '2026-27'"));
        Assert.Equal(0, Audits(AuditActions.AcrRulesChanged));
    }

    private static AcrRulesEdit AcrRulesEdit_From_Default()
    {
        var rules = AcrRuleSet.Default(Y2026, "test", new DateTime(2026, 4, 1));
        return new AcrRulesEdit
        {
            Year = Y2026,
            MinimumLearningHours = rules.MinimumLearningHours, RequireCapacityBuildingProgramme = rules.RequireCapacityBuildingProgramme,
            MinimumPrescribedShare = rules.MinimumPrescribedShare, LateCompletionsCount = rules.LateCompletionsCount,
            PrescribeMandatoryCourses = true, PrescribeCbPlanAllocations = true,
            Verdicts = rules.Verdicts.Select(v => new AcrVerdictEdit { Label = v.Label, MinimumShare = v.MinimumShare, MinimumHours = v.MinimumHours, RequiresProgramme = v.RequiresProgramme }).ToList(),
        };
    }
}
