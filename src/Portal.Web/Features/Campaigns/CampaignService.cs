using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Portal.Web.Data;
using Portal.Web.Resources;
using Portal.Web.Features.Snapshot;
using Portal.Web.Features.Access;

namespace Portal.Web.Features.Campaigns;

public enum CampaignBy { District, Department }

public sealed record CampaignSummary(int Id, string Name, CampaignMetric Metric, string ScopeDescription,
    DateOnly WindowStart, DateOnly WindowEnd, DateOnly Deadline, decimal TargetPercent);

public sealed record CampaignRow(int Id, string Name, CampaignFigures Figures);

public sealed record CampaignProgress(CampaignSummary Campaign, string Description, DateOnly Today, DateOnly AsOf, bool Ended,
    int DaysLeft, CampaignBy By, CampaignFigures Total, IReadOnlyList<CampaignRow> Rows)
{
    /// <summary>"12 days left", "due today", or "ended 31-01-2025".</summary>
    public string DaysLeftText => Ended ? $"ended {Campaign.Deadline:dd-MM-yyyy}" : DaysLeft == 0 ? "due today" : DaysLeft == 1 ? "1 day left" : $"{DaysLeft} days left";

    /// <summary>
    /// The campaign is new or changed and too large to count on the spot: the next compliance snapshot (asked for)
    /// counts it, and until then there are no figures (<see cref="Rows"/> is empty).
    /// </summary>
    public bool Counting { get; init; }
}

public sealed record CampaignChoice(int Id, string Label);

public sealed record CampaignChoices(IReadOnlyList<CampaignChoice> Courses, IReadOnlyList<CampaignChoice> Groupings,
    IReadOnlyList<CampaignChoice> Districts, IReadOnlyList<CampaignChoice> Departments);

/// <summary>A problem that stops a campaign from being saved; <see cref="Field"/> names the form field.</summary>
public sealed record CampaignProblem(string Field, string Message);

/// <summary>What the campaign form edits (dates as DateTime? for the date pickers, the threshold in hours).</summary>
public sealed class CampaignEdit
{
    public int? Id { get; set; }
    public string Name { get; set; } = "";
    public CampaignMetric Metric { get; set; } = CampaignMetric.Onboarding;
    public int? CourseId { get; set; }
    public decimal? ThresholdHours { get; set; }
    public DateTime? WindowStart { get; set; }
    public DateTime? WindowEnd { get; set; }
    public DateTime? Deadline { get; set; }
    public decimal? TargetPercent { get; set; } = 100;
    public int? ScopeGroupingId { get; set; }
    public int? ScopeDistrictId { get; set; }
    public int? ScopeDepartmentId { get; set; }

    /// <summary>The rules a campaign must meet; the form shows them and the service enforces them.</summary>
    public IReadOnlyList<CampaignProblem> Validate()
    {
        var problems = new List<CampaignProblem>();
        if (string.IsNullOrWhiteSpace(Name)) problems.Add(new(nameof(Name), "Name is required."));
        else if (Name.Trim().Length > 200) problems.Add(new(nameof(Name), "Name is at most 200 characters."));
        if (!Enum.IsDefined(Metric)) problems.Add(new(nameof(Metric), "Choose a metric."));
        if (WindowStart is null) problems.Add(new(nameof(WindowStart), "Window start is required."));
        if (WindowEnd is null) problems.Add(new(nameof(WindowEnd), "Window end is required."));
        if (Deadline is null) problems.Add(new(nameof(Deadline), "Deadline is required."));
        if (WindowStart is { } s && WindowEnd is { } e && s.Date > e.Date)
            problems.Add(new(nameof(WindowEnd), "Window end must be on or after the window start."));
        if (WindowStart is { } s2 && Deadline is { } d && d.Date < s2.Date)
            problems.Add(new(nameof(Deadline), "Deadline must be on or after the window start."));
        if (TargetPercent is not { } t || t < 1 || t > 100)
            problems.Add(new(nameof(TargetPercent), "Target must be between 1 and 100 percent."));
        if (Metric == CampaignMetric.CourseCompletion && CourseId is null)
            problems.Add(new(nameof(CourseId), "Choose the course to complete."));
        if (Metric == CampaignMetric.LearningHours && (ThresholdHours is not { } h || h <= 0))
            problems.Add(new(nameof(ThresholdHours), "Learning hours per employee must be more than 0."));
        else if (Metric == CampaignMetric.LearningHours && ThresholdHours > 10_000)
            problems.Add(new(nameof(ThresholdHours), "Learning hours per employee must be at most 10,000."));
        return problems;
    }
}

/// <summary>
/// Campaigns: StateAdmins define them (checked here, not only on the pages); every reader sees a campaign's progress within
/// its own data scope. The metrics are defined once, in <see cref="CampaignMetrics"/>; the pace and projection in
/// <see cref="CampaignFigures"/>.
/// </summary>
public sealed class CampaignService(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock, CampaignCache cache, ComplianceRefresher? refresher = null)
{
    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    public async Task<IReadOnlyList<CampaignSummary>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(DataScope.WholeState, ct);
        var campaigns = await db.Campaigns.AsNoTracking().OrderBy(c => c.Deadline).ThenBy(c => c.Name).ToListAsync(ct);
        var labels = await ScopeLabelsAsync(db, ct);
        return campaigns.Select(c => Summary(c, labels)).ToList();
    }

    /// <summary>
    /// A campaign's progress by district or department, within the intersection of its scope and <paramref name="scope"/>,
    /// the reader's data scope; null if there is no such campaign. Rows are sorted worst first: by status, then rate.
    /// </summary>
    public async Task<CampaignProgress?> GetProgressAsync(DataScope scope, int campaignId, CampaignBy by, CancellationToken ct = default)
    {
        Campaign? campaign;
        string? courseName;
        (Dictionary<int, (string Name, string Kind)> Groupings, Dictionary<int, string> Districts, Dictionary<int, string> Departments) labels;
        await using (var names = await dbFactory.CreateDbContextAsync(DataScope.WholeState, ct))
        {
            // Campaign definitions and place names are not staff data: every reader may read them.
            campaign = await names.Campaigns.AsNoTracking().SingleOrDefaultAsync(c => c.Id == campaignId, ct);
            if (campaign is null) return null;
            courseName = campaign.CourseId is { } courseId ? await names.Courses.Where(c => c.Id == courseId).Select(c => c.Name).SingleOrDefaultAsync(ct) : null;
            labels = await ScopeLabelsAsync(names, ct);
        }

        var today = Today;
        var ended = today > campaign.Deadline;
        var (cells, asOf, counting) = await CellsAsync(scope, campaign, today, ct);

        CampaignFigures Figures(IEnumerable<CampaignCell> group)
        {
            int workforce = 0, now = 0, then = 0;
            foreach (var c in group) { workforce += c.Workforce; now += c.ReachedNow; then += c.ReachedBefore; }
            return new CampaignFigures(workforce, now, then, campaign.TargetPercent, asOf, campaign.WindowStart, campaign.Deadline, ended);
        }

        var names2 = by == CampaignBy.District ? labels.Districts : labels.Departments;
        var rows = cells.GroupBy(c => by == CampaignBy.District ? c.DistrictId : c.DepartmentId)
            .Select(g => new CampaignRow(g.Key, names2.GetValueOrDefault(g.Key, "?"), Figures(g)))
            .OrderBy(r => r.Figures.Status).ThenBy(r => r.Figures.Rate ?? double.MaxValue).ThenBy(r => r.Name, StringComparer.Ordinal)
            .ToList();
        return new CampaignProgress(Summary(campaign, labels), CampaignMetrics.Describe(campaign, courseName), today, asOf, ended,
            Math.Max(0, campaign.Deadline.DayNumber - today.DayNumber), by, Figures(cells), rows) { Counting = counting };
    }

    /// <summary>
    /// The most staff a campaign is counted for on the spot (a second or two); a larger one, e.g. a state-wide campaign
    /// seen by the state's review cell, waits for the background snapshot rather than hold the page for a minute.
    /// </summary>
    public int LiveCountLimit { get; init; } = 5_00_000;

    /// <summary>
    /// The per district × department counts and the day they are of: from the compliance snapshot when it counted
    /// this campaign as it is defined now (instant at state scale); otherwise counted live over the reader's scope
    /// (remembered per campaign, day, scope and data version) while a new snapshot is asked for, unless it has more than
    /// <see cref="LiveCountLimit"/> staff and a snapshot is on its way (then: counting, no figures yet).
    /// </summary>
    private async Task<(List<CampaignCell> Cells, DateOnly AsOf, bool Counting)> CellsAsync(DataScope scope, Campaign c, DateOnly today, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(scope, ct);
        var snapshot = await db.ComplianceSnapshots.AsNoTracking().OrderByDescending(s => s.Id)
            .Select(s => new { s.Id, s.AsOfDate }).FirstOrDefaultAsync(ct);
        var definition = CampaignCounter.DefinitionKey(c);
        if (snapshot is not null && snapshot.AsOfDate <= today
            && await db.SnapshotCampaigns.AnyAsync(s => s.SnapshotId == snapshot.Id && s.CampaignId == c.Id && s.Definition == definition, ct))
        {
            var counted = await db.CampaignCounts.AsNoTracking().Where(x => x.CampaignId == c.Id)
                .Select(x => new CampaignCell(x.DistrictId, x.DepartmentId, x.Workforce, x.ReachedNow, x.ReachedBefore)).ToListAsync(ct);
            return (counted, CampaignCounter.MeasuredOn(c, snapshot.AsOfDate), false);
        }

        var asOf = CampaignCounter.MeasuredOn(c, today);
        if (refresher is not null)
        {
            refresher.Request($"campaign \"{c.Name}\" not counted yet");
            if (await CampaignMetrics.StaffAsync(db, c, ct) > LiveCountLimit) return ([], asOf, true);
        }
        // New uploads and snapshot rebuilds change the version, so figures never outlive the data they count.
        var version = $"{snapshot?.Id}."
            + $"{await db.ImportBatches.AcrossScopes().Where(b => b.Outcome == ImportOutcome.Committed).MaxAsync(b => b.FinishedAt, ct):O}";
        var key = string.Join("|", CampaignCounter.DefinitionKey(c), c.Id, asOf, scope, version);
        var cells = await cache.GetOrAddAsync(key, clock.GetUtcNow(), async () =>
        {
            await using var count = await dbFactory.CreateDbContextAsync(scope, ct);
            return await CampaignMetrics.CountAsync(count, c, asOf, ct);
        });
        return (cells, asOf, false);
    }

    public async Task<CampaignChoices> GetChoicesAsync(SignedInUser actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(DataScope.WholeState, ct);
        await db.RequireStateAdminAsync(actor, OnlyStateAdmins, ct);
        var courses = await db.Courses.OrderBy(c => c.Name).Select(c => new CampaignChoice(c.Id, c.IsMandatory ? c.Name + " (mandatory)" : c.Name)).ToListAsync(ct);
        var groupings = await db.DistrictGroupings.OrderBy(g => g.Kind).ThenBy(g => g.Name).Select(g => new CampaignChoice(g.Id, DistrictGrouping.LabelOf(g.Name, g.Kind))).ToListAsync(ct);
        var districts = await db.Districts.OrderBy(d => d.Name).Select(d => new CampaignChoice(d.Id, d.Name)).ToListAsync(ct);
        var departments = await db.Departments.OrderBy(d => d.Name).Select(d => new CampaignChoice(d.Id, d.Name)).ToListAsync(ct);
        return new CampaignChoices(courses, groupings, districts, departments);
    }

    public async Task<CampaignEdit?> GetEditAsync(SignedInUser actor, int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(DataScope.WholeState, ct);
        await db.RequireStateAdminAsync(actor, OnlyStateAdmins, ct);
        var c = await db.Campaigns.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
        return c is null ? null : new CampaignEdit
        {
            Id = c.Id, Name = c.Name, Metric = c.Metric, CourseId = c.CourseId,
            ThresholdHours = c.ThresholdMinutes is { } m ? m / 60m : null,
            WindowStart = c.WindowStart.ToDateTime(TimeOnly.MinValue), WindowEnd = c.WindowEnd.ToDateTime(TimeOnly.MinValue),
            Deadline = c.Deadline.ToDateTime(TimeOnly.MinValue), TargetPercent = c.TargetPercent,
            ScopeGroupingId = c.ScopeGroupingId, ScopeDistrictId = c.ScopeDistrictId, ScopeDepartmentId = c.ScopeDepartmentId,
        };
    }

    /// <summary>Creates or updates a campaign. Returns the problems that stopped it (nothing saved) and the campaign's id.</summary>
    public async Task<(IReadOnlyList<CampaignProblem> Problems, int? Id)> SaveAsync(SignedInUser actor, CampaignEdit edit, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(DataScope.WholeState, ct);
        await db.RequireStateAdminAsync(actor, OnlyStateAdmins, ct);
        var problems = edit.Validate().ToList();
        if (edit.Metric == CampaignMetric.CourseCompletion && edit.CourseId is { } courseId && !await db.Courses.AnyAsync(c => c.Id == courseId, ct))
            problems.Add(new(nameof(edit.CourseId), "That course no longer exists."));
        if (edit.ScopeGroupingId is { } g && !await db.DistrictGroupings.AnyAsync(x => x.Id == g, ct))
            problems.Add(new(nameof(edit.ScopeGroupingId), "That grouping no longer exists."));
        if (edit.ScopeDistrictId is { } d && !await db.Districts.AnyAsync(x => x.Id == d, ct))
            problems.Add(new(nameof(edit.ScopeDistrictId), "That district no longer exists."));
        if (edit.ScopeDepartmentId is { } p && !await db.Departments.AnyAsync(x => x.Id == p, ct))
            problems.Add(new(nameof(edit.ScopeDepartmentId), "That department no longer exists."));
        if (edit.ScopeGroupingId is { } sg && edit.ScopeDistrictId is { } sd && problems.Count == 0
            && !await db.DistrictGroupings.AnyAsync(x => x.Id == sg && x.Districts.Any(m => m.Id == sd), ct))
            problems.Add(new(nameof(edit.ScopeDistrictId), "That district is not in the chosen division, range or zone: the campaign would have nobody in scope."));
        var name = edit.Name.Trim();
        if (problems.Count == 0 && await db.Campaigns.AnyAsync(c => c.Name == name && c.Id != (edit.Id ?? 0), ct))
            problems.Add(new(nameof(edit.Name), "Another campaign has this name."));

        Campaign? campaign = null;
        if (edit.Id is { } id && (campaign = await db.Campaigns.SingleOrDefaultAsync(c => c.Id == id, ct)) is null)
            problems.Add(new("", "This campaign no longer exists."));
        if (problems.Count > 0) return (problems, edit.Id);

        var now = clock.GetUtcNow().UtcDateTime;
        if (campaign is null)
        {
            campaign = new Campaign { Name = name, CreatedBy = actor.LoginName, CreatedAt = now };
            db.Campaigns.Add(campaign);
        }
        campaign.Name = name;
        campaign.Metric = edit.Metric;
        campaign.CourseId = edit.Metric == CampaignMetric.CourseCompletion ? edit.CourseId : null;
        campaign.ThresholdMinutes = edit.Metric == CampaignMetric.LearningHours ? (int)Math.Round(edit.ThresholdHours!.Value * 60m, MidpointRounding.AwayFromZero) : null;
        campaign.WindowStart = DateOnly.FromDateTime(edit.WindowStart!.Value);
        campaign.WindowEnd = DateOnly.FromDateTime(edit.WindowEnd!.Value);
        campaign.Deadline = DateOnly.FromDateTime(edit.Deadline!.Value);
        campaign.TargetPercent = edit.TargetPercent!.Value;
        campaign.ScopeGroupingId = edit.ScopeGroupingId;
        campaign.ScopeDistrictId = edit.ScopeDistrictId;
        campaign.ScopeDepartmentId = edit.ScopeDepartmentId;
        db.AuditEntries.Add(Audit(now, actor, edit.Id is null ? AuditActions.CampaignCreated : AuditActions.CampaignChanged, name));
        await db.SaveChangesAsync(ct);
        return ([], campaign.Id);
    }

    /// <summary>Deletes a campaign; false if there was none.</summary>
    public async Task<bool> DeleteAsync(SignedInUser? actor, int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(DataScope.WholeState, ct);
        await db.RequireStateAdminAsync(actor, OnlyStateAdmins, ct);
        var campaign = await db.Campaigns.SingleOrDefaultAsync(c => c.Id == id, ct);
        if (campaign is null) return false;
        db.Campaigns.Remove(campaign);
        db.AuditEntries.Add(Audit(clock.GetUtcNow().UtcDateTime, actor, AuditActions.CampaignDeleted, campaign.Name));
        await db.SaveChangesAsync(ct);
        return true;
    }

    private static AuditEntry Audit(DateTime at, SignedInUser actor, string action, string details) =>
        AuditLog.Entry(at, actor.LoginName, action, details);

    private const string OnlyStateAdmins = "Only a StateAdmin creates, changes or deletes campaigns.";

    private static async Task<(Dictionary<int, (string Name, string Kind)> Groupings, Dictionary<int, string> Districts, Dictionary<int, string> Departments)> ScopeLabelsAsync(
        PortalDbContext db, CancellationToken ct) =>
        (await db.DistrictGroupings.Select(g => new { g.Id, g.Name, g.Kind }).ToDictionaryAsync(g => g.Id, g => (g.Name, g.Kind), ct),
         await db.Districts.ToDictionaryAsync(d => d.Id, d => d.Name, ct),
         await db.Departments.ToDictionaryAsync(d => d.Id, d => d.Name, ct));

    private static CampaignSummary Summary(Campaign c, (Dictionary<int, (string Name, string Kind)> Groupings, Dictionary<int, string> Districts, Dictionary<int, string> Departments) labels)
    {
        // The campaign's scope in the reader's language (names as entered).
        var L = SharedText.L;
        var parts = new List<string>();
        if (c.ScopeGroupingId is { } g) parts.Add(labels.Groupings.TryGetValue(g, out var grouping) ? DistrictGrouping.LabelOf(grouping.Name, grouping.Kind, L) : "?");
        if (c.ScopeDistrictId is { } d) parts.Add(L["{0} district", labels.Districts.GetValueOrDefault(d, "?")]);
        if (c.ScopeDepartmentId is { } p) parts.Add(labels.Departments.GetValueOrDefault(p, "?"));
        return new CampaignSummary(c.Id, c.Name, c.Metric, parts.Count == 0 ? L["Whole state"] : string.Join(" · ", parts),
            c.WindowStart, c.WindowEnd, c.Deadline, c.TargetPercent);
    }
}

/// <summary>
/// Remembers live-counted campaign cells (for a campaign the latest snapshot has not counted yet), keyed by everything the
/// counts depend on (campaign definition, day, reader scope, latest snapshot and committed import), so that pages, their
/// switches and exports read one computation.
/// </summary>
public sealed class CampaignCache
{
    /// <summary>A safety net: the key already changes with the day, the campaign and every committed import.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);
    private const int MaxEntries = 256;
    private readonly ConcurrentDictionary<string, (DateTimeOffset At, Lazy<Task<List<CampaignCell>>> Cells)> _entries = new();

    public async Task<List<CampaignCell>> GetOrAddAsync(string key, DateTimeOffset now, Func<Task<List<CampaignCell>>> compute)
    {
        if (_entries.TryGetValue(key, out var hit) && now - hit.At < Lifetime)
        {
            try { return await hit.Cells.Value; }
            catch { _entries.TryRemove(new KeyValuePair<string, (DateTimeOffset, Lazy<Task<List<CampaignCell>>>)>(key, hit)); throw; }
        }
        if (_entries.Count >= MaxEntries)
            foreach (var old in _entries.Where(e => now - e.Value.At >= Lifetime).Select(e => e.Key).ToList()) _entries.TryRemove(old, out _);
        if (_entries.Count >= MaxEntries) _entries.Clear();
        var entry = (now, new Lazy<Task<List<CampaignCell>>>(compute));
        var stored = _entries.AddOrUpdate(key, entry, (_, existing) => now - existing.At < Lifetime ? existing : entry);
        try { return await stored.Item2.Value; }
        catch
        {
            _entries.TryRemove(new KeyValuePair<string, (DateTimeOffset, Lazy<Task<List<CampaignCell>>>)>(key, stored));
            throw;
        }
    }
}
