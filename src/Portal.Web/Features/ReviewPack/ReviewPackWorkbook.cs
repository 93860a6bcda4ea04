using Portal.Web.Features.Campaigns;
using Portal.Web.Features.Dashboard;
using Portal.Web.Infrastructure;
using Portal.Web.Infrastructure.Spreadsheets;
using Portal.Web.Resources;

namespace Portal.Web.Features.ReviewPack;

/// <summary>
/// Writes a review pack as an .xlsx of five sheets with the streaming writer: the headline figures with the week's
/// change (under the pack's heading), the districts (or groupings) ranked, the departments ranked, the running
/// campaigns, and upload freshness. Every table sheet has its header in row 1 and its notes below the table; figures
/// are numbers, text is inline strings (never a formula). A figure with no value a week ago is left blank and said so.
/// Words are in the language of whoever asked for the pack (the current UI culture: the page's reader, the subscriber's
/// language in a scheduled mail, English in the command line), except the columns the command line's users read by name
/// (<see cref="IsContractColumn"/>), which are English in every language.
/// </summary>
public static class ReviewPackWorkbook
{
    public const string HeadlineSheet = "Headline figures";
    public const string DepartmentsSheet = "Departments";
    public const string CampaignsSheet = "Campaigns";
    public const string FreshnessSheet = "Upload freshness";

    public const string NoWeekAgoNote =
        "Blank rank or rate last week: no staff of this row were on the roster a week ago, so there is no figure to compare with.";

    /// <summary>The rank of a unit too small to rank, in words (its number would only order it after the ranked ones).</summary>
    public const string NotRanked = "not ranked (too few staff)";

    /// <summary>
    /// The command line's contract: the places sheet's row label when it is "District" and its numeric "Workforce", the
    /// freshness sheet's "District" and "Last roster upload". Scripts read these by name, so they are English in every language.
    /// </summary>
    public static bool IsContractColumn(string sheet, string column) => sheet switch
    {
        PlacesContract => column is "District" or "Workforce",
        FreshnessSheet => column is "District" or "Last roster upload",
        _ => false,
    };

    private const string PlacesContract = "places";

    private static string Heading(string sheet, string column) => IsContractColumn(sheet, column) ? column : SharedText.L[column];

    /// <summary><paramref name="columns"/> with their headings in the reader's language, but the contract's.</summary>
    private static IReadOnlyList<TableColumn<T>> Localized<T>(string sheet, IEnumerable<TableColumn<T>> columns) =>
        columns.Select(c => c with { Header = Heading(sheet, c.Header) }).ToList();

    public static ReviewPackResult Write(ReviewPackContents pack, Stream output)
    {
        using var workbook = new StreamingWorkbookWriter(output);
        var sheets = new List<(string, int)>
        {
            (SharedText.L[HeadlineSheet], HeadlineSheetRows(workbook, pack)),
        };
        var placesSheet = SharedText.L[BreakdownTable.Plural(pack.Places)].Value;
        sheets.Add((placesSheet, Ranked(workbook, placesSheet, PlacesContract, pack.Places, markBottomTen: true)));
        var departmentsSheet = SharedText.L[DepartmentsSheet].Value;
        sheets.Add((departmentsSheet, Ranked(workbook, departmentsSheet, DepartmentsSheet, pack.Departments, markBottomTen: true)));
        sheets.Add((SharedText.L[CampaignsSheet], Campaigns(workbook, pack)));
        sheets.Add((SharedText.L[FreshnessSheet], Freshness(workbook, pack.Freshness)));
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
        var L = SharedText.L;
        var sheet = workbook.AddSheet(L[HeadlineSheet], [new(1, 1, 34), new(2, 4, 18)], frozenRows: 0);
        var first = true;
        foreach (var line in pack.Heading)
        {
            sheet.NextRow().Text(0, line, first ? SheetStyles.Title : SheetStyles.Normal);
            first = false;
        }
        sheet.SkipRows(1);
        if (pack.Snapshot is null)
        {
            sheet.NextRow().Text(0, L["The figures have not been counted yet. Make the pack again in a few minutes."], SheetStyles.BoldDarkRed);
            return 0;
        }
        var weekAgo = pack.WeekAgoDate is { } d ? L["A week ago ({0})", IndianTime.Date(d)] : L["A week ago"];
        sheet.NextRow().Text(0, L["Figure"], SheetStyles.Bold).Text(1, L["Now"], SheetStyles.Bold).Text(2, weekAgo, SheetStyles.Bold).Text(3, L["Change in 7 days"], SheetStyles.Bold);
        var rows = 0;
        foreach (var h in Headlines(pack))
        {
            sheet.NextRow().Text(0, L[h.Figure]);
            StreamingTable.Cell(sheet, 1, h.Kind, h.Now);
            if (h.WeekAgo is not null) StreamingTable.Cell(sheet, 2, h.Kind, h.WeekAgo);
            // A rate's change is in percentage points: 0.012 shown as 1.2%.
            if (h.Change is { } change) StreamingTable.Cell(sheet, 3, h.Kind, change);
            rows++;
        }
        sheet.SkipRows(1);
        sheet.NextRow().Text(0, pack.HasWeekAgo
            ? L["Rates are shares of the workforce. A rate's change is in percentage points. The workforce a week ago counts today's active staff who were already on the roster then (the roster keeps no history)."]
            : L["There is no figure for a week ago: nobody in this scope was on the roster then. The week's change is left blank."]);
        return rows;
    }

    /// <summary>
    /// The pack's columns of a ranked table (English headings): the rank now and last week ("not ranked (too few staff)"
    /// for a unit below the minimum workforce, blank when the row had no staff a week ago), then the dashboard table's own
    /// columns (<see cref="BreakdownTable.Columns"/>), then the rate last week and the bottom-ten mark. Cells' words are
    /// in the reader's language.
    /// </summary>
    public static IReadOnlyList<TableColumn<BreakdownRow>> RankedColumns(Breakdown breakdown)
    {
        var L = SharedText.L;
        string notRanked = L[NotRanked], bottomTen = L["Bottom ten"];
        return
        [
            new("Rank", r => r.TooFewToRank ? notRanked : r.Rank, ColumnKind.Number, 12),
            new("Rank last week", r => !HasWeekAgo(r) ? null : r.TooFewToRankWeekAgo ? notRanked : r.RankWeekAgo, ColumnKind.Number, 12),
            new("Rank change since last week", r => HasWeekAgo(r) && !r.TooFewToRank && !r.TooFewToRankWeekAgo ? r.RankChange : null, ColumnKind.Number, 12),
            .. BreakdownTable.Columns(breakdown.RowLabel).Skip(2),
            new("Onboarding rate last week", r => HasWeekAgo(r) ? r.WeekAgo.OnboardingRate : null, ColumnKind.Percent, 11),
            new("Bottom ten", r => IsBottomTen(breakdown, r) ? bottomTen : "", ColumnKind.Text, 11),
        ];
    }

    public static bool HasWeekAgo(BreakdownRow row) => row.WeekAgo.Workforce > 0;

    /// <summary>The dashboard table's rule: with more than ten rows, the last ten by rank.</summary>
    public static bool IsBottomTen(Breakdown breakdown, BreakdownRow row) => breakdown.IsBottomTen(row);

    /// <param name="contract">Which sheet of the contract this is (<see cref="IsContractColumn"/>).</param>
    private static int Ranked(StreamingWorkbookWriter workbook, string name, string contract, Breakdown breakdown, bool markBottomTen)
    {
        var L = SharedText.L;
        var columns = Localized(contract, RankedColumns(breakdown));
        var sheet = workbook.AddSheet(name, StreamingTable.Widths(columns), frozenRows: 1);
        StreamingTable.Header(sheet, columns);
        var rows = StreamingTable.Rows(sheet, columns, breakdown.Rows, markBottomTen ? r => IsBottomTen(breakdown, r) : null);
        sheet.SkipRows(1);
        sheet.NextRow().Text(0, L["Ranked by onboarding rate (completion rate breaks ties). A positive rank change is a move up since last week."]);
        if (breakdown.Rows.Any(r => r.TooFewToRank))
            sheet.NextRow().Text(0, L["Units with fewer than {0} staff are listed after the ranked ones as \"not ranked (too few staff)\": with so few people one person moves the rate by several points.",
                IndianFormat.Number(breakdown.MinimumWorkforceToRank)]);
        if (breakdown.Rows.Count > 10) sheet.NextRow().Text(0, L["The bottom ten are marked."]);
        if (breakdown.Rows.Any(r => !HasWeekAgo(r))) sheet.NextRow().Text(0, L[NoWeekAgoNote]);
        if (breakdown.Rows.Count == 0) sheet.NextRow().Text(0, L["No staff on the roster in this scope with these filters."]);
        return rows;
    }

    /// <summary>The key of the one campaign heading with a number in it (the pace's days).</summary>
    public const string ReachedInPaceDays = "Reached in the last {0} days";

    /// <summary>Its column (English heading, the number filled in): declared before <see cref="CampaignColumns"/>, which lists it.</summary>
    public static readonly TableColumn<PackCampaign> ReachedInPaceDaysColumn =
        new(string.Format(System.Globalization.CultureInfo.InvariantCulture, ReachedInPaceDays, CampaignFigures.PaceDays), c => c.Figures?.Gained, ColumnKind.Number, 14);

    public static readonly IReadOnlyList<TableColumn<PackCampaign>> CampaignColumns =
    [
        new("Campaign", c => c.Campaign.Name, ColumnKind.Text, 36),
        new("Metric", c => SharedText.L[CampaignMetrics.Label(c.Campaign.Metric)].Value, ColumnKind.Text, 20),
        new("Campaign scope", c => c.Campaign.ScopeDescription, ColumnKind.Text, 24),
        new("Deadline", c => c.Campaign.Deadline, ColumnKind.Date, 12),
        new("Workforce", c => c.Figures?.Workforce, ColumnKind.Number, 12),
        new("Reached", c => c.Figures?.ReachedNow, ColumnKind.Number, 12),
        new("Reached %", c => c.Figures?.Rate, ColumnKind.Percent, 10),
        new("Target %", c => (double)c.Campaign.TargetPercent / 100, ColumnKind.Percent, 10),
        new("Still needed", c => c.Figures?.StillNeeded, ColumnKind.Number, 12),
        ReachedInPaceDaysColumn,
        new("Pace per day", c => c.Figures?.PacePerDay, ColumnKind.OneDecimal, 10),
        new("Projected date", c => Projected(c.Figures), ColumnKind.Date, 16),
        new("Status", c => SharedText.L[c.Counting ? "Being counted: see the campaign page later" : CampaignFigures.StatusText(c.Figures!.Status)].Value, ColumnKind.Text, 22),
        new("Figures as of", c => c.Figures?.AsOf, ColumnKind.Date, 12),
    ];

    /// <summary>A date when the pace reaches the target, else the campaign page's words ("not at this pace", "—").</summary>
    private static object? Projected(CampaignFigures? figures) =>
        figures is null ? null : figures.ProjectedDate is { } d && d != DateOnly.MaxValue ? d : SharedText.L[figures.ProjectedText].Value;

    private static int Campaigns(StreamingWorkbookWriter workbook, ReviewPackContents pack)
    {
        var L = SharedText.L;
        var columns = CampaignColumns.Select(c => c with
        {
            Header = c == ReachedInPaceDaysColumn ? L[ReachedInPaceDays, CampaignFigures.PaceDays] : L[c.Header],
        }).ToList();
        var sheet = workbook.AddSheet(L[CampaignsSheet], StreamingTable.Widths(columns), frozenRows: 1);
        StreamingTable.Header(sheet, columns);
        var rows = StreamingTable.Rows(sheet, columns, pack.Campaigns, c => c.Figures?.IsBehind == true);
        sheet.SkipRows(1);
        sheet.NextRow().Text(0, rows == 0
            ? L["No campaign is running with staff in this scope."]
            : L["Campaigns running today with staff in this scope, counted as on the campaign pages. Pace: staff reached per day over the last {0} days. Campaigns behind their target are marked.", CampaignFigures.PaceDays]);
        if (pack.View.DesignationId is not null || pack.View.Group is not null)
            sheet.NextRow().Text(0, L["Campaigns are counted by district and department: the designation and group filters do not apply to them."]);
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
        var columns = Localized(FreshnessSheet, FreshnessColumns(freshness));
        var sheet = workbook.AddSheet(SharedText.L[FreshnessSheet], StreamingTable.Widths(columns), frozenRows: 1);
        StreamingTable.Header(sheet, columns);
        var rows = StreamingTable.Rows(sheet, columns, freshness.Districts, r => r.Stale);
        sheet.SkipRows(1);
        foreach (var note in FreshnessNotes(freshness)) sheet.NextRow().Text(0, note);
        return rows;
    }

    /// <summary>What the freshness table means, and the uploads not tied to districts (the sheet), in the reader's language.</summary>
    public static IEnumerable<string> FreshnessNotes(UploadFreshness freshness)
    {
        var L = SharedText.L;
        yield return L["{0} of {1} districts have a stale roster or iGOT report.", IndianFormat.Number(freshness.Districts.Count(d => d.Stale)), IndianFormat.Number(freshness.Districts.Count)];
        yield return L["Stale (marked): no upload in the last {0} days, or never. A district that stops uploading looks compliant by default.", freshness.StaleAfterDays];
        yield return L["An upload counts for the districts whose staff its file held (a roster's accepted rows, an iGOT report's rows matched to the roster), whoever uploaded it."];
        if (freshness.WideRoster is null && freshness.WideProgress is null) yield break;
        // Only uploads committed before the portal recorded which districts a file held: their districts are not known.
        yield return L["Older uploads by the state cell or a department's HR cell, made before the portal recorded which districts a file held, are not counted for any district:"];
        yield return L["Latest such roster upload: {0}.", UploadFreshness.Wide(freshness.WideRoster)];
        yield return L["Latest such iGOT report upload: {0}.", UploadFreshness.Wide(freshness.WideProgress)];
    }
}
