using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Features.Acr;
using Portal.Web.Features.Courses;
using Portal.Web.Infrastructure;
using static Portal.Tests.Features.Acr.AcrTestData;

namespace Portal.Tests.Features.Acr;

/// <summary>
/// An issued year's prescribed courses stay as they were when issued: editing the catalogue afterwards changes the verdicts
/// of a year whose rules are a draft, not of an issued one, until the issued one is re-opened. Checked against SQL over a
/// copy of the catalogue's mandatory list that the test takes itself when the rules are issued.
/// </summary>
public sealed class AcrIssuedCoursesTests : IAsyncLifetime
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
    private AcrRulesService Rules() => _services.GetRequiredService<AcrRulesService>();
    private CourseCatalogueService Catalogue() => _services.GetRequiredService<CourseCatalogueService>();

    private async Task<Dictionary<int, Figures>> FiguresAsync(DataScope scope, ReportingYear year)
    {
        var figures = new Dictionary<int, Figures>();
        await foreach (var s in Statements().StreamStatementsAsync(scope, year)) figures[s.Employee.Id] = Of(s);
        return figures;
    }

    private static void AssertSame(Dictionary<int, Figures> expected, Dictionary<int, Figures> actual, string what)
    {
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (id, figures) in expected)
            Assert.True(figures == actual[id], $"{what}, employee {id}: expected {figures}, got {actual[id]}");
    }

    private async Task EditCourseAsync(SignedInUser admin, int courseId, Action<CourseEdit> change)
    {
        var edit = (await Catalogue().GetEditAsync(admin, courseId))!;
        change(edit);
        Assert.Empty(await Catalogue().SaveAsync(admin, edit));
    }

    [Fact]
    public async Task Editing_the_catalogue_after_issuing_changes_a_draft_years_verdicts_not_the_issued_years_until_reopened()
    {
        var admin = await UserAsync(_db, DemoUsers.StateAdmin);
        var scope = (await UserAsync(_db, DemoUsers.PoliceHr)).Scope;
        // 2025-26 is issued (the demo's); 2026-27 a draft copy of its rules.
        Assert.Empty(await Rules().SaveAsync(admin, await Rules().GetEditAsync(admin, Y2026)));
        Assert.Equal(0, _db.Scalar("SELECT COUNT(*) FROM AcrIssuedMandatoryCourses r JOIN AcrRuleSets s ON s.Id = r.RuleSetId WHERE s.Year = '2026-27'"));
        // The test's own record of the catalogue's mandatory list at issue: what the issued year must keep prescribing.
        _db.Execute($"CREATE TABLE MandatoryAtIssue AS {CatalogueMandatory}");
        const string atIssue = "SELECT CourseId, DesignationId FROM MandatoryAtIssue";
        Assert.True(_db.Scalar("SELECT COUNT(*) FROM MandatoryAtIssue") > 0);

        var issuedBefore = await FiguresAsync(scope, Y2025);
        AssertSame(Expected(_db, Police, Y2025, false, 10, mandatory: atIssue), issuedBefore, "2025-26 before the edit");

        // The catalogue changes: the police's most completed non-mandatory course becomes mandatory for every designation,
        // and a mandatory course stops being mandatory.
        var added = (int)_db.Scalar("""
            SELECT x.CourseId FROM Enrolments x JOIN Courses c ON c.Id = x.CourseId JOIN Employees e ON e.Id = x.EmployeeId
            JOIN Departments p ON p.Id = e.DepartmentId
            WHERE c.IsMandatory = 0 AND c.IsCapacityBuildingProgramme = 0 AND p.Name = 'Police' AND x.Status = 2
            GROUP BY x.CourseId ORDER BY COUNT(*) DESC, x.CourseId LIMIT 1
            """);
        var dropped = (int)_db.Scalar("SELECT Id FROM Courses WHERE IsMandatory = 1 ORDER BY Id LIMIT 1");
        await EditCourseAsync(admin, added, e => { e.IsMandatory = true; e.DesignationIds = []; });
        await EditCourseAsync(admin, dropped, e => e.IsMandatory = false);

        // The issued year: not a single figure moved, and it still matches the list as it was at issue.
        var issuedAfter = await FiguresAsync(scope, Y2025);
        AssertSame(issuedBefore, issuedAfter, "2025-26 after the edit");
        AssertSame(Expected(_db, Police, Y2025, false, 10, mandatory: atIssue), issuedAfter, "2025-26 against the list at issue");

        // The draft year follows the catalogue as it is now, and that does change its figures.
        var draft = await FiguresAsync(scope, Y2026);
        AssertSame(Expected(_db, Police, Y2026, false, 10), draft, "2026-27 (a draft) against the catalogue now");
        var draftUnderListAtIssue = Expected(_db, Police, Y2026, false, 10, mandatory: atIssue);
        Assert.Contains(draftUnderListAtIssue, kv => kv.Value != draft[kv.Key]);

        // Re-opened (audited), the issued year follows the catalogue again; issued anew, it records the catalogue as it is then.
        Assert.Empty(await Rules().ReopenAsync(admin, Y2025, "the catalogue's mandatory list was corrected"));
        Assert.Equal(0, _db.Scalar("SELECT COUNT(*) FROM AcrIssuedMandatoryCourses r JOIN AcrRuleSets s ON s.Id = r.RuleSetId WHERE s.Year = '2025-26'"));
        var reopened = await FiguresAsync(scope, Y2025);
        AssertSame(Expected(_db, Police, Y2025, false, 10), reopened, "2025-26 re-opened against the catalogue now");
        Assert.Contains(issuedBefore, kv => kv.Value != reopened[kv.Key]);

        Assert.Empty(await Rules().IssueAsync(admin, Y2025));
        Assert.Equal(1, _db.Scalar($"""
            SELECT COUNT(*) FROM AuditEntries WHERE Action = '{AuditActions.AcrRulesIssued}' AND Details LIKE '2025-26:%mandatory courses recorded:%'
            """));
        Assert.Equal(0, _db.Scalar($"""
            SELECT COUNT(*) FROM (SELECT CourseId, DesignationId FROM AcrIssuedMandatoryCourses r JOIN AcrRuleSets s ON s.Id = r.RuleSetId
                WHERE s.Year = '2025-26' EXCEPT {CatalogueMandatory})
            """));
        _db.Execute("CREATE TABLE MandatoryAtReissue AS " + CatalogueMandatory);
        await EditCourseAsync(admin, added, e => e.IsMandatory = false);
        AssertSame(Expected(_db, Police, Y2025, false, 10, mandatory: "SELECT CourseId, DesignationId FROM MandatoryAtReissue"),
            await FiguresAsync(scope, Y2025), "2025-26 re-issued, after another edit");
    }
}
