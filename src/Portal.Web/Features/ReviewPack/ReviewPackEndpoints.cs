using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Features.Dashboard;
using Portal.Web.Infrastructure.Spreadsheets;

namespace Portal.Web.Features.ReviewPack;

/// <summary>
/// GET /review-pack.xlsx?{the dashboard's query}: the review pack of the caller's own scope, for any reader (it holds
/// figures, not staff records). The URL carries filters only, never a scope: the scope is the signed-in user's, read
/// afresh from the database; a filter outside it answers 404. Audited as every export is.
/// </summary>
public static class ReviewPackEndpoints
{
    public const string Path = "review-pack.xlsx";
    public const string PrintPath = "review-pack";

    public static void MapReviewPackEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/" + Path, ExportAsync).RequireAuthorization(Policies.Reader);

    /// <summary>The download link of a dashboard view's pack, relative to the base URL (as the page's links are).</summary>
    public static string LinkOf(DashboardView view) => Path + ReviewPackService.PackView(view).ToQuery();

    /// <summary>The print page of a dashboard view's pack.</summary>
    public static string PrintLinkOf(DashboardView view) => PrintPath + ReviewPackService.PackView(view).ToQuery();

    private static async Task<IResult> ExportAsync(HttpContext http, AccessService access, ExportAccess exports, AuditLog audit,
        ReviewPackService packs, CancellationToken ct)
    {
        var user = await access.GetSignedInUserAsync(http.User, ct);
        if (user is null)
        {
            await audit.WriteAsync(http.User.Identity?.Name ?? "anonymous", AuditActions.ExportRefused, "review pack: refused, not an active portal user", ct);
            return Results.Forbid();
        }
        var view = DashboardView.Parse(name => http.Request.Query[name].FirstOrDefault());
        var pack = await packs.BuildAsync(user, view, ct);
        if (pack is null) return Results.NotFound();

        // A few hundred rows: written to memory, then sent with its length.
        var output = new MemoryStream();
        var result = ReviewPackWorkbook.Write(pack, output);
        await exports.RecordAsync(user, ReviewPackService.ExportWhat(pack), result.TotalRows, ct);
        output.Position = 0;
        return Results.File(output, StreamingWorkbook.ContentType, FileName(pack));
    }

    public static string FileName(ReviewPackContents pack) =>
        TableWorkbook.FileName($"review pack {pack.ScopeName}", DateOnly.FromDateTime(pack.MadeAt.DateTime));
}
