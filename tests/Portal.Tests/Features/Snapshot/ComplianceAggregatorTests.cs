using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Features.Dashboard;
using Portal.Web.Features.Snapshot;

namespace Portal.Tests.Features.Snapshot;

/// <summary>The compliance snapshot against counts written independently here (SQL, and LINQ over plain rows).</summary>
public sealed class ComplianceAggregatorTests : IAsyncLifetime
{
    private static readonly DateOnly AsOf = new(2026, 11, 20);
    private TestDatabase _db = null!;
    private ComplianceSnapshot _snapshot = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CopyOfSmallStateAsync();
        _snapshot = await new ComplianceAggregator(_db.Factory, TimeProvider.System, NullLogger<ComplianceAggregator>.Instance).RebuildAsync("test", AsOf);
    }

    public Task DisposeAsync()
    {
        _db.Dispose();
        return Task.CompletedTask;
    }

    private async Task<List<ComplianceCell>> CellsAsync(DataScope scope)
    {
        await using var db = await _db.Factory.CreateDbContextAsync(scope);
        return await db.ComplianceCells.AsNoTracking().ToListAsync();
    }

    private long Count(string where, string date = "2026-11-20") => _db.Scalar($"""
        SELECT COUNT(*) FROM Employees e JOIN Districts d ON d.Id = e.DistrictId JOIN Departments p ON p.Id = e.DepartmentId
        WHERE e.Status = 1 AND {where.Replace("@date", $"'{date}'")}
        """);

    private long Completed(string where, string select, string date) => _db.Scalar($"""
        SELECT {select} FROM Enrolments x JOIN Employees e ON e.Id = x.EmployeeId JOIN Districts d ON d.Id = e.DistrictId JOIN Departments p ON p.Id = e.DepartmentId
        WHERE x.Status = 2 AND e.Status = 1 AND x.CompletedOn <= '{date}' AND {where}
        """);

    [Theory]
    [InlineData("1 = 1", null)]
    [InlineData("d.Name IN ('Meerut', 'Bulandshahr', 'Baghpat', 'Hapur') AND p.Name = 'Police'", DemoUsers.MeerutRange)]
    [InlineData("d.Name = 'Lucknow'", DemoUsers.LucknowViewer)]
    public async Task Cells_add_up_to_the_counts_over_the_scope_now_and_a_week_ago(string where, string? login)
    {
        var scope = login is null ? DataScope.WholeState
            : (await new AccessService(_db.Factory, new PasswordHasher<PortalUser>(), TimeProvider.System).FindByLoginAsync(login))!.Scope;
        var cells = await CellsAsync(scope);

        Assert.Equal(Count(where), cells.Sum(c => c.Workforce));
        Assert.Equal(Count(where + " AND e.OnboardedOn <= @date"), cells.Sum(c => c.Onboarded));
        Assert.Equal(Count(where + " AND e.OnboardedOn <= @date", "2026-11-13"), cells.Sum(c => c.OnboardedWeekAgo));
        Assert.Equal(Completed(where, "COUNT(*)", "2026-11-20"), cells.Sum(c => c.Completions));
        Assert.Equal(Completed(where, "COUNT(*)", "2026-11-13"), cells.Sum(c => c.CompletionsWeekAgo));
        Assert.Equal(Completed(where, "COUNT(DISTINCT x.EmployeeId)", "2026-11-20"), cells.Sum(c => c.Learners));
        Assert.Equal(Completed(where, "COUNT(DISTINCT x.EmployeeId)", "2026-11-13"), cells.Sum(c => c.LearnersWeekAgo));
        Assert.Equal(Completed(where, "COALESCE(SUM(x.LearningMinutes), 0)", "2026-11-20"), cells.Sum(c => c.LearningMinutes));
    }

    [Fact]
    public async Task Mandatory_compliance_matches_a_plain_recount()
    {
        var mandatory = _db.Rows("SELECT Id FROM Courses WHERE IsMandatory = 1", r => r.GetInt32(0)).ToHashSet();
        var applies = _db.Rows("SELECT CourseId, ApplicableDesignationsId FROM CourseDesignations", r => (Course: r.GetInt32(0), Designation: r.GetInt32(1))).ToList();
        bool AppliesTo(int course, int designation) => applies.All(a => a.Course != course) || applies.Contains((course, designation));
        var designations = _db.Rows("SELECT Id FROM Designations", r => r.GetInt32(0));
        var required = designations.ToDictionary(d => d, d => mandatory.Where(c => AppliesTo(c, d)).ToHashSet());
        var people = _db.Rows("SELECT Id, DesignationId FROM Employees WHERE Status = 1", r => (Id: r.GetInt32(0), Designation: r.GetInt32(1)));
        var done = _db.Rows("SELECT EmployeeId, CourseId, CompletedOn FROM Enrolments WHERE Status = 2", r => (Employee: r.GetInt32(0), Course: r.GetInt32(1), On: r.GetString(2)))
            .GroupBy(x => x.Employee).ToDictionary(g => g.Key, g => g.ToList());

        int Compliant(string date) => people.Count(p =>
        {
            var completed = done.GetValueOrDefault(p.Id)?.Where(x => string.CompareOrdinal(x.On, date) <= 0).Select(x => x.Course).ToHashSet() ?? [];
            return required[p.Designation].All(completed.Contains);
        });

        var cells = await CellsAsync(DataScope.WholeState);
        Assert.Equal(Compliant("2026-11-20"), cells.Sum(c => c.MandatoryCompliant));
        Assert.Equal(Compliant("2026-11-13"), cells.Sum(c => c.MandatoryCompliantWeekAgo));
        Assert.InRange(cells.Sum(c => c.MandatoryCompliant), 1, cells.Sum(c => c.Workforce) - 1); // the demo has some of each
    }

    [Fact]
    public async Task Weeks_hold_26_cumulative_points_ending_on_the_snapshot_date()
    {
        await using var db = await _db.Factory.CreateDbContextAsync(DataScope.WholeState);
        var weeks = await db.ComplianceWeeks.AsNoTracking().ToListAsync();
        var ends = weeks.Select(w => w.WeekEnding).Distinct().Order().ToList();

        Assert.Equal(ComplianceAggregator.TrendWeeks, ends.Count);
        Assert.Equal(AsOf, ends[^1]);
        Assert.Equal(AsOf.AddDays(-7 * 25), ends[0]);
        Assert.Equal(Count("e.OnboardedOn <= @date"), weeks.Where(w => w.WeekEnding == AsOf).Sum(w => w.Onboarded));
        Assert.Equal(Count("e.OnboardedOn <= @date", ends[0].ToString("yyyy-MM-dd")), weeks.Where(w => w.WeekEnding == ends[0]).Sum(w => w.Onboarded));
        foreach (var series in weeks.GroupBy(w => (w.DistrictId, w.DepartmentId)))
        {
            var ordered = series.OrderBy(w => w.WeekEnding).ToList();
            Assert.True(ordered.Zip(ordered.Skip(1)).All(p => p.Second.Onboarded >= p.First.Onboarded && p.Second.Learners >= p.First.Learners));
        }
    }

    [Fact]
    public async Task The_snapshot_records_when_for_what_date_and_why_and_a_rebuild_replaces_it()
    {
        Assert.Equal(AsOf, _snapshot.AsOfDate);
        Assert.Equal("test", _snapshot.Reason);
        var cellsBefore = _db.Scalar("SELECT COUNT(*) FROM ComplianceCells");

        await new ComplianceAggregator(_db.Factory, TimeProvider.System, NullLogger<ComplianceAggregator>.Instance).RebuildAsync("again", AsOf);

        Assert.Equal(cellsBefore, _db.Scalar("SELECT COUNT(*) FROM ComplianceCells"));
        Assert.Equal(2, _db.Scalar("SELECT COUNT(*) FROM ComplianceSnapshots"));
    }
}

/// <summary>The home figures come from the snapshot, which an import makes stale until it is rebuilt.</summary>
public sealed class SnapshotFreshnessTests : Portal.Tests.Features.Rosters.RosterImportTestBase
{
    [Fact]
    public async Task A_committed_upload_marks_the_figures_stale_until_the_snapshot_is_rebuilt()
    {
        var aggregator = new ComplianceAggregator(Db.Factory, TimeProvider.System, NullLogger<ComplianceAggregator>.Instance);
        await aggregator.RebuildAsync("before");
        var dashboard = new DashboardService(Db.Factory);
        var before = await new BreakdownService(Db.Factory).GetAsync(DataScope.WholeState, BreakdownKind.District);
        Assert.False(before.Snapshot!.Stale);
        Assert.Equal(Db.Scalar("SELECT COUNT(*) FROM Employees WHERE Status = 1"), before.Total.Workforce);

        await Import(Portal.Tests.Features.Rosters.RosterFiles.Xlsx([Portal.Tests.Features.Rosters.RosterFiles.MeerutConstable("FRESH1")]));

        var stale = await new BreakdownService(Db.Factory).GetAsync(DataScope.WholeState, BreakdownKind.District);
        Assert.True(stale.Snapshot!.Stale);
        Assert.True(stale.Updating);
        Assert.Equal(before.Total.Workforce, stale.Total.Workforce); // still the old snapshot, and says so

        await aggregator.RebuildAsync("after the upload");
        var after = await new BreakdownService(Db.Factory).GetAsync(DataScope.WholeState, BreakdownKind.District);
        Assert.False(after.Snapshot!.Stale);
        Assert.Equal(before.Total.Workforce + 1, after.Total.Workforce);
        Assert.Equal("after the upload", after.Snapshot.Reason);
    }

    [Fact]
    public async Task An_upload_marks_the_districts_it_changed_and_the_refresh_recounts_only_those()
    {
        var aggregator = new ComplianceAggregator(Db.Factory, TimeProvider.System, NullLogger<ComplianceAggregator>.Instance);
        await aggregator.RebuildAsync("before");
        var before = await new BreakdownService(Db.Factory).GetAsync(DataScope.WholeState, BreakdownKind.District);
        var range = await MeerutRange();
        var file = Portal.Tests.Features.Rosters.RosterFiles.Xlsx([Portal.Tests.Features.Rosters.RosterFiles.MeerutConstable("FRESH2")]);

        await Preview(file, range);
        Assert.Equal(0, Db.Scalar("SELECT COUNT(*) FROM SnapshotDirtyDistricts")); // a dry run changes nothing
        await Import(file, range);

        var marked = Db.Rows("SELECT DISTINCT DistrictId FROM SnapshotDirtyDistricts ORDER BY DistrictId", r => r.GetInt32(0));
        Assert.Equal([(int)Db.Scalar("SELECT DistrictId FROM Employees WHERE EmployeeCode = 'FRESH2'")], marked);
        var refreshed = await aggregator.RefreshAsync("after the upload");
        Assert.Equal(marked.Count, refreshed.DistrictsRecounted);
        var after = await new BreakdownService(Db.Factory).GetAsync(DataScope.WholeState, BreakdownKind.District);
        Assert.False(after.Snapshot!.Stale);
        Assert.Equal(before.Total.Workforce + 1, after.Total.Workforce);
        Assert.Equal(0, Db.Scalar("SELECT COUNT(*) FROM SnapshotDirtyDistricts"));
    }

    [Fact]
    public async Task A_state_admins_upload_of_one_districts_staff_marks_that_district_alone()
    {
        var file = Portal.Tests.Features.Rosters.RosterFiles.Xlsx([Portal.Tests.Features.Rosters.RosterFiles.MeerutConstable("FRESH3")]);

        await Import(file, await Admin());

        var meerut = (int)Db.Scalar("SELECT Id FROM Districts WHERE Name = 'Meerut'");
        Assert.Equal([meerut], Db.Rows("SELECT DISTINCT DistrictId FROM SnapshotDirtyDistricts", r => r.GetInt32(0)));
    }

    [Fact]
    public async Task Without_a_snapshot_the_figures_are_empty_and_marked_as_updating()
    {
        var overview = await new BreakdownService(Db.Factory).GetAsync(DataScope.WholeState, BreakdownKind.District);
        Assert.Null(overview.Snapshot);
        Assert.True(overview.Updating);
        Assert.Equal(0, overview.Total.Workforce);
    }
}
