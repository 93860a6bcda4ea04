using System.Globalization;
using Portal.Web.Features.Campaigns;
using Portal.Web.Features.Dashboard;
using Portal.Web.Features.Snapshot;
using Portal.Web.Infrastructure;
using Portal.Web.Resources;

namespace Portal.Web.Features.ReviewPack;

/// <summary>Settings of the review pack (<c>ReviewPack</c> in appsettings.json).</summary>
public sealed class ReviewPackOptions
{
    /// <summary>A district whose last roster (or iGOT report) upload is older than this many days is marked stale.</summary>
    public int StaleAfterDays { get; set; } = 14;
}

/// <summary>
/// Everything the weekly review meeting reads, for one reader's scope and the dashboard's filters: the headline figures
/// with the week's change, the districts (or groupings) and departments ranked with their movement since last week, the
/// running campaigns, and how fresh each district's uploads are. The workbook and the print page are both made from it.
/// </summary>
public sealed record ReviewPackContents(
    string ScopeName,
    DashboardView View,
    IReadOnlyList<string> Heading,
    DateTimeOffset MadeAt,
    SnapshotInfo? Snapshot,
    Breakdown Places,
    Breakdown Departments,
    IReadOnlyList<TrendPoint> Trend,
    IReadOnlyList<PackCampaign> Campaigns,
    UploadFreshness Freshness)
{
    public ComplianceFigures Now => Places.Total;
    public ComplianceFigures WeekAgo => Places.TotalWeekAgo;

    /// <summary>
    /// The snapshot's figures of seven days before exist for a scope that had staff on the roster then; without them
    /// the week's change is left blank (never shown as a change from zero).
    /// </summary>
    public bool HasWeekAgo => WeekAgo.Workforce > 0;

    /// <summary>The date the week's change is measured against (the snapshot's date less seven days).</summary>
    public DateOnly? WeekAgoDate => Snapshot?.AsOfDate.AddDays(-7);
}

/// <summary>A running campaign within the reader's scope: its figures (as the campaign page counts them), or none while it is being counted.</summary>
public sealed record PackCampaign(CampaignSummary Campaign, CampaignFigures? Figures, bool Counting);

/// <summary>One committed upload: when (local time) and by whom.</summary>
public sealed record LastUpload(DateTime At, string By);

/// <summary>When a district's roster and its iGOT report were last uploaded, and whether each is stale.</summary>
public sealed record FreshnessRow(int DistrictId, string District, LastUpload? Roster, LastUpload? Progress, bool RosterStale, bool ProgressStale)
{
    public bool Stale => RosterStale || ProgressStale;
}

/// <param name="WideRoster">The latest roster upload, committed before the portal recorded which districts a file covered,
/// by someone whose scope is not limited to districts (a StateAdmin, a department's HR cell): it may cover any district,
/// so it makes none of them fresh, but the meeting should know of it. Null when there is none.</param>
public sealed record UploadFreshness(int StaleAfterDays, DateOnly Today, IReadOnlyList<FreshnessRow> Districts, LastUpload? WideRoster, LastUpload? WideProgress)
{
    /// <summary>Whole days from an upload to today; a district that never uploaded is stale.</summary>
    public int? DaysSince(LastUpload? upload) => upload is null ? null : Today.DayNumber - DateOnly.FromDateTime(upload.At).DayNumber;

    public bool IsStale(LastUpload? upload) => DaysSince(upload) is not { } days || days > StaleAfterDays;

    /// <summary>"12 days ago — stale", "today", "Never uploaded — stale": what the sheet and the page say, in the reader's language.</summary>
    public string Describe(LastUpload? upload)
    {
        var L = SharedText.L;
        if (DaysSince(upload) is not { } days) return L["Never uploaded — stale"];
        string ago = days switch { <= 0 => L["today"], 1 => L["1 day ago"], _ => L["{0} days ago", IndianFormat.Number(days)] };
        return days > StaleAfterDays ? L["{0} — stale", ago] : ago;
    }

    /// <summary>An upload not tied to districts: when (IST) and by whom, or "none", in the reader's language.</summary>
    public static string Wide(LastUpload? upload) => upload is null ? SharedText.L["none"]
        : SharedText.L["{0} by {1}", upload.At.ToString(IndianTime.DateTimeFormat, CultureInfo.InvariantCulture), upload.By];
}

/// <summary>What a written pack holds: its sheets in order and the data rows of each.</summary>
public sealed record ReviewPackResult(IReadOnlyList<(string Sheet, int Rows)> Sheets)
{
    public int TotalRows => Sheets.Sum(s => s.Rows);
}
