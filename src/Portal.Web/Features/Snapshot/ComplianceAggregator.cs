using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Portal.Web.Data;
using Portal.Web.Data.Providers;

namespace Portal.Web.Features.Snapshot;

/// <summary>
/// Computes the compliance snapshot: <see cref="ComplianceCell"/>s, <see cref="ComplianceWeek"/>s and the campaigns'
/// <see cref="CampaignCount"/>s from the employees and their completed enrolments, replaced in one transaction (readers
/// see the old snapshot or the new one). Either for the whole state (<see cref="RebuildAsync"/>: one pass over each
/// table), or for the districts marked changed since the last snapshot (<see cref="RefreshAsync"/>: their employees and
/// completions only; every figure is a sum of cells, so the state's figures follow). The metric definitions:
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

    /// <summary>Days after its deadline that a campaign is still recounted (late uploads may still change it); after that its counts are kept.</summary>
    public const int SettledAfterDays = 30;

    /// <summary>
    /// Above this share of the state's districts changed, one pass over the whole state is cheaper than looking up
    /// each district's rows.
    /// </summary>
    public const double PartialUpTo = 0.25;

    private static readonly SemaphoreSlim Running = new(1, 1);

    private DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    /// <summary>Recounts the whole state (the command line's `snapshot`, the first start).</summary>
    public async Task<ComplianceSnapshot> RebuildAsync(string reason, DateOnly? asOf = null, CancellationToken ct = default)
    {
        await Running.WaitAsync(ct);
        try
        {
            await using var db = await dbFactory.CreateUnscopedDbContextAsync(ct);
            var marks = await db.SnapshotDirtyDistricts.AsNoTracking().Select(m => m.Id).ToListAsync(ct);
            return await CountAsync(db, reason, asOf ?? Today, districts: null, marks, ct);
        }
        finally { Running.Release(); }
    }

    /// <summary>
    /// Brings the snapshot up to date as cheaply as is right: when the latest snapshot is of this day and holds every
    /// campaign as it is defined now, only the districts marked changed since (<see cref="ChangedDistricts"/>) are
    /// recounted; otherwise (a new day, a campaign created or changed, no snapshot yet, most districts changed) the
    /// whole state. With nothing marked, the snapshot is recorded as current again.
    /// </summary>
    public async Task<ComplianceSnapshot> RefreshAsync(string reason, DateOnly? asOf = null, CancellationToken ct = default)
    {
        await Running.WaitAsync(ct);
        try
        {
            var day = asOf ?? Today;
            await using var db = await dbFactory.CreateUnscopedDbContextAsync(ct);
            // The marks are read before any employee: a change committed after this read keeps its mark for the next recount.
            var marks = await db.SnapshotDirtyDistricts.AsNoTracking().Select(m => new { m.Id, m.DistrictId }).ToListAsync(ct);
            var ids = marks.Select(m => m.Id).ToList();
            var latest = await db.ComplianceSnapshots.AsNoTracking().Include(s => s.Campaigns).OrderByDescending(s => s.Id).FirstOrDefaultAsync(ct);
            if (latest is null) return await CountAsync(db, reason + " (no snapshot yet)", day, null, ids, ct);
            if (latest.AsOfDate != day) return await CountAsync(db, reason + " (a new day)", day, null, ids, ct);
            var counted = latest.Campaigns.Select(c => (c.CampaignId, c.Definition)).ToHashSet();
            var campaigns = await db.Campaigns.AsNoTracking().ToListAsync(ct);
            if (!campaigns.All(c => counted.Contains((c.Id, CampaignCounter.DefinitionKey(c)))))
                return await CountAsync(db, reason + " (campaigns changed)", day, null, ids, ct);
            var districts = marks.Select(m => m.DistrictId).ToHashSet();
            if (districts.Count > PartialUpTo * await db.Districts.AcrossScopes().CountAsync(ct))
                return await CountAsync(db, reason + $" ({districts.Count} districts changed)", day, null, ids, ct);
            return await CountAsync(db, reason, day, districts, ids, ct);
        }
        finally { Running.Release(); }
    }

    /// <summary>
    /// Counts the state, or only <paramref name="districts"/>, as of <paramref name="asOf"/>, and replaces those cells,
    /// weeks and campaign counts (and consumes the marks <paramref name="marks"/>) in one transaction.
    /// </summary>
    private async Task<ComplianceSnapshot> CountAsync(PortalDbContext db, string reason, DateOnly asOf, IReadOnlySet<int>? districts, List<long> marks, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var weekAgo = asOf.AddDays(-7);
        var weekEnds = Enumerable.Range(0, TrendWeeks).Select(i => asOf.AddDays(-7 * (TrendWeeks - 1 - i))).ToArray();

        // Mandatory courses and whom they apply to.
        var mandatory = await MandatoryRules.LoadAsync(db, ct);
        var tally = districts is null ? await ReadStateAsync(db, weekAgo, ct) : await ReadDistrictsAsync(db, districts, weekAgo, ct);
        var readEmployees = watch.Elapsed.TotalSeconds;

        // Campaigns are counted in the same pass (see CampaignCounter for what each metric counts), except those
        // settled long ago, whose last counts are kept.
        var (campaigns, settled) = await CampaignCountersAsync(db, mandatory, asOf, tally.Slots - 1, ct);
        var completions = districts is null
            ? await ReadStateCompletionsAsync(db, tally, mandatory, campaigns, asOf, weekAgo, ct)
            : await ReadDistrictCompletionsAsync(db, districts, tally, mandatory, campaigns, asOf, weekAgo, ct);
        var readCompletions = watch.Elapsed.TotalSeconds;

        // Cells, weeks and campaign counts.
        var cells = new Dictionary<(int, int, int, int, ServiceGroup), ComplianceCell>();
        var campaignCounts = new Dictionary<(int Campaign, int District, int Department), CampaignCount>();
        var weeks = new Dictionary<(int, int), int[]>(); // per district+department: workforce, then onboarded and learners per week
        var people = tally.People;
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
        var snapshot = new ComplianceSnapshot
        {
            ComputedAt = clock.GetUtcNow().UtcDateTime, AsOfDate = asOf, Reason = reason.Length > 200 ? reason[..200] : reason,
            Employees = tally.Employees, Completions = completions, DistrictsRecounted = districts?.Count,
            Campaigns = campaigns.Select(c => new SnapshotCampaign { CampaignId = c.Campaign.Id, Definition = CampaignCounter.DefinitionKey(c.Campaign) })
                .Concat(settled.Select(s => new SnapshotCampaign { CampaignId = s.Key, Definition = s.Value })).ToList(),
        };
        // Replace the snapshot (all of it, or the districts') in one transaction.
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            var keep = settled.Keys.ToList();
            if (districts is null)
            {
                await db.ComplianceCells.AcrossScopes().ExecuteDeleteAsync(ct);
                await db.ComplianceWeeks.AcrossScopes().ExecuteDeleteAsync(ct);
                await db.CampaignCounts.AcrossScopes().Where(c => !keep.Contains(c.CampaignId)).ExecuteDeleteAsync(ct);
            }
            else
            {
                var recounted = districts.ToList();
                await db.ComplianceCells.AcrossScopes().Where(c => recounted.Contains(c.DistrictId)).ExecuteDeleteAsync(ct);
                await db.ComplianceWeeks.AcrossScopes().Where(c => recounted.Contains(c.DistrictId)).ExecuteDeleteAsync(ct);
                await db.CampaignCounts.AcrossScopes().Where(c => recounted.Contains(c.DistrictId) && !keep.Contains(c.CampaignId)).ExecuteDeleteAsync(ct);
            }
            await db.SnapshotDirtyDistricts.Where(m => marks.Contains(m.Id)).ExecuteDeleteAsync(ct);
            // Only the latest snapshot's campaigns are ever read.
            await db.SnapshotCampaigns.ExecuteDeleteAsync(ct);
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
            await db.SaveChangesAsync(ct);
            if (districts is not null)
            {
                // The state's totals: the recounted districts' and everyone else's, as the cells now hold them.
                snapshot.Employees = await db.ComplianceCells.AcrossScopes().SumAsync(c => c.Workforce, ct);
                snapshot.Completions = await db.ComplianceCells.AcrossScopes().SumAsync(c => c.Completions, ct);
            }
            snapshot.Seconds = watch.Elapsed.TotalSeconds;
            db.ComplianceSnapshots.Add(snapshot);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        log.LogInformation("Compliance snapshot ({Reason}): {Cells} cells and {Campaigns} campaigns of {Districts} from {Employees} employees and {Completions} completions in {Seconds:F1} s "
            + "(employees read by {EmployeesRead:F1} s, completions by {CompletionsRead:F1} s, counted by {Counted:F1} s, then written)",
            reason, cells.Count, campaigns.Count, districts is null ? "the whole state" : $"{districts.Count} districts", tally.Employees, completions,
            watch.Elapsed.TotalSeconds, readEmployees, readCompletions, counted);
        return snapshot;
    }

    /// <summary>The whole state's active employees, indexed by id, read in one pass.</summary>
    private static async Task<Tally> ReadStateAsync(PortalDbContext db, DateOnly weekAgo, CancellationToken ct)
    {
        var maxId = await db.Employees.AcrossScopes().MaxAsync(e => (int?)e.Id, ct) ?? 0;
        var tally = new Tally(new Person[maxId + 1], null);
        await db.Database.OpenConnectionAsync(ct);
        await using var read = Command(db, DatabaseDialect.For(db).SnapshotEmployeesSql);
        await using var reader = await read.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            tally.Add(new EmployeeFacts(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetInt32(3), reader.GetInt32(4),
                (ServiceGroup)reader.GetInt32(5), reader.IsDBNull(6) ? null : reader.GetFieldValue<DateOnly>(6), reader.GetDateTime(7)), weekAgo);
        return tally;
    }

    /// <summary>The active employees of some districts, each given the next slot.</summary>
    private static async Task<Tally> ReadDistrictsAsync(PortalDbContext db, IReadOnlySet<int> districts, DateOnly weekAgo, CancellationToken ct)
    {
        var staff = await EmployeesOf(db, districts).ToListAsync(ct);
        var tally = new Tally(new Person[staff.Count], new Dictionary<int, int>(staff.Count));
        foreach (var facts in staff) tally.Add(facts, weekAgo);
        return tally;
    }

    internal sealed record EmployeeFacts(int Id, int District, int Department, int? Office, int Designation, ServiceGroup Group, DateOnly? OnboardedOn, DateTime CreatedAt);

    internal sealed record CompletionFacts(int EmployeeId, int CourseId, DateOnly? CompletedOn, int LearningMinutes);

    /// <summary>The active employees of some districts (what a partial recount reads; the whole state's are read in one pass).</summary>
    internal static IQueryable<EmployeeFacts> EmployeesOf(PortalDbContext db, IReadOnlySet<int> districts)
    {
        var ids = districts.ToList();
        return db.Employees.AcrossScopes().AsNoTracking()
            .Where(e => ids.Contains(e.DistrictId) && e.Status == EmployeeStatus.Active)
            .Select(e => new EmployeeFacts(e.Id, e.DistrictId, e.DepartmentId, e.OfficeId, e.DesignationId, e.Group, e.OnboardedOn, e.CreatedAt));
    }

    /// <summary>The completed enrolments of the active employees of some districts.</summary>
    internal static IQueryable<CompletionFacts> CompletionsOf(PortalDbContext db, IReadOnlySet<int> districts)
    {
        var ids = districts.ToList();
        return from e in db.Employees.AcrossScopes()
               where ids.Contains(e.DistrictId) && e.Status == EmployeeStatus.Active
               join x in db.Enrolments.AcrossScopes() on e.Id equals x.EmployeeId
               where x.Status == EnrolmentStatus.Completed
               select new CompletionFacts(x.EmployeeId, x.CourseId, x.CompletedOn, x.LearningMinutes);
    }

    private static async Task<int> ReadStateCompletionsAsync(PortalDbContext db, Tally tally, MandatoryRules mandatory, List<CampaignCounter> campaigns,
        DateOnly asOf, DateOnly weekAgo, CancellationToken ct)
    {
        var completions = 0;
        await using var read = Command(db, DatabaseDialect.For(db).SnapshotCompletionsSql);
        await using var reader = await read.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            if (tally.AddCompletion(reader.GetInt32(0), reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetFieldValue<DateOnly>(2), reader.GetInt32(3),
                    mandatory, campaigns, asOf, weekAgo))
                completions++;
        return completions;
    }

    private static async Task<int> ReadDistrictCompletionsAsync(PortalDbContext db, IReadOnlySet<int> districts, Tally tally, MandatoryRules mandatory,
        List<CampaignCounter> campaigns, DateOnly asOf, DateOnly weekAgo, CancellationToken ct)
    {
        var completions = 0;
        await foreach (var x in CompletionsOf(db, districts).AsAsyncEnumerable().WithCancellation(ct))
            if (tally.AddCompletion(x.EmployeeId, x.CourseId, x.CompletedOn, x.LearningMinutes, mandatory, campaigns, asOf, weekAgo))
                completions++;
        return completions;
    }

    /// <summary>
    /// A counter for every campaign, measured on the snapshot's date (or its deadline if that came first); and the
    /// campaigns settled long ago whose counts, as the previous snapshot left them, are kept (id → definition),
    /// so that years of past campaigns do not make every snapshot slower and larger.
    /// </summary>
    private static async Task<(List<CampaignCounter> Counters, Dictionary<int, string> Settled)> CampaignCountersAsync(
        PortalDbContext db, MandatoryRules mandatory, DateOnly asOf, int maxSlot, CancellationToken ct)
    {
        var campaigns = await db.Campaigns.AsNoTracking().ToListAsync(ct);
        var latest = await db.ComplianceSnapshots.OrderByDescending(s => s.Id).Select(s => (int?)s.Id).FirstOrDefaultAsync(ct);
        var previous = (await db.SnapshotCampaigns.AsNoTracking().Where(s => s.SnapshotId == latest).Select(s => new { s.CampaignId, s.Definition }).ToListAsync(ct))
            .Select(s => (s.CampaignId, s.Definition)).ToHashSet();
        var settled = campaigns
            .Select(c => (c.Id, Definition: CampaignCounter.DefinitionKey(c), c.Deadline))
            .Where(c => c.Deadline.AddDays(SettledAfterDays) < asOf && previous.Contains((c.Id, c.Definition)))
            .ToDictionary(c => c.Id, c => c.Definition);
        var counted = campaigns.Where(c => !settled.ContainsKey(c.Id)).ToList();

        var groupingIds = counted.Where(c => c.ScopeGroupingId is not null).Select(c => c.ScopeGroupingId!.Value).Distinct().ToList();
        var members = await db.DistrictGroupings.AcrossScopes().Where(g => groupingIds.Contains(g.Id))
            .Select(g => new { g.Id, Districts = g.Districts.Select(d => d.Id).ToList() }).ToDictionaryAsync(g => g.Id, g => (IReadOnlySet<int>)g.Districts.ToHashSet(), ct);
        var counters = counted.Select(c => new CampaignCounter(c, CampaignCounter.MeasuredOn(c, asOf),
            c.ScopeGroupingId is { } g ? members.GetValueOrDefault(g, new HashSet<int>()) : null, mandatory, maxSlot)).ToList();
        return (counters, settled);
    }

    private static DbCommand Command(PortalDbContext db, string sql)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        return command;
    }

    /// <summary>
    /// Per-employee accumulators, one slot each: the employee's id when counting the whole state (an array as long as
    /// the largest id), the next free slot when counting some districts (the campaign counters use the same slots).
    /// </summary>
    private sealed class Tally(Person[] people, Dictionary<int, int>? slotOfId)
    {
        private int _next;
        public Person[] People => people;
        public int Slots => Math.Max(1, people.Length);
        public int Employees { get; private set; }

        public void Add(EmployeeFacts e, DateOnly weekAgo)
        {
            var slot = e.Id;
            if (slotOfId is not null) slotOfId[e.Id] = slot = _next++;
            people[slot] = new Person
            {
                Active = true, District = e.District, Department = e.Department, Office = e.Office ?? 0,
                Designation = e.Designation, Group = e.Group, OnboardedDay = e.OnboardedOn?.DayNumber ?? int.MaxValue,
                FirstCompletionDay = int.MaxValue,
                OnRosterWeekAgo = DateOnly.FromDateTime(e.CreatedAt) <= weekAgo,
            };
            Employees++;
        }

        /// <summary>Adds a completed enrolment to its employee; false when the employee is not counted (not active, not in the districts).</summary>
        public bool AddCompletion(int id, int course, DateOnly? completedOn, int minutes, MandatoryRules mandatory, List<CampaignCounter> campaigns, DateOnly asOf, DateOnly weekAgo)
        {
            int slot;
            if (slotOfId is null) { if (id >= people.Length || !people[id].Active) return false; slot = id; }
            else if (!slotOfId.TryGetValue(id, out slot)) return false;
            ref var p = ref people[slot];
            var day = completedOn?.DayNumber ?? asOf.DayNumber;
            // Campaigns place completions in windows: one without a date cannot be placed.
            if (completedOn is not null)
                foreach (var campaign in campaigns) campaign.Add(slot, p.Designation, course, day, minutes);
            var byWeekAgo = day <= weekAgo.DayNumber;
            p.Completions++;
            p.Minutes += minutes;
            if (byWeekAgo) { p.CompletionsWeekAgo++; p.MinutesWeekAgo += minutes; }
            if (day < p.FirstCompletionDay) p.FirstCompletionDay = day;
            if (mandatory.Counts(course, p.Designation))
            {
                p.MandatoryDone++;
                if (byWeekAgo) p.MandatoryDoneWeekAgo++;
            }
            return true;
        }
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
