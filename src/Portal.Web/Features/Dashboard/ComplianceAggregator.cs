using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Portal.Web.Data;
using Portal.Web.Features.Campaigns;

namespace Portal.Web.Features.Dashboard;

/// <summary>
/// Computes the compliance snapshot: <see cref="ComplianceCell"/>s and <see cref="ComplianceWeek"/>s from the
/// employees and their completed enrolments, in one pass over each table, replaced in one transaction (readers
/// see the old snapshot or the new one). The metric definitions:
/// <list type="bullet">
/// <item>workforce: active employees; onboarded: those with an iGOT registration date (on or before the date);</item>
/// <item>learners: those with at least one completed course; completions and learning minutes: their completed enrolments;</item>
/// <item>mandatory compliant: those who completed every mandatory course that applies to their designation (a
/// course with no listed designations applies to all; a designation with none to do counts as compliant).</item>
/// </list>
/// </summary>
public sealed class ComplianceAggregator(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock, ILogger<ComplianceAggregator> log)
{
    public const int TrendWeeks = 26;
    private static readonly SemaphoreSlim Running = new(1, 1);

    public async Task<ComplianceSnapshot> RebuildAsync(string reason, DateOnly? asOf = null, CancellationToken ct = default)
    {
        await Running.WaitAsync(ct);
        try { return await BuildAsync(reason, asOf ?? DateOnly.FromDateTime(clock.GetLocalNow().DateTime), ct); }
        finally { Running.Release(); }
    }

    private async Task<ComplianceSnapshot> BuildAsync(string reason, DateOnly asOf, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var weekAgo = asOf.AddDays(-7);
        var weekEnds = Enumerable.Range(0, TrendWeeks).Select(i => asOf.AddDays(-7 * (TrendWeeks - 1 - i))).ToArray();

        await using var db = await dbFactory.CreateDbContextAsync(DataScope.WholeState, ct);
        await db.Database.OpenConnectionAsync(ct);
        var connection = db.Database.GetDbConnection();

        // Mandatory courses and whom they apply to.
        var mandatory = await MandatoryRules.LoadAsync(db, ct);

        // Employees: the workforce, indexed by id.
        var maxId = await db.Employees.MaxAsync(e => (int?)e.Id, ct) ?? 0;
        var people = new Person[maxId + 1];
        var employees = 0;
        await using (var read = Command(connection, db,
            "SELECT \"Id\", \"DistrictId\", \"DepartmentId\", \"OfficeId\", \"DesignationId\", \"Group\", \"OnboardedOn\", \"CreatedAt\" FROM \"Employees\" WHERE \"Status\" = " + (int)EmployeeStatus.Active))
        await using (var reader = await read.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var onboarded = reader.IsDBNull(6) ? (DateOnly?)null : reader.GetFieldValue<DateOnly>(6);
                people[reader.GetInt32(0)] = new Person
                {
                    Active = true, District = reader.GetInt32(1), Department = reader.GetInt32(2), Office = reader.IsDBNull(3) ? 0 : reader.GetInt32(3),
                    Designation = reader.GetInt32(4), Group = (ServiceGroup)reader.GetInt32(5), OnboardedDay = onboarded?.DayNumber ?? int.MaxValue,
                    FirstCompletionDay = int.MaxValue,
                    OnRosterWeekAgo = DateOnly.FromDateTime(reader.GetDateTime(7)) <= weekAgo,
                };
                employees++;
            }
        }

        var readEmployees = watch.Elapsed.TotalSeconds;
        // Campaigns are counted in the same pass (see CampaignCounter for what each metric counts), except those
        // settled long ago, whose last counts are kept.
        var (campaigns, settled) = await CampaignCountersAsync(db, mandatory, asOf, maxId, ct);

        // Completed enrolments, accumulated per employee.
        var completions = 0;
        await using (var read = Command(connection, db,
            "SELECT \"EmployeeId\", \"CourseId\", \"CompletedOn\", \"LearningMinutes\" FROM \"Enrolments\" WHERE \"Status\" = " + (int)EnrolmentStatus.Completed))
        await using (var reader = await read.ExecuteReaderAsync(ct))
        {
            var weekAgoDay = weekAgo.DayNumber;
            while (await reader.ReadAsync(ct))
            {
                var id = reader.GetInt32(0);
                if (id > maxId || !people[id].Active) continue;
                ref var p = ref people[id];
                var day = reader.IsDBNull(2) ? asOf.DayNumber : reader.GetFieldValue<DateOnly>(2).DayNumber;
                var minutes = reader.GetInt32(3);
                var course = reader.GetInt32(1);
                // Campaigns place completions in windows: one without a date cannot be placed.
                if (!reader.IsDBNull(2))
                    foreach (var campaign in campaigns) campaign.Add(id, p.Designation, course, day, minutes);
                var byWeekAgo = day <= weekAgoDay;
                p.Completions++;
                p.Minutes += minutes;
                if (byWeekAgo) { p.CompletionsWeekAgo++; p.MinutesWeekAgo += minutes; }
                if (day < p.FirstCompletionDay) p.FirstCompletionDay = day;
                if (mandatory.Counts(course, p.Designation))
                {
                    p.MandatoryDone++;
                    if (byWeekAgo) p.MandatoryDoneWeekAgo++;
                }
                completions++;
            }
        }

        var readCompletions = watch.Elapsed.TotalSeconds;
        // Cells, weeks and campaign counts.
        var cells = new Dictionary<(int, int, int, int, ServiceGroup), ComplianceCell>();
        var campaignCounts = new Dictionary<(int Campaign, int District, int Department), CampaignCount>();
        var weeks = new Dictionary<(int, int), int[]>(); // per district+department: workforce, then onboarded and learners per week
        for (var i = 0; i < people.Length; i++)
        {
            ref var p = ref people[i];
            if (!p.Active) continue;
            var key = (p.District, p.Department, p.Office, p.Designation, p.Group);
            if (!cells.TryGetValue(key, out var cell))
            {
                cell = new ComplianceCell { DistrictId = p.District, DepartmentId = p.Department, OfficeId = p.Office == 0 ? null : p.Office, DesignationId = p.Designation, Group = p.Group };
                cells[key] = cell;
            }
            var required = mandatory.RequiredOf(p.Designation);
            cell.Workforce++;
            if (p.OnRosterWeekAgo) cell.WorkforceWeekAgo++;
            if (p.OnboardedDay <= asOf.DayNumber) cell.Onboarded++;
            if (p.OnboardedDay <= weekAgo.DayNumber) cell.OnboardedWeekAgo++;
            if (p.Completions > 0) cell.Learners++;
            if (p.CompletionsWeekAgo > 0) cell.LearnersWeekAgo++;
            cell.Completions += p.Completions;
            cell.CompletionsWeekAgo += p.CompletionsWeekAgo;
            cell.LearningMinutes += p.Minutes;
            cell.LearningMinutesWeekAgo += p.MinutesWeekAgo;
            if (p.MandatoryDone >= required) cell.MandatoryCompliant++;
            if (p.MandatoryDoneWeekAgo >= required) cell.MandatoryCompliantWeekAgo++;

            foreach (var campaign in campaigns)
            {
                if (!campaign.InScope(p.District, p.Department)) continue;
                var (reachedNow, reachedBefore) = campaign.Reached(i, p.Designation, p.OnboardedDay == int.MaxValue ? null : DateOnly.FromDayNumber(p.OnboardedDay));
                var countKey = (campaign.Campaign.Id, p.District, p.Department);
                if (!campaignCounts.TryGetValue(countKey, out var count))
                    campaignCounts[countKey] = count = new CampaignCount { CampaignId = campaign.Campaign.Id, DistrictId = p.District, DepartmentId = p.Department, AsOf = campaign.Now };
                count.Workforce++;
                if (reachedNow) count.ReachedNow++;
                if (reachedBefore) count.ReachedBefore++;
            }

            if (!weeks.TryGetValue((p.District, p.Department), out var series)) weeks[(p.District, p.Department)] = series = new int[1 + 2 * TrendWeeks];
            series[0]++;
            for (var w = 0; w < TrendWeeks; w++)
            {
                var end = weekEnds[w].DayNumber;
                if (p.OnboardedDay <= end) series[1 + w]++;
                if (p.FirstCompletionDay <= end) series[1 + TrendWeeks + w]++;
            }
        }

        var counted = watch.Elapsed.TotalSeconds;
        // Replace the snapshot in one transaction.
        var snapshot = new ComplianceSnapshot
        {
            ComputedAt = clock.GetUtcNow().UtcDateTime, AsOfDate = asOf, Reason = reason.Length > 200 ? reason[..200] : reason,
            Employees = employees, Completions = completions,
            CountedCampaigns = string.Join("\n", campaigns.Select(c => $"{c.Campaign.Id}={CampaignCounter.DefinitionKey(c.Campaign)}").Concat(settled.Values)),
        };
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            await db.ComplianceCells.IgnoreQueryFilters().ExecuteDeleteAsync(ct);
            await db.ComplianceWeeks.IgnoreQueryFilters().ExecuteDeleteAsync(ct);
            var keep = settled.Keys.ToList();
            await db.CampaignCounts.IgnoreQueryFilters().Where(c => !keep.Contains(c.CampaignId)).ExecuteDeleteAsync(ct);
            // Tens of thousands of new rows and nothing else tracked: no need to scan for changes on every add.
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            db.ComplianceCells.AddRange(cells.Values);
            db.CampaignCounts.AddRange(campaignCounts.Values);
            foreach (var ((district, department), series) in weeks)
                for (var w = 0; w < TrendWeeks; w++)
                    db.ComplianceWeeks.Add(new ComplianceWeek
                    {
                        DistrictId = district, DepartmentId = department, WeekEnding = weekEnds[w],
                        Workforce = series[0], Onboarded = series[1 + w], Learners = series[1 + TrendWeeks + w],
                    });
            snapshot.Seconds = watch.Elapsed.TotalSeconds;
            db.ComplianceSnapshots.Add(snapshot);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        log.LogInformation("Compliance snapshot ({Reason}): {Cells} cells and {Campaigns} campaigns from {Employees} employees and {Completions} completions in {Seconds:F1} s "
            + "(employees read by {EmployeesRead:F1} s, completions by {CompletionsRead:F1} s, counted by {Counted:F1} s, then written)",
            reason, cells.Count, campaigns.Count, employees, completions, watch.Elapsed.TotalSeconds, readEmployees, readCompletions, counted);
        return snapshot;
    }

    /// <summary>Days after its deadline that a campaign is still recounted (late uploads may still change it); after that its counts are kept.</summary>
    public const int SettledAfterDays = 30;

    /// <summary>
    /// A counter for every campaign, measured on the snapshot's date (or its deadline if that came first); and the
    /// campaigns settled long ago whose counts, as the previous snapshot left them, are kept (id → definition line),
    /// so that years of past campaigns do not make every snapshot slower and larger.
    /// </summary>
    private static async Task<(List<CampaignCounter> Counters, Dictionary<int, string> Settled)> CampaignCountersAsync(
        PortalDbContext db, MandatoryRules mandatory, DateOnly asOf, int maxId, CancellationToken ct)
    {
        var campaigns = await db.Campaigns.AsNoTracking().ToListAsync(ct);
        var previous = (await db.ComplianceSnapshots.OrderByDescending(s => s.Id).Select(s => s.CountedCampaigns).FirstOrDefaultAsync(ct) ?? "")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        var settled = campaigns
            .Select(c => (c.Id, Line: $"{c.Id}={CampaignCounter.DefinitionKey(c)}", c.Deadline))
            .Where(c => c.Deadline.AddDays(SettledAfterDays) < asOf && previous.Contains(c.Line))
            .ToDictionary(c => c.Id, c => c.Line);
        var counted = campaigns.Where(c => !settled.ContainsKey(c.Id)).ToList();

        var groupingIds = counted.Where(c => c.ScopeGroupingId is not null).Select(c => c.ScopeGroupingId!.Value).Distinct().ToList();
        var members = await db.DistrictGroupings.IgnoreQueryFilters().Where(g => groupingIds.Contains(g.Id))
            .Select(g => new { g.Id, Districts = g.Districts.Select(d => d.Id).ToList() }).ToDictionaryAsync(g => g.Id, g => (IReadOnlySet<int>)g.Districts.ToHashSet(), ct);
        var counters = counted.Select(c => new CampaignCounter(c, CampaignCounter.MeasuredOn(c, asOf),
            c.ScopeGroupingId is { } g ? members.GetValueOrDefault(g, new HashSet<int>()) : null, mandatory, maxId)).ToList();
        return (counters, settled);
    }

    private static DbCommand Command(DbConnection connection, PortalDbContext db, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        return command;
    }

    private struct Person
    {
        public bool Active, OnRosterWeekAgo;
        public int District, Department, Office, Designation;
        public ServiceGroup Group;
        public int OnboardedDay, FirstCompletionDay;
        public int Completions, CompletionsWeekAgo;
        public int Minutes, MinutesWeekAgo;
        public int MandatoryDone, MandatoryDoneWeekAgo;
    }
}
