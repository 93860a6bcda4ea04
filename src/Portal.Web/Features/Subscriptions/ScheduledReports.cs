using Microsoft.AspNetCore.WebUtilities;
using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Features.Acr;
using Portal.Web.Features.Dashboard;
using Portal.Web.Features.Scheduling;
using Portal.Web.Infrastructure;
using Portal.Web.Infrastructure.Spreadsheets;
using Portal.Web.Resources;

namespace Portal.Web.Features.Subscriptions;

/// <summary>What a scheduled report made for one recipient: its file, how many rows, and the mail's summary lines.</summary>
public sealed record ScheduledReportResult(int Rows, string FileName, string ContentType, IReadOnlyList<string> Summary)
{
    public bool IsEmpty => Rows == 0;
}

/// <summary>
/// A kind of report that can be delivered on a schedule. Kinds are registered in DI (<c>services.AddTransient&lt;IScheduledReport, X&gt;()</c>)
/// and found by <see cref="Kind"/>; a subscription stores the kind's name and its view (a URL query the kind reads).
/// The report is always built for the recipient as the recipient is at send time: <paramref name="recipient"/> carries the
/// user's current role and scope, read from the database just before, and every query goes through a context of that scope.
/// </summary>
public interface IScheduledReport
{
    /// <summary>The stored name, e.g. "dashboard-table".</summary>
    string Kind { get; }
    /// <summary>What readers call it.</summary>
    string Name { get; }
    /// <summary>Whether this recipient (as they are now) may receive it at all.</summary>
    bool MayReceive(SignedInUser recipient);
    /// <summary>The view in words, for the subscriptions page.</summary>
    string Describe(string view);
    /// <summary>Null when <paramref name="view"/> is a view this kind can build; otherwise why not, in plain words.</summary>
    string? Check(string view);
    /// <summary>Writes the report into <paramref name="output"/>; a result with no rows is skipped, not sent.</summary>
    Task<ScheduledReportResult> BuildAsync(SignedInUser recipient, string view, Stream output, CancellationToken ct);
}

/// <summary>The registered kinds, by name.</summary>
public sealed class ScheduledReports(IEnumerable<IScheduledReport> kinds)
{
    public IReadOnlyList<IScheduledReport> All { get; } = kinds.ToList();
    public IScheduledReport? Find(string kind) => All.FirstOrDefault(k => k.Kind == kind);
}

/// <summary>
/// The dashboard's breakdown table (districts, a grouping, departments... with the view's path and filters), the same
/// workbook as the table's <i>Export .xlsx</i>. The view is the dashboard's URL query, e.g. "by=department&amp;district=56".
/// </summary>
public sealed class DashboardTableReport(BreakdownService breakdowns, StateOptions state, TimeProvider clock) : IScheduledReport
{
    public const string KindName = "dashboard-table";
    public string Kind => KindName;
    public string Name => "Dashboard table";

    /// <summary>Every reader sees the dashboard's figures of their scope.</summary>
    public bool MayReceive(SignedInUser recipient) => true;

    public static DashboardView ViewOf(string view)
    {
        var query = QueryHelpers.ParseQuery(QueryOf(view));
        return DashboardView.Parse(name => query.TryGetValue(name, out var v) ? v.ToString() : null);
    }

    /// <summary>The query of a dashboard address or query ("https://portal/?by=district", "/?by=district", "by=district").</summary>
    public static string QueryOf(string view)
    {
        var text = view.Trim();
        var question = text.IndexOf('?');
        return question >= 0 ? text[(question + 1)..] : text.Contains('=') ? text : "";
    }

    public string Describe(string view)
    {
        var parsed = ViewOf(view);
        var query = parsed.ToQuery();
        return string.IsNullOrEmpty(query) ? "the dashboard's first view" : $"dashboard view ?{query.TrimStart('?')}";
    }

    public string? Check(string view) => view.Length > ReportSubscription.MaxViewLength ? "That dashboard address is too long." : null;

    public async Task<ScheduledReportResult> BuildAsync(SignedInUser recipient, string view, Stream output, CancellationToken ct)
    {
        var parsed = ViewOf(view);
        var scopeName = recipient.IsStateAdmin ? state.Name : recipient.ScopeDescription;
        // A place no longer in the recipient's scope is "not found", as on the page: nothing to send.
        var breakdown = await breakdowns.GetAsync(recipient.Scope, parsed, ct);
        var rows = breakdown?.Rows.Where(r => r.Now.Workforce > 0).ToList() ?? [];
        var plural = breakdown is null ? "Rows" : BreakdownTable.Plural(breakdown);
        // The file name stays English (ASCII-safe); everything in the file and the mail is in the subscriber's language.
        var name = TableWorkbook.FileName($"{plural} {scopeName}", IndianTime.Today(clock));
        var L = SharedText.L;
        if (breakdown is null || rows.Count == 0)
            return new ScheduledReportResult(0, name, TableWorkbook.ContentType, [L["Nothing in {0} for this view.", scopeName]]);

        var heading = parsed.ExportHeading(scopeName, breakdown.Path, null, breakdown.Snapshot, L["{0} (scheduled e-mail)", recipient.DisplayName], clock.GetLocalNow());
        var bytes = TableWorkbook.Write(L[plural], heading, BreakdownTable.Columns(L[breakdown.RowLabel], L), breakdown.Rows);
        await output.WriteAsync(bytes, ct);
        var total = breakdown.Total;
        return new ScheduledReportResult(breakdown.Rows.Count, name, TableWorkbook.ContentType,
        [
            L["Scope: {0}", scopeName + (breakdown.Path.Count > 0 ? " › " + string.Join(" › ", breakdown.Path.Select(p => p.Name)) : "")],
            L["{0}: {1}", L[plural], IndianFormat.Number(breakdown.Rows.Count)],
            L["Workforce {0}, onboarded {1} ({2})", IndianFormat.Number(total.Workforce), IndianFormat.Number(total.Onboarded), IndianFormat.Percent(total.OnboardingRate)],
            breakdown.Snapshot is { } s ? L["Figures as of {0}", IndianTime.DateAndTime(s.ComputedAt)] : L["Figures not counted yet"],
        ]);
    }
}

/// <summary>
/// The ACR training report of a reporting year (the Reports page's export), contact details always masked in a mail.
/// The view is "year=2025-26[&amp;district=ID][&amp;office=ID]". Only a recipient who may export receives it.
/// </summary>
public sealed class AcrExportReport(AcrReportService reports, AcrStatementService statements, TimeProvider clock) : IScheduledReport
{
    public const string KindName = "acr-export";
    public string Kind => KindName;
    public string Name => "ACR training report";

    public bool MayReceive(SignedInUser recipient) => recipient.MayExport;

    private static (ReportingYear? Year, int? District, int? Office) Parse(string view)
    {
        var query = QueryHelpers.ParseQuery(DashboardTableReport.QueryOf(view));
        string? Get(string name) => query.TryGetValue(name, out var v) ? v.ToString() : null;
        ReportingYear? year = ReportingYear.TryParse(Get("year") ?? "", out var y) ? y : null;
        return (year, int.TryParse(Get("district"), out var d) ? d : null, int.TryParse(Get("office"), out var o) ? o : null);
    }

    public static string ViewOf(ReportingYear year, int? district, int? office) =>
        $"year={year}" + (district is { } d ? $"&district={d}" : "") + (office is { } o ? $"&office={o}" : "");

    public string Describe(string view)
    {
        var (year, district, office) = Parse(view);
        return $"reporting year {year}" + (district is { } d ? $", district #{d}" : "") + (office is { } o ? $", office #{o}" : "");
    }

    public string? Check(string view) => Parse(view).Year is null ? "Give the reporting year, e.g. 2025-26." : null;

    public async Task<ScheduledReportResult> BuildAsync(SignedInUser recipient, string view, Stream output, CancellationToken ct)
    {
        var (year, district, office) = Parse(view);
        var name = year is { } y ? AcrReportService.FileName(y, IndianTime.Today(clock)) : "acr.xlsx";
        if (year is not { } reportingYear)
            return new ScheduledReportResult(0, name, Infrastructure.Spreadsheets.StreamingWorkbook.ContentType, ["No reporting year."]);
        var L = SharedText.L;
        var selection = await reports.SelectionAsync(recipient.Scope, district, office, ct);
        if (selection is null)
            return new ScheduledReportResult(0, name, StreamingWorkbook.ContentType, [L["That district or office is not in your scope."]]);
        if (await statements.FindRulesAsync(reportingYear, ct) is null)
            return new ScheduledReportResult(0, name, StreamingWorkbook.ContentType, [L["The ACR rules for {0} are not set yet.", reportingYear.ToString()]]);

        // The workbook is streamed into a buffer the caller can reset when nothing was written (no staff).
        var result = await reports.ExportAsync(recipient, reportingYear, selection, mask: true, output, ct);
        return new ScheduledReportResult(result.Employees, name, StreamingWorkbook.ContentType,
        [
            L["Scope: {0}", $"{recipient.ScopeDescription}; {await reports.DescribeAsync(recipient.Scope, selection, L, ct)}"],
            L["ACR training report {0}: {1} employees", reportingYear.ToString(), IndianFormat.Number(result.Employees)],
            L["Contact details are masked in e-mailed reports."],
        ]);
    }
}
