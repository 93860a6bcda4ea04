using Portal.Web.Features.Access;
using Portal.Web.Features.Dashboard;
using Portal.Web.Features.Subscriptions;
using Portal.Web.Infrastructure;
using Portal.Web.Infrastructure.Spreadsheets;
using Portal.Web.Resources;

namespace Portal.Web.Features.ReviewPack;

/// <summary>
/// The weekly review pack as a scheduled e-mail: the same workbook as the dashboard's button, built for the recipient's
/// scope as it is at send time, with the subscribed view's filters (the view is the dashboard's URL query).
/// </summary>
public sealed class ReviewPackReport(ReviewPackService packs) : IScheduledReport
{
    public const string KindName = "review-pack";
    public string Kind => KindName;
    public string Name => "Weekly review pack";

    /// <summary>Figures, not staff records: every reader may receive their own scope's pack.</summary>
    public bool MayReceive(SignedInUser recipient) => true;

    public string Describe(string view)
    {
        var query = ReviewPackService.PackView(DashboardTableReport.ViewOf(view)).ToQuery().TrimStart('?');
        return string.IsNullOrEmpty(query) ? "review pack, ranked by district" : $"review pack ?{query}";
    }

    public string? Check(string view) => view.Length > Data.ReportSubscription.MaxViewLength ? "That dashboard address is too long." : null;

    public async Task<ScheduledReportResult> BuildAsync(SignedInUser recipient, string view, Stream output, CancellationToken ct)
    {
        // In the subscriber's language (the delivery sets it): the pack, its summary lines.
        var L = SharedText.L;
        var pack = await packs.BuildAsync(recipient.Scope, packs.ScopeNameOf(recipient), DashboardTableReport.ViewOf(view),
            L["{0} (scheduled e-mail)", recipient.DisplayName], ct);
        // A filter no longer in the recipient's scope, or a scope with no staff: nothing to send.
        if (pack is null || pack.Now.Workforce == 0)
            return new ScheduledReportResult(0, "review-pack.xlsx", StreamingWorkbook.ContentType, [L["Nothing in {0} for this view.", packs.ScopeNameOf(recipient)]]);

        var written = ReviewPackWorkbook.Write(pack, output);
        var stale = pack.Freshness.Districts.Count(d => d.Stale);
        return new ScheduledReportResult(written.TotalRows, ReviewPackEndpoints.FileName(pack), StreamingWorkbook.ContentType,
        [
            L["Scope: {0}", pack.ScopeName],
            L["Workforce {0}, onboarded {1} ({2})", IndianFormat.Number(pack.Now.Workforce), IndianFormat.Number(pack.Now.Onboarded), IndianFormat.Percent(pack.Now.OnboardingRate)],
            L["Sheets: {0}", string.Join(", ", written.Sheets.Select(s => $"{s.Sheet} ({IndianFormat.Number(s.Rows)})"))],
            L["Districts with stale uploads: {0} of {1}", IndianFormat.Number(stale), IndianFormat.Number(pack.Freshness.Districts.Count)],
        ]);
    }
}
