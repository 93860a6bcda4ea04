using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Infrastructure.Localization;
using Portal.Web.Infrastructure.Spreadsheets;

namespace Portal.Web.Features.Acr;

/// <summary>
/// GET /reports/acr/{year}/export.xlsx[?district=&amp;office=&amp;mask=true]: the ACR workbook of the caller's scope. A link
/// rather than a file sent through the page's circuit: lakhs of statements are streamed into a temporary file and from it
/// to the browser, never held in memory. A district or office outside the scope answers 404, as the staff list does.
/// </summary>
public static class AcrEndpoints
{
    public static void MapAcrEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/reports/acr/{year}/export.xlsx", ExportAsync).RequireAuthorization(Policies.Exporter);

    /// <summary>The export link, relative to the base URL (as the page's links are).</summary>
    public static string LinkOf(ReportingYear year, int? districtId, int? officeId, bool mask) =>
        $"reports/acr/{year}/export.xlsx?" + string.Join("&", new[]
        {
            districtId is { } d ? $"district={d}" : null,
            officeId is { } o ? $"office={o}" : null,
            mask ? "mask=true" : null,
        }.Where(p => p is not null));

    private static async Task<IResult> ExportAsync(string year, int? district, int? office, bool? mask, HttpContext http,
        ExportAccess exports, AcrReportService reports, AcrStatementService statements, TimeProvider clock, CancellationToken ct)
    {
        if (!ReportingYear.TryParse(year, out var reportingYear)) return Results.NotFound();
        var masked = mask == true;
        var filters = $"district {district?.ToString() ?? "all"}, office {office?.ToString() ?? "all"}";
        // The endpoint's policy judged the cookie's claims; this reads the role as it is now, and audits a refusal.
        var user = await exports.CheckAsync(http.User, AcrReportService.ExportWhat(reportingYear, filters, masked), ct);
        if (user is null) return Results.Forbid();
        var selection = await reports.SelectionAsync(user.Scope, district, office, ct);
        if (selection is null || await statements.FindRulesAsync(reportingYear, ct) is null) return Results.NotFound();

        var what = AcrReportService.ExportWhat(reportingYear, await reports.DescribeAsync(user.Scope, selection, EnglishText.L, ct), masked);
        var file = Path.Combine(Path.GetTempPath(), $"portal-acr-{Guid.NewGuid():N}.xlsx");
        try
        {
            AcrWorkbookResult result;
            await using (var output = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
                result = await reports.ExportAsync(user, reportingYear, selection, masked, output, ct);
            await exports.RecordAsync(user, what, result.Employees, ct);
            // Deleted when the response has been sent (the result disposes the stream).
            var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
            return Results.File(stream, StreamingWorkbook.ContentType, AcrReportService.FileName(reportingYear, DateOnly.FromDateTime(clock.GetLocalNow().DateTime)));
        }
        catch
        {
            File.Delete(file);
            throw;
        }
    }
}
