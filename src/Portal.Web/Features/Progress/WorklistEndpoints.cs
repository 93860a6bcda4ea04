using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Infrastructure;
using Portal.Web.Resources;
using Portal.Web.Infrastructure.Spreadsheets;

namespace Portal.Web.Features.Progress;

/// <summary>
/// GET /progress/worklist.xlsx?problem=Unmatched|Ambiguous&amp;search=&amp;sort=Completions|Newest: the whole filtered
/// worklist of the caller's scope. A link rather than a file sent through the page's circuit, as the staff list: lakhs
/// of rows are streamed from the database into a temporary file and from it to the browser, never held in memory.
/// </summary>
public static class WorklistEndpoints
{
    public const string Path = "/progress/worklist.xlsx";

    public static void MapWorklistEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet(Path, ExportAsync).RequireAuthorization(Policies.Exporter);

    /// <summary>The export link of a filtered worklist, relative to the base URL (as the page's links are).</summary>
    public static string LinkOf(WorklistQuery query) =>
        $"{Path.TrimStart('/')}?problem={query.Problem}&sort={query.Sort}"
        + (query.SearchText is { } s ? "&search=" + Uri.EscapeDataString(s) : "");

    private static async Task<IResult> ExportAsync(string? problem, string? search, string? sort, HttpContext http,
        ExportAccess exports, WorklistService worklist, TimeProvider clock, CancellationToken ct)
    {
        var query = new WorklistQuery
        {
            Problem = Enum.TryParse<IgotMatchProblem>(problem, ignoreCase: true, out var p) && Enum.IsDefined(p) ? p : IgotMatchProblem.Unmatched,
            Sort = Enum.TryParse<WorklistSort>(sort, ignoreCase: true, out var s) && Enum.IsDefined(s) ? s : WorklistSort.Completions,
            Search = search is { Length: > 200 } ? search[..200] : search,
        };
        var what = $"unmatched iGOT users (worklist.xlsx), {query.Describe()}";
        // The endpoint's policy judged the cookie's claims; this reads the role as it is now, and audits a refusal.
        var user = await exports.CheckAsync(http.User, what, ct);
        if (user is null) return Results.Forbid();

        var now = clock.GetLocalNow();
        var file = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"portal-worklist-{Guid.NewGuid():N}.xlsx");
        try
        {
            var rows = await worklist.ExportAsync(user, query, Heading(user, query, now), file, ct);
            await exports.RecordAsync(user, what, rows, ct);
            // Deleted when the response has been sent (the result disposes the stream).
            var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
            var name = TableWorkbook.FileName(query.Problem == IgotMatchProblem.Ambiguous ? "ambiguous iGOT users" : "unmatched iGOT users", DateOnly.FromDateTime(now.DateTime));
            return Results.File(stream, StreamingWorkbook.ContentType, name);
        }
        catch
        {
            File.Delete(file);
            throw;
        }
    }

    /// <summary>What the file covers: which list, whose scope and uploads, which filter, who made it and when.</summary>
    /// <remarks>In the reader's language: the export is an HTTP request in it.</remarks>
    public static IReadOnlyList<string> Heading(SignedInUser user, WorklistQuery query, DateTimeOffset now) =>
    [
        query.Problem == IgotMatchProblem.Ambiguous ? SharedText.L["Ambiguous iGOT users (several employees share the e-mail or mobile)"] : SharedText.L["iGOT users who match no employee"],
        user.IsStateAdmin ? SharedText.L["Scope: {0}; every committed progress upload", user.ScopeDescription] : SharedText.L["Scope: {0}; your committed progress uploads", user.ScopeDescription],
        SharedText.L["Filter: {0}", query.DescribeForReader()],
        SharedText.L["Exported by {0} on {1}", user.DisplayName, IndianTime.DateAndTime(now)],
    ];
}
