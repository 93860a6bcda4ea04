using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Features.Courses;
using Portal.Web.Features.Snapshot;
using Portal.Web.Infrastructure;

namespace Portal.Tests.Features.Courses;

/// <summary>The catalogue service on a private small state, on the demo's today (20-11-2026): scoped counts, who may edit, what an edit changes.</summary>
public sealed class CourseCatalogueServiceTests : IAsyncLifetime
{
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

    private CourseCatalogueService Service() => _services.GetRequiredService<CourseCatalogueService>();

    private async Task<SignedInUser> User(string login) =>
        (await new AccessService(_db.Factory, new PasswordHasher<PortalUser>(), TimeProvider.System).FindByLoginAsync(login))!;

    private int CourseId(string igotId) => (int)_db.Scalar($"SELECT Id FROM Courses WHERE IgotCourseId = '{igotId}'");

    private int DesignationId(string name) => (int)_db.Scalar($"SELECT Id FROM Designations WHERE Name = '{name}'");

    [Theory]
    [InlineData(DemoUsers.StateAdmin, "1 = 1")]
    [InlineData(DemoUsers.MeerutRange, "d.Name IN ('Meerut', 'Bulandshahr', 'Baghpat', 'Hapur') AND p.Name = 'Police'")]
    [InlineData(DemoUsers.LucknowViewer, "d.Name = 'Lucknow'")]
    [InlineData(DemoUsers.HealthHr, "p.Name = 'Health and Family Welfare'")]
    public async Task Enrolments_and_completions_count_only_the_readers_staff(string login, string where)
    {
        var rows = await Service().ListAsync((await User(login)).Scope);

        var expected = _db.Rows($"""
            SELECT c.Id, COUNT(x.Id), COALESCE(SUM(CASE WHEN x.Status = 2 THEN 1 ELSE 0 END), 0)
            FROM Courses c LEFT JOIN (Enrolments x JOIN Employees e ON e.Id = x.EmployeeId
                JOIN Districts d ON d.Id = e.DistrictId JOIN Departments p ON p.Id = e.DepartmentId AND {where}) ON x.CourseId = c.Id
            GROUP BY c.Id
            """, r => (Id: r.GetInt32(0), Enrolments: r.GetInt32(1), Completions: r.GetInt32(2))).ToDictionary(x => x.Id);
        Assert.Equal(expected.Count, rows.Count);
        foreach (var row in rows)
            Assert.Equal((expected[row.Id].Enrolments, expected[row.Id].Completions), (row.Enrolments, row.Completions));
        Assert.Contains(rows, r => r.Completions > 0);
        if (login != DemoUsers.StateAdmin)
            Assert.True(rows.Sum(r => r.Enrolments) < _db.Scalar("SELECT COUNT(*) FROM Enrolments"), "A scoped reader must not count the whole state.");
    }

    [Fact]
    public async Task A_reader_without_scope_counts_nothing_but_sees_the_catalogue()
    {
        var rows = await Service().ListAsync(DataScope.Nothing);
        Assert.Equal(_db.Scalar("SELECT COUNT(*) FROM Courses"), rows.Count);
        Assert.All(rows, r => Assert.Equal((0, 0), (r.Enrolments, r.Completions)));
    }

    [Fact]
    public async Task The_list_shows_providers_and_mandatory_rules_is_searchable_and_sortable()
    {
        var service = Service();
        var all = await service.ListAsync(DataScope.WholeState);
        var laws = all.Single(r => r.IgotCourseId == "do_new_crim_laws");
        Assert.Equal("Bureau of Police Research and Development", laws.Provider);
        Assert.Equal("Course", laws.ContentType);
        Assert.True(laws.IsMandatory);
        Assert.Equal(["Constable", "Deputy Superintendent of Police", "Head Constable", "Inspector", "Sub-Inspector"], laws.MandatoryFor);
        Assert.Equal("Every designation", all.Single(r => r.IgotCourseId == "do_posh_2023").MandatoryForText);
        Assert.True(all.Single(r => r.IgotCourseId == "do_cbp_7day_2024").IsCapacityBuildingProgramme);
        Assert.Equal(all.Select(r => r.Name).Order(StringComparer.OrdinalIgnoreCase), all.Select(r => r.Name));

        // By name or provider, any case, every word.
        Assert.Equal(["New Criminal Laws: BNS, BNSS and BSA"], (await service.ListAsync(DataScope.WholeState, "  criminal   LAWS ")).Select(r => r.Name));
        var lbsnaa = await service.ListAsync(DataScope.WholeState, "lal bahadur");
        Assert.Equal(4, lbsnaa.Count);
        Assert.All(lbsnaa, r => Assert.Equal("Lal Bahadur Shastri National Academy of Administration", r.Provider));
        Assert.Empty(await service.ListAsync(DataScope.WholeState, "no such course"));

        var byCompletions = await service.ListAsync(DataScope.WholeState, sort: CourseSort.Completions);
        Assert.Equal(byCompletions.Select(r => r.Completions).OrderDescending(), byCompletions.Select(r => r.Completions));
        var byHours = await service.ListAsync(DataScope.WholeState, sort: CourseSort.Hours);
        Assert.Equal("do_cbp_7day_2024", byHours[0].IgotCourseId);
    }

    [Theory]
    [InlineData(DemoUsers.MeerutRange)]
    [InlineData(DemoUsers.PoliceHr)]
    [InlineData(DemoUsers.LucknowViewer)]
    public async Task Only_a_state_admin_may_edit_a_course(string login)
    {
        var service = Service();
        var user = await User(login);
        var rti = CourseId("do_rti_act");
        var edit = new CourseEdit { Id = rti, IsMandatory = true, Hours = 5 };

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => service.SaveAsync(user, edit));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => service.GetEditAsync(user, rti));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => service.GetDesignationsAsync(user));
        Assert.Equal(1, _db.Scalar($"SELECT COUNT(*) FROM Courses WHERE Id = {rti} AND IsMandatory = 0 AND DurationMinutes = 120"));
        Assert.Equal(0, _db.Scalar($"SELECT COUNT(*) FROM AuditEntries WHERE Action = '{AuditActions.CourseChanged}'"));
    }

    [Fact]
    public async Task A_demoted_admin_is_refused_at_the_action()
    {
        var service = Service();
        var admin = await User(DemoUsers.StateAdmin);
        var rti = CourseId("do_rti_act");
        var edit = (await service.GetEditAsync(admin, rti))!;
        edit.IsMandatory = true;

        // The page still holds the admin's SignedInUser; the database says otherwise now.
        _db.Execute($"UPDATE Users SET Role = {(int)PortalRole.Viewer} WHERE LoginName = '{DemoUsers.StateAdmin}'");
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => service.SaveAsync(admin, edit));
        Assert.Equal(0, _db.Scalar($"SELECT IsMandatory FROM Courses WHERE Id = {rti}"));

        _db.Execute($"UPDATE Users SET Role = {(int)PortalRole.StateAdmin}, IsActive = 0 WHERE LoginName = '{DemoUsers.StateAdmin}'");
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => service.SaveAsync(admin, edit));
        Assert.Equal(0, _db.Scalar($"SELECT IsMandatory FROM Courses WHERE Id = {rti}"));
    }

    [Fact]
    public async Task An_edit_is_saved_and_audited_with_what_was_and_is()
    {
        var service = Service();
        var admin = await User(DemoUsers.StateAdmin);
        var rti = CourseId("do_rti_act");
        var edit = (await service.GetEditAsync(admin, rti))!;
        Assert.Equal((false, false, 2m), (edit.IsMandatory, edit.IsCapacityBuildingProgramme, edit.Hours));

        edit.IsMandatory = true;
        edit.DesignationIds = [DesignationId("Lekhpal"), DesignationId("Constable")];
        edit.IsCapacityBuildingProgramme = true;
        Assert.Empty(await service.SaveAsync(admin, edit));

        Assert.Equal(1, _db.Scalar($"SELECT COUNT(*) FROM Courses WHERE Id = {rti} AND IsMandatory = 1 AND IsCapacityBuildingProgramme = 1"));
        Assert.Equal(["Constable", "Lekhpal"], _db.Rows($"""
            SELECT d.Name FROM CourseDesignations cd JOIN Designations d ON d.Id = cd.ApplicableDesignationsId WHERE cd.CourseId = {rti} ORDER BY d.Name
            """, r => r.GetString(0)));
        var audit = _db.Rows($"SELECT Actor, Details, Channel FROM AuditEntries WHERE Action = '{AuditActions.CourseChanged}'",
            r => (Actor: r.GetString(0), Details: r.GetString(1), Channel: r.GetString(2))).Single();
        Assert.Equal(DemoUsers.StateAdmin, audit.Actor);
        Assert.Equal("web", audit.Channel);
        Assert.Equal("\"Right to Information Act, 2005\": not mandatory; 2 h → mandatory for Constable, Lekhpal; 7-day programme; 2 h", audit.Details);

        // Saving the same settings again changes nothing and records nothing.
        Assert.Empty(await service.SaveAsync(admin, (await service.GetEditAsync(admin, rti))!));
        Assert.Equal(1, _db.Scalar($"SELECT COUNT(*) FROM AuditEntries WHERE Action = '{AuditActions.CourseChanged}'"));

        // Made not mandatory, its designations go too (empty would otherwise mean "every designation" later).
        var off = (await service.GetEditAsync(admin, rti))!;
        off.IsMandatory = false;
        Assert.Empty(await service.SaveAsync(admin, off));
        Assert.Equal(0, _db.Scalar($"SELECT COUNT(*) FROM CourseDesignations WHERE CourseId = {rti}"));
    }

    [Fact]
    public async Task Making_a_course_mandatory_for_a_designation_changes_mandatory_compliance_after_the_recount()
    {
        var aggregator = _services.GetRequiredService<ComplianceAggregator>();
        var refresher = _services.GetRequiredService<ComplianceRefresher>();
        await aggregator.RebuildAsync("before");
        var before = await CompliantAsync();
        Assert.Equal(SqlCompliant(), before);

        var admin = await User(DemoUsers.StateAdmin);
        var rti = CourseId("do_rti_act");
        var edit = (await Service().GetEditAsync(admin, rti))!;
        edit.IsMandatory = true;
        edit.DesignationIds = [DesignationId("Constable")];
        Assert.Empty(await Service().SaveAsync(admin, edit));

        // Every district is marked and a recount asked for; the refresher's recount counts the new rule.
        Assert.Equal(_db.Scalar("SELECT COUNT(*) FROM Districts"), _db.Scalar("SELECT COUNT(DISTINCT DistrictId) FROM SnapshotDirtyDistricts"));
        Assert.True(refresher.IsPending);
        Assert.True(await refresher.ServeWaitingAsync());
        var after = await CompliantAsync();
        Assert.Equal(SqlCompliant(), after);
        Assert.True(after < before, $"Constables who have not done the RTI course are no longer compliant ({before} before, {after} after).");
        Assert.Equal(0, _db.Scalar("SELECT COUNT(*) FROM SnapshotDirtyDistricts"));
    }

    /// <summary>The snapshot's mandatory-compliant employees, the whole state.</summary>
    private async Task<int> CompliantAsync()
    {
        await using var db = await _db.Factory.CreateDbContextAsync(DataScope.WholeState);
        return await db.ComplianceCells.SumAsync(c => c.MandatoryCompliant);
    }

    /// <summary>Active employees who completed (by today) every mandatory course that applies to their designation, in plain SQL.</summary>
    private long SqlCompliant() => _db.Scalar("""
        SELECT COUNT(*) FROM Employees e WHERE e.Status = 1 AND NOT EXISTS (
            SELECT 1 FROM Courses c WHERE c.IsMandatory = 1
              AND (NOT EXISTS (SELECT 1 FROM CourseDesignations cd WHERE cd.CourseId = c.Id)
                   OR EXISTS (SELECT 1 FROM CourseDesignations cd WHERE cd.CourseId = c.Id AND cd.ApplicableDesignationsId = e.DesignationId))
              AND NOT EXISTS (SELECT 1 FROM Enrolments x WHERE x.EmployeeId = e.Id AND x.CourseId = c.Id AND x.Status = 2 AND x.CompletedOn <= '2026-11-20'))
        """);

    [Fact]
    public async Task Correcting_hours_credits_the_new_duration_to_completed_enrolments_only()
    {
        var admin = await User(DemoUsers.StateAdmin);
        var posh = CourseId("do_posh_2023");
        var completed = _db.Scalar($"SELECT COUNT(*) FROM Enrolments WHERE CourseId = {posh} AND Status = 2");
        var others = _db.Rows($"SELECT Id, LearningMinutes FROM Enrolments WHERE CourseId = {posh} AND Status <> 2", r => (r.GetInt32(0), r.GetInt32(1)));
        var otherCourses = _db.Scalar($"SELECT SUM(LearningMinutes) FROM Enrolments WHERE CourseId <> {posh}");
        Assert.True(completed > 0);

        var edit = (await Service().GetEditAsync(admin, posh))!;
        edit.Hours = 2.5m;
        Assert.Empty(await Service().SaveAsync(admin, edit));

        Assert.Equal(150, _db.Scalar($"SELECT DurationMinutes FROM Courses WHERE Id = {posh}"));
        Assert.Equal(completed, _db.Scalar($"SELECT COUNT(*) FROM Enrolments WHERE CourseId = {posh} AND Status = 2 AND LearningMinutes = 150"));
        Assert.Equal(others, _db.Rows($"SELECT Id, LearningMinutes FROM Enrolments WHERE CourseId = {posh} AND Status <> 2", r => (r.GetInt32(0), r.GetInt32(1))));
        Assert.Equal(otherCourses, _db.Scalar($"SELECT SUM(LearningMinutes) FROM Enrolments WHERE CourseId <> {posh}"));
        Assert.Contains($"2 h → mandatory for every designation; 2.5 h; learning time of {completed} completed enrolments",
            _db.Rows($"SELECT Details FROM AuditEntries WHERE Action = '{AuditActions.CourseChanged}'", r => r.GetString(0)).Single());
        Assert.Equal(_db.Scalar("SELECT COUNT(*) FROM Districts"), _db.Scalar("SELECT COUNT(DISTINCT DistrictId) FROM SnapshotDirtyDistricts"));
    }

    [Theory]
    [InlineData(0.4)]
    [InlineData(500.5)]
    [InlineData(null)]
    public async Task Hours_outside_half_an_hour_to_500_are_refused(double? hours)
    {
        var admin = await User(DemoUsers.StateAdmin);
        var posh = CourseId("do_posh_2023");
        var edit = (await Service().GetEditAsync(admin, posh))!;
        edit.Hours = (decimal?)hours;
        edit.IsCapacityBuildingProgramme = true;

        Assert.Equal(["Hours must be between 0.5 and 500."], await Service().SaveAsync(admin, edit));
        Assert.Equal(1, _db.Scalar($"SELECT COUNT(*) FROM Courses WHERE Id = {posh} AND DurationMinutes = 120 AND IsCapacityBuildingProgramme = 0"));
        Assert.Equal(0, _db.Scalar("SELECT COUNT(*) FROM SnapshotDirtyDistricts"));
    }

    [Fact]
    public async Task A_short_course_keeps_its_hours_through_an_edit_of_its_other_settings()
    {
        var admin = await User(DemoUsers.StateAdmin);
        var yoga = CourseId("do_yoga_break");
        _db.Execute($"UPDATE Courses SET DurationMinutes = 10 WHERE Id = {yoga}");
        var edit = (await Service().GetEditAsync(admin, yoga))!;
        edit.IsCapacityBuildingProgramme = true;

        Assert.Empty(await Service().SaveAsync(admin, edit));
        Assert.Equal(1, _db.Scalar($"SELECT COUNT(*) FROM Courses WHERE Id = {yoga} AND DurationMinutes = 10 AND IsCapacityBuildingProgramme = 1"));
        // Only the mark changed: nothing to recount.
        Assert.Equal(0, _db.Scalar("SELECT COUNT(*) FROM SnapshotDirtyDistricts"));
    }
}
