using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Web.Data;
using Portal.Web.Features.Snapshot;

namespace Portal.Tests.Features.Snapshot;

/// <summary>A recount of the districts marked changed leaves exactly what a recount of the whole state would.</summary>
public sealed class IncrementalRecountTests : IAsyncLifetime
{
    private static readonly DateOnly AsOf = new(2026, 11, 20);
    private TestDatabase _db = null!;
    private ComplianceAggregator _aggregator = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CopyOfSmallStateAsync();
        _aggregator = new ComplianceAggregator(_db.Factory, TimeProvider.System, NullLogger<ComplianceAggregator>.Instance);
        await _aggregator.RebuildAsync("first", AsOf);
    }

    public Task DisposeAsync()
    {
        _db.Dispose();
        return Task.CompletedTask;
    }

    private sealed record Everything(List<string> Cells, List<string> Weeks, List<string> CampaignCounts, int Employees, int Completions);

    /// <summary>Every cell, weekly row and campaign count as text (ids left out, sorted), and the snapshot's totals.</summary>
    private async Task<Everything> ReadAllAsync(ComplianceSnapshot snapshot)
    {
        await using var db = await _db.Factory.CreateDbContextAsync(DataScope.WholeState);
        var cells = (await db.ComplianceCells.AsNoTracking().ToListAsync()).Select(c => string.Join(",", c.DistrictId, c.DepartmentId, c.OfficeId, c.DesignationId, c.Group,
            c.Workforce, c.Onboarded, c.Learners, c.Completions, c.LearningMinutes, c.MandatoryCompliant, c.WorkforceWeekAgo, c.OnboardedWeekAgo,
            c.LearnersWeekAgo, c.CompletionsWeekAgo, c.LearningMinutesWeekAgo, c.MandatoryCompliantWeekAgo)).Order(StringComparer.Ordinal).ToList();
        var weeks = (await db.ComplianceWeeks.AsNoTracking().ToListAsync()).Select(w => string.Join(",", w.DistrictId, w.DepartmentId, w.WeekEnding, w.Workforce, w.Onboarded, w.Learners))
            .Order(StringComparer.Ordinal).ToList();
        var counts = (await db.CampaignCounts.AsNoTracking().ToListAsync()).Select(c => string.Join(",", c.CampaignId, c.DistrictId, c.DepartmentId, c.AsOf, c.Workforce, c.ReachedNow, c.ReachedBefore))
            .Order(StringComparer.Ordinal).ToList();
        return new Everything(cells, weeks, counts, snapshot.Employees, snapshot.Completions);
    }

    private int District(string name) => (int)_db.Scalar($"SELECT Id FROM Districts WHERE Name = '{name}'");

    [Fact]
    public async Task Recounting_the_changed_districts_gives_what_a_full_recount_gives()
    {
        var agra = District("Agra");
        var meerut = District("Meerut");
        var before = await ReadAllAsync(await _aggregator.RefreshAsync("nothing changed", AsOf));
        var agraWorkforce = _db.Scalar($"SELECT COUNT(*) FROM Employees WHERE Status = 1 AND DistrictId = {agra}");

        // Agra: some staff leave, one moves to Meerut. Meerut: people register on iGOT and complete courses (mandatory ones too),
        // some inside the campaigns' windows and the last week, some without a date.
        var left = _db.Execute($"UPDATE Employees SET Status = 2 WHERE Id IN (SELECT Id FROM Employees WHERE DistrictId = {agra} AND Status = 1 ORDER BY Id LIMIT 5)");
        var moved = _db.Execute($"UPDATE Employees SET DistrictId = {meerut}, OfficeId = NULL WHERE Id = (SELECT Id FROM Employees WHERE DistrictId = {agra} AND Status = 1 ORDER BY Id DESC LIMIT 1)");
        _db.Execute($"UPDATE Employees SET OnboardedOn = '2026-11-18' WHERE Id IN (SELECT Id FROM Employees WHERE DistrictId = {meerut} AND Status = 1 AND OnboardedOn IS NULL ORDER BY Id LIMIT 40)");
        _db.Execute($"""
            UPDATE Enrolments SET Status = 2, ProgressPercent = 100, CompletedOn = CASE WHEN Id % 5 = 0 THEN NULL WHEN Id % 2 = 0 THEN '2026-11-17' ELSE '2026-11-02' END, LearningMinutes = 150
            WHERE Id IN (SELECT x.Id FROM Enrolments x JOIN Employees e ON e.Id = x.EmployeeId WHERE e.DistrictId = {meerut} AND x.Status <> 2 ORDER BY x.Id LIMIT 300)
            """);
        _db.Execute($"""
            UPDATE Enrolments SET Status = 2, ProgressPercent = 100, CompletedOn = '2026-11-19', LearningMinutes = 60
            WHERE Id IN (SELECT x.Id FROM Enrolments x JOIN Employees e ON e.Id = x.EmployeeId JOIN Courses c ON c.Id = x.CourseId
                         WHERE e.DistrictId = {meerut} AND c.IsMandatory = 1 AND x.Status <> 2 ORDER BY x.Id LIMIT 200)
            """);
        await using (var db = await _db.Factory.CreateDbContextAsync(DataScope.WholeState))
            await ChangedDistricts.MarkAsync(db, [agra, meerut, agra], DateTime.UtcNow);

        var partial = await _aggregator.RefreshAsync("two districts changed", AsOf);
        var incremental = await ReadAllAsync(partial);
        var full = await ReadAllAsync(await _aggregator.RebuildAsync("whole state", AsOf));

        Assert.Equal(2, partial.DistrictsRecounted);
        Assert.Equal(0, _db.Scalar("SELECT COUNT(*) FROM SnapshotDirtyDistricts"));
        Assert.Equal(full.Cells, incremental.Cells);
        Assert.Equal(full.Weeks, incremental.Weeks);
        Assert.Equal(full.CampaignCounts, incremental.CampaignCounts);
        Assert.Equal(full.Employees, incremental.Employees);
        Assert.Equal(full.Completions, incremental.Completions);
        // ...and the changes were there to be counted: not the figures from before the changes.
        Assert.NotEqual(before.Cells, incremental.Cells);
        Assert.NotEqual(before.CampaignCounts, incremental.CampaignCounts);
        Assert.Equal((5, 1), (left, moved));
        Assert.Equal(before.Employees - left, incremental.Employees);
        Assert.Equal(agraWorkforce - left - moved, _db.Scalar($"SELECT SUM(Workforce) FROM ComplianceCells WHERE DistrictId = {agra}"));
    }

    [Fact]
    public async Task Unmarked_changes_wait_for_the_next_full_recount_and_marked_ones_do_not()
    {
        var agra = District("Agra");
        var agraWorkforce = _db.Scalar($"SELECT SUM(Workforce) FROM ComplianceCells WHERE DistrictId = {agra}");
        _db.Execute($"UPDATE Employees SET Status = 2 WHERE Id IN (SELECT Id FROM Employees WHERE DistrictId = {agra} AND Status = 1 ORDER BY Id LIMIT 3)");

        var unmarked = await _aggregator.RefreshAsync("nothing marked", AsOf);
        Assert.Equal(0, unmarked.DistrictsRecounted);
        Assert.Equal(agraWorkforce, _db.Scalar($"SELECT SUM(Workforce) FROM ComplianceCells WHERE DistrictId = {agra}"));

        await using (var db = await _db.Factory.CreateDbContextAsync(DataScope.WholeState))
            await ChangedDistricts.MarkAsync(db, [agra], DateTime.UtcNow);
        var marked = await _aggregator.RefreshAsync("Agra marked", AsOf);
        Assert.Equal(1, marked.DistrictsRecounted);
        Assert.Equal(agraWorkforce - 3, _db.Scalar($"SELECT SUM(Workforce) FROM ComplianceCells WHERE DistrictId = {agra}"));
    }

    [Fact]
    public async Task A_new_day_a_changed_campaign_or_most_districts_changed_bring_a_full_recount()
    {
        var agra = District("Agra");
        await using (var db = await _db.Factory.CreateDbContextAsync(DataScope.WholeState))
            await ChangedDistricts.MarkAsync(db, [agra], DateTime.UtcNow);
        var nextDay = await _aggregator.RefreshAsync("upload", AsOf.AddDays(1));
        Assert.Null(nextDay.DistrictsRecounted);
        Assert.Contains("a new day", nextDay.Reason);
        Assert.Equal(0, _db.Scalar("SELECT COUNT(*) FROM SnapshotDirtyDistricts"));

        _db.Execute("UPDATE Campaigns SET TargetPercent = 90, Deadline = '2027-03-31' WHERE Id = (SELECT MIN(Id) FROM Campaigns)");
        await using (var db = await _db.Factory.CreateDbContextAsync(DataScope.WholeState))
            await ChangedDistricts.MarkAsync(db, [agra], DateTime.UtcNow);
        var changed = await _aggregator.RefreshAsync("upload", AsOf.AddDays(1));
        Assert.Null(changed.DistrictsRecounted);
        Assert.Contains("campaigns changed", changed.Reason);

        var all = _db.Rows("SELECT Id FROM Districts", r => r.GetInt32(0));
        await using (var db = await _db.Factory.CreateDbContextAsync(DataScope.WholeState))
            await ChangedDistricts.MarkAsync(db, all, DateTime.UtcNow);
        var most = await _aggregator.RefreshAsync("state upload", AsOf.AddDays(1));
        Assert.Null(most.DistrictsRecounted);
        Assert.Contains($"{all.Count} districts changed", most.Reason);
    }

    [Fact]
    public async Task Each_snapshot_records_the_campaigns_it_holds_as_rows()
    {
        var campaigns = _db.Scalar("SELECT COUNT(*) FROM Campaigns");
        Assert.True(campaigns > 0);
        var latest = _db.Scalar("SELECT MAX(Id) FROM ComplianceSnapshots");
        Assert.Equal(campaigns, _db.Scalar($"SELECT COUNT(*) FROM SnapshotCampaigns WHERE SnapshotId = {latest}"));
        Assert.Equal(campaigns, _db.Scalar("SELECT COUNT(*) FROM SnapshotCampaigns")); // only the latest snapshot's are kept

        var agra = District("Agra");
        await using (var db = await _db.Factory.CreateDbContextAsync(DataScope.WholeState))
            await ChangedDistricts.MarkAsync(db, [agra], DateTime.UtcNow);
        var partial = await _aggregator.RefreshAsync("Agra", AsOf);
        Assert.Equal(campaigns, _db.Scalar($"SELECT COUNT(*) FROM SnapshotCampaigns WHERE SnapshotId = {partial.Id}"));
    }
}
