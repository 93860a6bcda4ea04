using Microsoft.EntityFrameworkCore;
using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Features.Campaigns;
using Portal.Web.Features.Dashboard;
using Portal.Web.Infrastructure;
using Portal.Web.Resources;

namespace Portal.Web.Features.ReviewPack;

/// <summary>
/// Builds the weekly review pack for a data scope and a dashboard view's filters, from the same services as the pages
/// (<see cref="BreakdownService"/> for the figures and ranks, <see cref="CampaignService"/> for the campaigns, whose
/// metrics are defined once in the snapshot's <c>CampaignCounter</c>), and writes it as a workbook into a stream. It
/// takes the scope rather than a signed-in page, so that a scheduled sender can build it for each recipient's own scope.
/// </summary>
public sealed class ReviewPackService(IDbContextFactory<PortalDbContext> dbFactory, BreakdownService breakdowns, DashboardService dashboard,
    CampaignService campaigns, AccessService access, StateOptions state, ReviewPackOptions options, TimeProvider clock)
{
    /// <summary>What the pack's scope is called: the state's name for a StateAdmin, else the user's scope in words.</summary>
    public string ScopeNameOf(SignedInUser user) => user.IsStateAdmin ? state.Name : user.ScopeDescription;

    /// <summary>
    /// The part of a dashboard view the pack follows: its filters (department, designation, group) and its breakdown
    /// (districts, or one kind of grouping). The drill-down path is not a filter of the pack: a meeting ranks the whole scope.
    /// </summary>
    public static DashboardView PackView(DashboardView view) => new()
    {
        By = view.By == BreakdownKind.Grouping && view.GroupingKind is not null ? BreakdownKind.Grouping : BreakdownKind.District,
        GroupingKind = view.By == BreakdownKind.Grouping ? view.GroupingKind : null,
        DepartmentId = view.DistrictId is null ? view.DepartmentId : null,
        DesignationId = view.DesignationId,
        Group = view.Group,
    };

    /// <summary>The pack of a signed-in user's own scope.</summary>
    public Task<ReviewPackContents?> BuildAsync(SignedInUser reader, DashboardView view, CancellationToken ct = default) =>
        BuildAsync(reader.Scope, ScopeNameOf(reader), view, reader.DisplayName, ct);

    /// <summary>The pack for <paramref name="scope"/>; null when a filter of the view is not in the scope (or does not exist).</summary>
    public async Task<ReviewPackContents?> BuildAsync(DataScope scope, string scopeName, DashboardView view, string? madeFor, CancellationToken ct = default)
    {
        var pack = PackView(view);
        var places = await breakdowns.GetAsync(scope, pack, ct);
        if (places is null) return null;
        var departments = (await breakdowns.GetAsync(scope, pack with { By = BreakdownKind.Department, GroupingKind = null }, ct))!;
        var trend = await dashboard.GetTrendAsync(scope, pack, ct);
        var filterOptions = await dashboard.GetFilterOptionsAsync(scope, ct);
        var now = clock.GetLocalNow();
        // In the language of whoever asked for the pack (the page's reader, a subscriber's in a mail, English in the command line).
        var heading = new List<string> { SharedText.L["Weekly review pack: {0}", scopeName] };
        heading.AddRange(pack.ExportHeading(scopeName, [], filterOptions, places.Snapshot, madeFor, now).Skip(1));
        heading.Insert(1, SharedText.L["Ranked by {0}", SharedText.L[places.RowLabel].Value.ToLowerInvariant()]);

        return new ReviewPackContents(scopeName, pack, heading, now, places.Snapshot, places, departments, trend,
            await CampaignsAsync(scope, pack, ct), await FreshnessAsync(scope, pack, ct));
    }

    /// <summary>Writes the pack of <paramref name="reader"/>'s own scope into <paramref name="output"/> (which stays open); null as <see cref="BuildAsync(DataScope, string, DashboardView, string?, CancellationToken)"/>.</summary>
    public Task<ReviewPackResult?> WriteAsync(SignedInUser reader, DashboardView view, Stream output, CancellationToken ct = default) =>
        WriteAsync(reader.Scope, ScopeNameOf(reader), view, reader.DisplayName, output, ct);

    public async Task<ReviewPackResult?> WriteAsync(DataScope scope, string scopeName, DashboardView view, string? madeFor, Stream output, CancellationToken ct = default)
    {
        var contents = await BuildAsync(scope, scopeName, view, madeFor, ct);
        return contents is null ? null : ReviewPackWorkbook.Write(contents, output);
    }

    /// <summary>
    /// What an export of the pack says in the audit log: in English whatever the reader's language, as the whole audit
    /// trail is (the pack's heading is the reader's), with the view as its URL gives it. The pack is of the exporter's
    /// own scope, which the entry names anyway (<see cref="SignedInUser.AuditScope"/>).
    /// </summary>
    public static string ExportWhat(ReviewPackContents pack)
    {
        var parts = new List<string>();
        if (pack.View.ToQuery() is { Length: > 0 } view) parts.Add("view " + view);
        if (pack.Snapshot is { } snapshot) parts.Add($"figures as of {IndianTime.DateAndTime(snapshot.ComputedAt)}");
        return parts.Count == 0 ? "review pack" : $"review pack ({string.Join("; ", parts)})";
    }

    /// <summary>
    /// The campaigns running today (window open, deadline not passed) that have staff in the scope, with the figures the
    /// campaign page shows; with a department filter, that department's row of the campaign.
    /// </summary>
    private async Task<IReadOnlyList<PackCampaign>> CampaignsAsync(DataScope scope, DashboardView pack, CancellationToken ct)
    {
        var today = campaigns.Today;
        var list = new List<PackCampaign>();
        foreach (var c in await campaigns.ListAsync(ct))
        {
            if (c.WindowStart > today || c.Deadline < today) continue;
            var progress = await campaigns.GetProgressAsync(scope, c.Id, CampaignBy.Department, ct);
            if (progress is null) continue;
            if (progress.Counting)
            {
                list.Add(new PackCampaign(c, null, true));
                continue;
            }
            var figures = pack.DepartmentId is { } department
                ? progress.Rows.FirstOrDefault(r => r.Id == department)?.Figures
                : progress.Total;
            if (figures is null || figures.Workforce == 0) continue;
            list.Add(new PackCampaign(c, figures, false));
        }
        return list;
    }

    /// <summary>
    /// Per district of the scope, the latest committed roster and iGOT report uploads that covered it: whose file held
    /// staff of that district (a roster's accepted rows, an iGOT report's rows matched to the roster), whoever uploaded it,
    /// as recorded at commit (<see cref="ImportBatchCoverage"/>). Coverage is read through the reader's scope, so only
    /// the reader's districts and departments count (a Police upload does not make a district fresh for Health's reader).
    /// </summary>
    private async Task<UploadFreshness> FreshnessAsync(DataScope scope, DashboardView pack, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(scope, ct);
        var districts = await db.Districts.OrderBy(d => d.Name).Select(d => new { d.Id, d.Name }).ToListAsync(ct);
        var lastByDistrict = new Dictionary<(ImportKind, int), (DateTime At, int? UserId)>();
        void Consider(ImportKind kind, int district, DateTime at, int? userId)
        {
            if (!lastByDistrict.TryGetValue((kind, district), out var seen) || seen.At < at) lastByDistrict[(kind, district)] = (at, userId);
        }

        // The scope's filters keep the reader's districts and departments; the pack's department filter narrows it further.
        var coverage = (pack.DepartmentId is { } department ? db.ImportBatchCoverage.Where(c => c.DepartmentId == department) : db.ImportBatchCoverage)
            .Where(c => c.Kind == ImportKind.Roster || c.Kind == ImportKind.Progress);
        // The latest commit per district and kind that covered it (one grouped query), joined back to its batch.
        var latest = coverage.GroupBy(c => new { c.DistrictId, c.Kind }).Select(g => new { g.Key.DistrictId, g.Key.Kind, At = g.Max(c => c.CommittedAt) });
        var covered = await (from l in latest
                             join c in coverage on new { l.DistrictId, l.Kind, l.At } equals new { c.DistrictId, c.Kind, At = c.CommittedAt }
                             select new { l.DistrictId, l.Kind, l.At, c.BatchId })
            .Distinct().ToListAsync(ct);
        // Who uploaded them, and the older batches below: anyone's batch (not the files), where the context would show a
        // reader only their own. Nothing else is read of them.
        var batches = db.ImportBatches.AcrossScopes();
        var batchIds = covered.Select(c => c.BatchId).Distinct().ToList();
        var uploaders = await batches.Where(b => batchIds.Contains(b.Id)).ToDictionaryAsync(b => b.Id, b => b.UploadedByUserId, ct);
        foreach (var c in covered) Consider(c.Kind, c.DistrictId, c.At, uploaders.GetValueOrDefault(c.BatchId));

        // Batches committed before the portal recorded coverage (CoverageRecorded false) keep the earlier rule: such an
        // upload counts for the districts its uploader's scope names (a range or district office can only upload its own
        // districts' staff) when the uploader's departments meet the reader's; an uploader whose scope is not limited to
        // districts (a StateAdmin, a department's HR cell) may have sent any district's rows, so their upload makes no
        // district fresh and is reported beside the table instead.
        var legacy = await batches
            .Where(b => b.Outcome == ImportOutcome.Committed && (b.Kind == ImportKind.Roster || b.Kind == ImportKind.Progress) && !b.CoverageRecorded && b.UploadedByUserId != null)
            .GroupBy(b => new { b.Kind, UserId = b.UploadedByUserId!.Value })
            .Select(g => new { g.Key.Kind, g.Key.UserId, At = g.Max(b => b.FinishedAt ?? b.UploadedAt) })
            .ToListAsync(ct);
        IReadOnlySet<int>? readerDepartments = pack.DepartmentId is { } d ? new HashSet<int> { d } : scope.DepartmentIds;
        var inScope = districts.Select(x => x.Id).ToHashSet();
        var wide = new Dictionary<ImportKind, (DateTime At, int UserId)>();
        foreach (var upload in legacy)
        {
            var uploaderScope = await access.GetScopeOfAsync(upload.UserId, ct);
            if (uploaderScope is null || uploaderScope.IsEmpty) continue;
            if (readerDepartments is not null && uploaderScope.DepartmentIds is not null && !readerDepartments.Overlaps(uploaderScope.DepartmentIds)) continue;
            if (uploaderScope.DistrictIds is null)
            {
                if (!wide.TryGetValue(upload.Kind, out var w) || w.At < upload.At) wide[upload.Kind] = (upload.At, upload.UserId);
                continue;
            }
            foreach (var district in uploaderScope.DistrictIds.Where(inScope.Contains)) Consider(upload.Kind, district, upload.At, upload.UserId);
        }

        var userIds = lastByDistrict.Values.Select(l => l.UserId).Concat(wide.Values.Select(w => (int?)w.UserId)).OfType<int>().Distinct().ToList();
        var names = await db.Users.Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        LastUpload Last(DateTime at, int? userId) =>
            new(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(at, DateTimeKind.Utc), clock.LocalTimeZone),
                userId is { } id && names.TryGetValue(id, out var name) ? name : "a former user");
        var byDistrict = lastByDistrict.ToDictionary(x => x.Key, x => Last(x.Value.At, x.Value.UserId));
        LastUpload? Wide(ImportKind kind) => wide.TryGetValue(kind, out var w) ? Last(w.At, w.UserId) : null;

        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var freshness = new UploadFreshness(options.StaleAfterDays, today, [], Wide(ImportKind.Roster), Wide(ImportKind.Progress));
        var rows = districts.Select(x =>
        {
            var roster = byDistrict.GetValueOrDefault((ImportKind.Roster, x.Id));
            var progress = byDistrict.GetValueOrDefault((ImportKind.Progress, x.Id));
            return new FreshnessRow(x.Id, x.Name, roster, progress, freshness.IsStale(roster), freshness.IsStale(progress));
        })
            // Stale first, the longest silent first: the meeting's question is who has stopped uploading.
            .OrderByDescending(r => r.Stale)
            .ThenBy(r => Oldest(r))
            .ThenBy(r => r.District, StringComparer.Ordinal)
            .ToList();
        return freshness with { Districts = rows };
    }

    private static DateTime Oldest(FreshnessRow row) =>
        new[] { row.Roster?.At ?? DateTime.MinValue, row.Progress?.At ?? DateTime.MinValue }.Min();
}
