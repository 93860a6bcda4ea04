using Portal.Web.Features.Campaigns;
using Portal.Web.Features.Dashboard;
using Portal.Web.Infrastructure;
using Portal.Web.Infrastructure.Spreadsheets;

namespace Portal.Web.Features.ReviewPack;

/// <summary>
/// Writes a review pack as an .xlsx of five sheets with the streaming writer: the headline figures with the week's
/// change (under the pack's heading), the districts (or groupings) ranked, the departments ranked, the running
/// campaigns, and upload freshness. Every table sheet has its header in row 1 and its notes below the table; figures
/// are numbers, text is inline strings (never a formula). A figure with no value a week ago is left blank and said so.
/// </summary>
public static class ReviewPackWorkbook
{
    public const string HeadlineSheet = "Headline figures";
    public const string DepartmentsSheet = "Departments";
    public const string CampaignsSheet = "Campaigns";
    public const string FreshnessSheet = "Upload freshness";

    public const string NoWeekAgoNote =
        "Blank rank or rate last week: no staff of this row were on the roster a week ago, so there is no figure to compare with.";

    public static ReviewPackResult Write(ReviewPackContents pack, Stream output)
    {
        using var workbook = new StreamingWorkbookWriter(output);
        var sheets = new List<(string, int)>
        {
            (HeadlineSheet, HeadlineSheetRows(workbook, pack)),
        };
        var placesSheet = BreakdownTable.Plural(pack.Places);
        sheets.Add((placesSheet, Ranked(workbook, placesSheet, pack.Places, markBottomTen: true)));
        sheets.Add((DepartmentsSheet, Ranked(workbook, DepartmentsSheet, pack.Departments, markBottomTen: true)));
        sheets.Add((CampaignsSheet, Campaigns(workbook, pack)));
        sheets.Add((FreshnessSheet, Freshness(workbook, pack.Freshness)));
        workbook.Complete();
        return new ReviewPackResult(sheets);
    }

    /// <summary>One headline figure: now, a week ago, and how a change is written (a count, or percentage points of a rate).</summary>
    public sealed record Headline(string Figure, double? Now, double? WeekAgo, ColumnKind Kind)
    {
        public double? Change => Now is { } n && WeekAgo is { } w ? n - w : null;
    }

    /// <summary>The cards of the dashboard, in its order and words.</summary>
    public static IReadOnlyList<Headline> Headlines(ReviewPackContents pack)
    {
        ComplianceFigures now = pack.Now, before = pack.WeekAgo;
        var has = pack.HasWeekAgo;
        double? Then(double? value) => has ? value : null;
        return
        [
            new("Workforce", now.Workforce, Then(before.Workforce), ColumnKind.Number),
            new("Onboarded on iGOT", now.Onboarded, Then(before.Onboarded), ColumnKind.Number),
            new("Onboarding rate", now.OnboardingRate, Then(before.OnboardingRate), ColumnKind.Percent),
            new("Employees with a completion", now.EmployeesWithCompletion, Then(before.EmployeesWithCompletion), ColumnKind.Number),
            new("Completion rate", now.CompletionRate, Then(before.CompletionRate), ColumnKind.Percent),
            new("Course completions", now.Completions, Then(before.Completions), ColumnKind.Number),
            new("Learning hours", Math.Round(now.LearningHours), Then(Math.Round(before.LearningHours)), ColumnKind.Hours),
            new("Mandatory compliance", now.MandatoryRate, Then(before.MandatoryRate), ColumnKind.Percent),
        ];
    }

    private static int HeadlineSheetRows(StreamingWorkbookWriter workbook, ReviewPackContents pack)
    {
        var sheet = workbook.AddSheet(HeadlineSheet, [new(1, 1, 34), new(2, 4, 18)], frozenRows: 0);
        var first = true;
        foreach (var line in pack.Heading)
        {
            sheet.NextRow().Text(0, line, first ? SheetStyles.Title : SheetStyles.Normal);
            first = false;
        }
        sheet.SkipRows(1);
        if (pack.Snapshot is null)
        {
            sheet.NextRow().Text(0, "The figures have not been counted yet. Make the pack again in a few minutes.", SheetStyles.BoldDarkRed);
            return 0;
        }
        var weekAgo = pack.WeekAgoDate is { } d ? $"A week ago ({d:dd-MM-yyyy})" : "A week ago";
        sheet.NextRow().Text(0, "Figure", SheetStyles.Bold).Text(1, "Now", SheetStyles.Bold).Text(2, weekAgo, SheetStyles.Bold).Text(3, "Change in 7 days", SheetStyles.Bold);
        var rows = 0;
        foreach (var h in Headlines(pack))
        {
            sheet.NextRow().Text(0, h.Figure);
            StreamingTable.Cell(sheet, 1, h.Kind, h.Now);
            if (h.WeekAgo is not null) StreamingTable.Cell(sheet, 2, h.Kind, h.WeekAgo);
            // A rate's change is in percentage points: 0.012 shown as 1.2%.
            if (h.Change is { } change) StreamingTable.Cell(sheet, 3, h.Kind, change);
            rows++;
        }
        sheet.SkipRows(1);
        sheet.NextRow().Text(0, pack.HasWeekAgo
            ? "Rates are shares of the workforce. A rate's change is in percentage points. The workforce a week ago counts today's active staff who were already on the roster then (the roster keeps no history)."
            : "There is no figure for a week ago: nobody in this scope was on the roster then. The week's change is left blank.");
        return rows;
    }

    /// <summary>
    /// The pack's columns of a ranked table: the rank now and last week (blank when the row had no staff a week ago),
    /// then the dashboard table's own columns (<see cref="BreakdownTable.Columns"/>), then the rate last week and the
    /// bottom-ten mark.
    /// </summary>
    public static IReadOnlyList<TableColumn<BreakdownRow>> RankedColumns(Breakdown breakdown) =>
    [
        new("Rank", r => r.Rank, ColumnKind.Number, 7),
        new("Rank last week", r => HasWeekAgo(r) ? r.RankWeekAgo : null, ColumnKind.Number, 9),
        new("Rank change since last week", r => HasWeekAgo(r) ? r.RankChange : null, ColumnKind.Number, 12),
        .. BreakdownTable.Columns(breakdown.RowLabel).Skip(2),
        new("Onboarding rate last week", r => HasWeekAgo(r) ? r.WeekAgo.OnboardingRate : null, ColumnKind.Percent, 11),
        new("Bottom ten", r => IsBottomTen(breakdown, r) ? "Bottom ten" : "", ColumnKind.Text, 11),
    ];

    public static bool HasWeekAgo(BreakdownRow row) => row.WeekAgo.Workforce > 0;

    /// <summary>The dashboard table's rule: with more than ten rows, the last ten by rank.</summary>
    public static bool IsBottomTen(Breakdown breakdown, BreakdownRow row) => breakdown.IsBottomTen(row);

    private static int Ranked(StreamingWorkbookWriter workbook, string name, Breakdown breakdown, bool markBottomTen)
    {
        var columns = RankedColumns(breakdown);
        var sheet = workbook.AddSheet(name, StreamingTable.Widths(columns), frozenRows: 1);
        StreamingTable.Header(sheet, columns);
        var rows = StreamingTable.Rows(sheet, columns, breakdown.Rows, markBottomTen ? r => IsBottomTen(breakdown, r) : null);
        sheet.SkipRows(1);
        sheet.NextRow().Text(0, "Ranked by onboarding rate (completion rate breaks ties). A positive rank change is a move up since last week.");
        if (breakdown.Rows.Any(r => r.TooFewToRank))
            sheet.NextRow().Text(0, $"Units with fewer than {breakdown.MinimumWorkforceToRank} staff are listed after the ranked ones: their rank only orders them there.");
        if (breakdown.Rows.Count > 10) sheet.NextRow().Text(0, "The bottom ten are marked.");
        if (breakdown.Rows.Any(r => !HasWeekAgo(r))) sheet.NextRow().Text(0, NoWeekAgoNote);
        if (breakdown.Rows.Count == 0) sheet.NextRow().Text(0, "No staff on the roster in this scope with these filters.");
        return rows;
    }

    public static readonly IReadOnlyList<TableColumn<PackCampaign>> CampaignColumns =
    [
        new("Campaign", c => c.Campaign.Name, ColumnKind.Text, 36),
        new("Metric", c => CampaignMetrics.Label(c.Campaign.Metric), ColumnKind.Text, 20),
        new("Campaign scope", c => c.Campaign.ScopeDescription, ColumnKind.Text, 24),
        new("Deadline", c => c.Campaign.Deadline, ColumnKind.Date, 12),
        new("Workforce", c => c.Figures?.Workforce, ColumnKind.Number, 12),
        new("Reached", c => c.Figures?.ReachedNow, ColumnKind.Number, 12),
        new("Reached %", c => c.Figures?.Rate, ColumnKind.Percent, 10),
        new("Target %", c => (double)c.Campaign.TargetPercent / 100, ColumnKind.Percent, 10),
        new("Still needed", c => c.Figures?.StillNeeded, ColumnKind.Number, 12),
        new($"Reached in the last {CampaignFigures.PaceDays} days", c => c.Figures?.Gained, ColumnKind.Number, 14),
        new("Pace per day", c => c.Figures?.PacePerDay, ColumnKind.OneDecimal, 10),
        new("Projected date", c => Projected(c.Figures), ColumnKind.Date, 16),
        new("Status", c => c.Counting ? "Being counted: see the campaign page later" : CampaignFigures.StatusText(c.Figures!.Status), ColumnKind.Text, 22),
        new("Figures as of", c => c.Figures?.AsOf, ColumnKind.Date, 12),
    ];

    /// <summary>A date when the pace reaches the target, else the campaign page's words ("not at this pace", "—").</summary>
    private static object? Projected(CampaignFigures? figures) =>
        figures is null ? null : figures.ProjectedDate is { } d && d != DateOnly.MaxValue ? d : figures.ProjectedText;

    private static int Campaigns(StreamingWorkbookWriter workbook, ReviewPackContents pack)
    {
        var sheet = workbook.AddSheet(CampaignsSheet, StreamingTable.Widths(CampaignColumns), frozenRows: 1);
        StreamingTable.Header(sheet, CampaignColumns);
        var rows = StreamingTable.Rows(sheet, CampaignColumns, pack.Campaigns, c => c.Figures?.IsBehind == true);
        sheet.SkipRows(1);
        sheet.NextRow().Text(0, rows == 0
            ? "No campaign is running with staff in this scope."
            : $"Campaigns running today with staff in this scope, counted as on the campaign pages. Pace: staff reached per day over the last {CampaignFigures.PaceDays} days. Campaigns behind their target are marked.");
        if (pack.View.DesignationId is not null || pack.View.Group is not null)
            sheet.NextRow().Text(0, "Campaigns are counted by district and department: the designation and group filters do not apply to them.");
        return rows;
    }

    public static IReadOnlyList<TableColumn<FreshnessRow>> FreshnessColumns(UploadFreshness freshness) =>
    [
        new("District", r => r.District, ColumnKind.Text, 22),
        new("Last roster upload", r => r.Roster?.At.Date, ColumnKind.Date, 14),
        new("Roster uploaded by", r => r.Roster?.By, ColumnKind.Text, 26),
        new("Roster", r => freshness.Describe(r.Roster), ColumnKind.Text, 24),
        new("Last iGOT report upload", r => r.Progress?.At.Date, ColumnKind.Date, 14),
        new("iGOT report uploaded by", r => r.Progress?.By, ColumnKind.Text, 26),
        new("iGOT report", r => freshness.Describe(r.Progress), ColumnKind.Text, 24),
    ];

    private static int Freshness(StreamingWorkbookWriter workbook, UploadFreshness freshness)
    {
        var columns = FreshnessColumns(freshness);
        var sheet = workbook.AddSheet(FreshnessSheet, StreamingTable.Widths(columns), frozenRows: 1);
        StreamingTable.Header(sheet, columns);
        var rows = StreamingTable.Rows(sheet, columns, freshness.Districts, r => r.Stale);
        sheet.SkipRows(1);
        foreach (var note in FreshnessNotes(freshness)) sheet.NextRow().Text(0, note);
        return rows;
    }

    /// <summary>What the freshness table means, and the uploads not tied to districts (the sheet and the print page).</summary>
    public static IEnumerable<string> FreshnessNotes(UploadFreshness freshness)
    {
        yield return $"{freshness.Districts.Count(d => d.Stale)} of {freshness.Districts.Count} districts have a stale roster or iGOT report.";
        yield return $"Stale (marked): no upload in the last {freshness.StaleAfterDays} days, or never. A district that stops uploading looks compliant by default.";
        yield return "An upload counts for the districts whose staff its file held (a roster's accepted rows, an iGOT report's rows matched to the roster), whoever uploaded it.";
        if (freshness.WideRoster is null && freshness.WideProgress is null) yield break;
        // Only uploads committed before the portal recorded which districts a file held: their districts are not known.
        yield return "Older uploads by the state cell or a department's HR cell, made before the portal recorded which districts a file held, are not counted for any district:";
        yield return $"Latest such roster upload: {Wide(freshness.WideRoster)}.";
        yield return $"Latest such iGOT report upload: {Wide(freshness.WideProgress)}.";
    }

    private static string Wide(LastUpload? upload) => upload is null ? "none" : $"{upload.At:dd-MM-yyyy HH:mm} by {upload.By}";
}
