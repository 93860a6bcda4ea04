using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Features.Campaigns;

namespace Portal.Tests.Features.Campaigns;

/// <summary>The service on a private small state: who may change campaigns, validation, and the progress rows.</summary>
public sealed class CampaignServiceTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 20, 6, 0, 0, TimeSpan.Zero));

    public async Task InitializeAsync() => _db = await TestDatabase.CopyOfSmallStateAsync();
    public Task DisposeAsync() { _db.Dispose(); return Task.CompletedTask; }

    private CampaignService Service() => new(_db.Factory, _clock, new CampaignCache());

    private async Task<SignedInUser> User(string login) =>
        (await new AccessService(_db.Factory, new PasswordHasher<PortalUser>(), TimeProvider.System).FindByLoginAsync(login))!;

    private static CampaignEdit Valid(string name = "Registration drive") => new()
    {
        Name = name, Metric = CampaignMetric.Onboarding, TargetPercent = 95,
        WindowStart = new DateTime(2026, 11, 1), WindowEnd = new DateTime(2027, 1, 31), Deadline = new DateTime(2027, 1, 31),
    };

    [Theory]
    [InlineData(DemoUsers.MeerutRange)]
    [InlineData(DemoUsers.HealthHr)]
    [InlineData(DemoUsers.LucknowViewer)]
    public async Task Only_a_state_admin_may_create_change_or_delete(string login)
    {
        var service = Service();
        var user = await User(login);
        var before = _db.Scalar("SELECT COUNT(*) FROM Campaigns");
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => service.SaveAsync(user, Valid()));
        Assert.Equal(before, _db.Scalar("SELECT COUNT(*) FROM Campaigns"));

        var (_, id) = await service.SaveAsync(await User(DemoUsers.StateAdmin), Valid());
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => service.DeleteAsync(user, id!.Value));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => service.GetEditAsync(user, id!.Value));
        Assert.Equal(1, _db.Scalar($"SELECT COUNT(*) FROM Campaigns WHERE Id = {id}"));

        Assert.True(await service.DeleteAsync(await User(DemoUsers.StateAdmin), id!.Value));
        Assert.Equal(0, _db.Scalar($"SELECT COUNT(*) FROM Campaigns WHERE Id = {id}"));
    }

    [Fact]
    public async Task Invalid_campaigns_are_refused_with_a_message_per_field_and_nothing_is_saved()
    {
        var admin = await User(DemoUsers.StateAdmin);
        var before = _db.Scalar("SELECT COUNT(*) FROM Campaigns");
        var cases = new (Action<CampaignEdit> Break, string Field, string Message)[]
        {
            (e => e.Name = "  ", nameof(CampaignEdit.Name), "Name is required."),
            (e => e.WindowEnd = new DateTime(2026, 10, 1), nameof(CampaignEdit.WindowEnd), "Window end must be on or after the window start."),
            (e => e.Deadline = new DateTime(2026, 10, 31), nameof(CampaignEdit.Deadline), "Deadline must be on or after the window start."),
            (e => e.TargetPercent = 0, nameof(CampaignEdit.TargetPercent), "Target must be between 1 and 100 percent."),
            (e => e.TargetPercent = 100.5m, nameof(CampaignEdit.TargetPercent), "Target must be between 1 and 100 percent."),
            (e => e.Metric = CampaignMetric.CourseCompletion, nameof(CampaignEdit.CourseId), "Choose the course to complete."),
            (e => { e.Metric = CampaignMetric.LearningHours; e.ThresholdHours = 0; }, nameof(CampaignEdit.ThresholdHours), "Learning hours per employee must be more than 0."),
            (e => e.WindowStart = null, nameof(CampaignEdit.WindowStart), "Window start is required."),
            (e => e.ScopeDistrictId = 999_999, nameof(CampaignEdit.ScopeDistrictId), "That district no longer exists."),
        };
        foreach (var (breakIt, field, message) in cases)
        {
            var edit = Valid();
            breakIt(edit);
            var (problems, _) = await Service().SaveAsync(admin, edit);
            Assert.Contains(new CampaignProblem(field, message), problems);
        }
        var outside = Valid();
        outside.ScopeGroupingId = (int)_db.Scalar("SELECT Id FROM DistrictGroupings WHERE Kind = 'Police Range' AND Name = 'Meerut'");
        outside.ScopeDistrictId = (int)_db.Scalar("SELECT Id FROM Districts WHERE Name = 'Lucknow'");
        Assert.Contains(new CampaignProblem(nameof(CampaignEdit.ScopeDistrictId), "That district is not in the chosen division, range or zone: the campaign would have nobody in scope."),
            (await Service().SaveAsync(admin, outside)).Problems);
        Assert.Equal(before, _db.Scalar("SELECT COUNT(*) FROM Campaigns"));

        var inside = Valid("Hapur police");
        inside.ScopeGroupingId = outside.ScopeGroupingId;
        inside.ScopeDistrictId = (int)_db.Scalar("SELECT Id FROM Districts WHERE Name = 'Hapur'");
        Assert.Empty((await Service().SaveAsync(admin, inside)).Problems);
        Assert.Empty((await Service().SaveAsync(admin, Valid("Unique"))).Problems);
        Assert.Contains(new CampaignProblem(nameof(CampaignEdit.Name), "Another campaign has this name."), (await Service().SaveAsync(admin, Valid("Unique"))).Problems);
    }

    [Fact]
    public async Task Saving_stores_what_the_form_said_and_editing_reads_it_back()
    {
        var admin = await User(DemoUsers.StateAdmin);
        var health = (int)_db.Scalar("SELECT Id FROM Departments WHERE Name = 'Health and Family Welfare'");
        var edit = Valid("Saptah");
        edit.Metric = CampaignMetric.LearningHours;
        edit.ThresholdHours = 4;
        edit.CourseId = 3; // not a course campaign: dropped
        edit.ScopeDepartmentId = health;
        var (problems, id) = await Service().SaveAsync(admin, edit);
        Assert.Empty(problems);
        Assert.Equal(240, _db.Scalar($"SELECT ThresholdMinutes FROM Campaigns WHERE Id = {id}"));
        Assert.Equal(0, _db.Scalar($"SELECT COUNT(*) FROM Campaigns WHERE Id = {id} AND CourseId IS NOT NULL"));
        Assert.Equal(DemoUsers.StateAdmin, _db.Rows($"SELECT CreatedBy FROM Campaigns WHERE Id = {id}", r => r.GetString(0)).Single());

        var back = await Service().GetEditAsync(admin, id!.Value);
        Assert.Equal(4m, back!.ThresholdHours);
        Assert.Equal(new DateTime(2026, 11, 1), back.WindowStart);
        Assert.Equal(health, back.ScopeDepartmentId);
    }

    [Fact]
    public async Task Progress_rows_are_per_district_of_the_readers_scope_worst_first_with_days_left()
    {
        var admin = await User(DemoUsers.StateAdmin);
        var (_, id) = await Service().SaveAsync(admin, Valid());
        var range = await User(DemoUsers.MeerutRange);

        var progress = (await Service().GetProgressAsync(range.Scope, id!.Value, CampaignBy.District))!;
        var expected = _db.Rows($"""
            SELECT d.Name, COUNT(*), SUM(CASE WHEN e.OnboardedOn <= '2026-11-20' THEN 1 ELSE 0 END), SUM(CASE WHEN e.OnboardedOn <= '2026-11-06' THEN 1 ELSE 0 END)
            FROM Employees e JOIN Districts d ON d.Id = e.DistrictId
            WHERE e.Status = 1 AND e.DepartmentId = (SELECT Id FROM Departments WHERE Name = 'Police')
              AND e.DistrictId IN (SELECT m.DistrictsId FROM DistrictGroupingMembers m JOIN DistrictGroupings g ON g.Id = m.GroupingsId WHERE g.Kind = 'Police Range' AND g.Name = 'Meerut')
            GROUP BY d.Name
            """, r => (r.GetString(0), r.GetInt32(1), r.GetInt32(2), r.GetInt32(3)));

        Assert.Equal(expected.OrderBy(x => x.Item1), progress.Rows.Select(r => (r.Name, r.Figures.Workforce, r.Figures.ReachedNow, r.Figures.ReachedBefore)).OrderBy(x => x.Name));
        Assert.Equal(expected.Sum(x => x.Item2), progress.Total.Workforce);
        Assert.Equal(expected.Sum(x => x.Item3), progress.Total.ReachedNow);
        Assert.Equal(72, progress.DaysLeft); // 20-11-2026 to 31-01-2027
        Assert.Equal("72 days left", progress.DaysLeftText);
        // Worst first: by status, then by rate.
        var order = progress.Rows.Select(r => ((int)r.Figures.Status, r.Figures.Rate ?? 2)).ToList();
        Assert.Equal(order.OrderBy(x => x.Item1).ThenBy(x => x.Item2), order);

        var byDepartment = (await Service().GetProgressAsync(range.Scope, id.Value, CampaignBy.Department))!;
        Assert.Equal("Police", Assert.Single(byDepartment.Rows).Name);
        Assert.Equal(progress.Total.ReachedNow, byDepartment.Total.ReachedNow);
    }

    [Fact]
    public async Task An_ended_campaign_is_measured_on_its_deadline_and_a_reader_outside_its_scope_sees_no_staff()
    {
        var admin = await User(DemoUsers.StateAdmin);
        var edit = Valid("January drive");
        edit.WindowStart = new DateTime(2025, 1, 1);
        edit.WindowEnd = edit.Deadline = new DateTime(2025, 1, 31);
        edit.ScopeGroupingId = (int)_db.Scalar("SELECT Id FROM DistrictGroupings WHERE Kind = 'Police Range' AND Name = 'Meerut'");
        var (_, id) = await Service().SaveAsync(admin, edit);

        var progress = (await Service().GetProgressAsync(DataScope.WholeState, id!.Value, CampaignBy.District))!;
        Assert.True(progress.Ended);
        Assert.Equal("ended 31-01-2025", progress.DaysLeftText);
        Assert.Equal(new DateOnly(2025, 1, 31), progress.AsOf);
        Assert.Equal(_db.Scalar("""
            SELECT COUNT(*) FROM Employees e WHERE e.Status = 1 AND e.OnboardedOn <= '2025-01-31'
              AND e.DistrictId IN (SELECT m.DistrictsId FROM DistrictGroupingMembers m JOIN DistrictGroupings g ON g.Id = m.GroupingsId WHERE g.Kind = 'Police Range' AND g.Name = 'Meerut')
            """), progress.Total.ReachedNow);
        Assert.All(progress.Rows, r => Assert.Contains(r.Figures.Status, new[] { CampaignStatus.Missed, CampaignStatus.Reached }));

        var lucknow = await User(DemoUsers.LucknowViewer);
        var outside = (await Service().GetProgressAsync(lucknow.Scope, id.Value, CampaignBy.District))!;
        Assert.Empty(outside.Rows);
        Assert.Equal(0, outside.Total.Workforce);
        Assert.Null(outside.Total.Rate);
    }

    [Fact]
    public async Task Remembered_figures_are_counted_again_after_a_committed_import()
    {
        var admin = await User(DemoUsers.StateAdmin);
        var (_, id) = await Service().SaveAsync(admin, Valid());
        var service = Service(); // one cache, as in the app
        var first = (await service.GetProgressAsync(DataScope.WholeState, id!.Value, CampaignBy.District))!.Total.ReachedNow;
        Assert.Equal(_db.Scalar("SELECT COUNT(*) FROM Employees WHERE Status = 1 AND OnboardedOn <= '2026-11-20'"), first);

        // An upload changes the data: ten registrations are withdrawn and the import is committed.
        _db.Scalar("UPDATE Employees SET OnboardedOn = NULL WHERE Id IN (SELECT Id FROM Employees WHERE Status = 1 AND OnboardedOn IS NOT NULL ORDER BY Id LIMIT 10)");
        Assert.Equal(first, (await service.GetProgressAsync(DataScope.WholeState, id.Value, CampaignBy.District))!.Total.ReachedNow); // remembered
        await using (var db = await _db.Factory.CreateDbContextAsync(DataScope.WholeState))
        {
            db.ImportBatches.Add(new ImportBatch { FileName = "r.xlsx", Sha256 = new string('0', 64), UploadedBy = DemoUsers.StateAdmin, UploadedAt = DateTime.UtcNow,
                FinishedAt = DateTime.UtcNow, Outcome = ImportOutcome.Committed, Kind = ImportKind.Roster });
            await db.SaveChangesAsync();
        }
        Assert.Equal(first - 10, (await service.GetProgressAsync(DataScope.WholeState, id.Value, CampaignBy.District))!.Total.ReachedNow);
    }

    [Fact]
    public async Task Progress_of_a_campaign_that_does_not_exist_is_null()
    {
        Assert.Null(await Service().GetProgressAsync(DataScope.WholeState, 987_654, CampaignBy.District));
        await using var db = await _db.Factory.CreateDbContextAsync(DataScope.WholeState);
        Assert.False(await Service().DeleteAsync(await User(DemoUsers.StateAdmin), 987_654));
    }

    [Fact]
    public async Task The_snapshot_counts_every_campaign_as_the_live_count_does_and_pages_read_it_until_a_campaign_changes()
    {
        var aggregator = new Portal.Web.Features.Snapshot.ComplianceAggregator(_db.Factory, _clock,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<Portal.Web.Features.Snapshot.ComplianceAggregator>.Instance);
        await aggregator.RebuildAsync("test", DateOnly.FromDateTime(_clock.GetLocalNow().DateTime));
        var range = await User(DemoUsers.MeerutRange);
        List<Campaign> campaigns;
        await using (var db = await _db.Factory.CreateDbContextAsync(DataScope.WholeState))
            campaigns = await db.Campaigns.AsNoTracking().ToListAsync();
        Assert.NotEmpty(campaigns);

        // Every demo campaign (all five metrics), for the whole state and for the range office: snapshot = live count.
        foreach (var campaign in campaigns)
            foreach (var scope in new[] { DataScope.WholeState, range.Scope })
            {
                var fromSnapshot = (await Service().GetProgressAsync(scope, campaign.Id, CampaignBy.District))!;
                await using var db = await _db.Factory.CreateDbContextAsync(scope);
                var live = await CampaignMetrics.CountAsync(db, campaign, fromSnapshot.AsOf, default);
                Assert.Equal((live.Sum(c => c.Workforce), live.Sum(c => c.ReachedNow), live.Sum(c => c.ReachedBefore)),
                    (fromSnapshot.Total.Workforce, fromSnapshot.Total.ReachedNow, fromSnapshot.Total.ReachedBefore));
            }

        // The page reads the snapshot: registrations made after it do not show until the next one...
        var onboarding = campaigns.First(c => c.Metric == CampaignMetric.Onboarding);
        var before = (await Service().GetProgressAsync(DataScope.WholeState, onboarding.Id, CampaignBy.District))!;
        _db.Scalar("UPDATE Employees SET OnboardedOn = '2024-12-01' WHERE OnboardedOn IS NULL");
        Assert.Equal(before.Total.ReachedNow, (await Service().GetProgressAsync(DataScope.WholeState, onboarding.Id, CampaignBy.District))!.Total.ReachedNow);

        // ...but a campaign changed since the snapshot is counted live, on the data as it is now.
        _db.Scalar($"UPDATE Campaigns SET TargetPercent = 99 WHERE Id = {onboarding.Id}");
        var changed = (await Service().GetProgressAsync(DataScope.WholeState, onboarding.Id, CampaignBy.District))!;
        Assert.Equal(before.Total.ReachedNow, changed.Total.ReachedNow); // the target is not part of the count
        _db.Scalar($"UPDATE Campaigns SET WindowStart = '2024-12-15' WHERE Id = {onboarding.Id}");
        var recounted = (await Service().GetProgressAsync(DataScope.WholeState, onboarding.Id, CampaignBy.District))!;
        Assert.Equal(_db.Scalar("SELECT COUNT(*) FROM Employees WHERE Status = 1 AND OnboardedOn <= '2025-01-31'"), recounted.Total.ReachedNow);
        Assert.True(recounted.Total.ReachedNow > before.Total.ReachedNow);
    }

    [Fact]
    public async Task A_large_campaign_not_yet_counted_waits_for_the_snapshot_instead_of_counting_on_the_spot()
    {
        var refresher = new Portal.Web.Features.Snapshot.ComplianceRefresher(
            new Microsoft.Extensions.DependencyInjection.ServiceCollection().BuildServiceProvider().GetRequiredService<Microsoft.Extensions.DependencyInjection.IServiceScopeFactory>(),
            _clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<Portal.Web.Features.Snapshot.ComplianceRefresher>.Instance);
        var rangeStaff = _db.Scalar("SELECT COUNT(*) FROM Employees e JOIN Districts d ON d.Id = e.DistrictId WHERE e.Status = 1 AND d.Name = 'Lucknow'");
        var allStaff = _db.Scalar("SELECT COUNT(*) FROM Employees WHERE Status = 1");
        Assert.True(rangeStaff < allStaff / 2);
        // A limit between the range's staff and the whole state's.
        var service = new CampaignService(_db.Factory, _clock, new CampaignCache(), refresher) { LiveCountLimit = (int)(rangeStaff + allStaff) / 2 };
        var (_, id) = await service.SaveAsync(await User(DemoUsers.StateAdmin), Valid());
        var range = await User(DemoUsers.LucknowViewer);

        var whole = (await service.GetProgressAsync(DataScope.WholeState, id!.Value, CampaignBy.District))!;
        var small = (await service.GetProgressAsync(range.Scope, id.Value, CampaignBy.District))!;

        // The whole state (over the limit) waits; Lucknow's staff (under it) are counted now.
        Assert.True(whole.Counting);
        Assert.Empty(whole.Rows);
        Assert.True(refresher.IsPending);
        Assert.False(small.Counting);
        Assert.Equal(rangeStaff, small.Total.Workforce);

        // Once the snapshot has counted it, the figures are there.
        await new Portal.Web.Features.Snapshot.ComplianceAggregator(_db.Factory, _clock,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<Portal.Web.Features.Snapshot.ComplianceAggregator>.Instance).RebuildAsync("test");
        var counted = (await service.GetProgressAsync(DataScope.WholeState, id.Value, CampaignBy.District))!;
        Assert.False(counted.Counting);
        Assert.Equal(allStaff, counted.Total.Workforce);
    }

    [Fact]
    public async Task Campaigns_settled_long_ago_keep_their_counts_while_running_ones_are_recounted()
    {
        var aggregator = new Portal.Web.Features.Snapshot.ComplianceAggregator(_db.Factory, _clock,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<Portal.Web.Features.Snapshot.ComplianceAggregator>.Instance);
        var today = DateOnly.FromDateTime(_clock.GetLocalNow().DateTime);
        await aggregator.RebuildAsync("first", today);
        var registration = (int)_db.Scalar("SELECT Id FROM Campaigns WHERE Metric = 1 AND Deadline < '2025-06-01'");
        var reachedFirst = _db.Scalar($"SELECT SUM(ReachedNow) FROM CampaignCounts WHERE CampaignId = {registration}");

        // Registrations back-dated into that campaign's window: a recount would now find more.
        _db.Scalar("UPDATE Employees SET OnboardedOn = '2025-01-10' WHERE OnboardedOn IS NULL OR OnboardedOn > '2025-01-31'");
        await aggregator.RebuildAsync("second", today);

        // Ended more than 30 days ago: its counts are the first snapshot's, and pages still read them.
        Assert.Equal(reachedFirst, _db.Scalar($"SELECT SUM(ReachedNow) FROM CampaignCounts WHERE CampaignId = {registration}"));
        var settled = (await Service().GetProgressAsync(DataScope.WholeState, registration, CampaignBy.District))!;
        Assert.Equal(reachedFirst, settled.Total.ReachedNow);
        Assert.False(settled.Counting);
        await using (var db = await _db.Factory.CreateDbContextAsync(DataScope.WholeState))
        {
            var campaign = await db.Campaigns.AsNoTracking().SingleAsync(c => c.Id == registration);
            var recount = await CampaignMetrics.CountAsync(db, campaign, campaign.Deadline, default);
            Assert.True(recount.Sum(c => c.ReachedNow) > reachedFirst, "the test needs a change a recount would see");
        }

        // Every running campaign was counted again, on the data as it is now.
        await using (var db = await _db.Factory.CreateDbContextAsync(DataScope.WholeState))
            foreach (var running in await db.Campaigns.AsNoTracking().Where(c => c.Deadline >= today).ToListAsync())
            {
                var live = await CampaignMetrics.CountAsync(db, running, today, default);
                Assert.Equal(live.Sum(c => c.ReachedNow), _db.Scalar($"SELECT COALESCE(SUM(ReachedNow), 0) FROM CampaignCounts WHERE CampaignId = {running.Id}"));
            }
    }
}
