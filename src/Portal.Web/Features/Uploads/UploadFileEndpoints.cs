using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Infrastructure.Spreadsheets;

namespace Portal.Web.Features.Uploads;

/// <summary>
/// The workbooks an upload leaves behind (its rejected rows; for an iGOT report, its unmatched iGOT users), under
/// the upload page's own path: only for the uploader (and StateAdmins), anyone else gets 404. Their rows are
/// personal data, so each download is an export: the role is read afresh (an uploader demoted to Viewer gets 403)
/// and audited.
/// </summary>
public static class UploadFileEndpoints
{
    /// <summary>Maps uploads/{id}/errors.xlsx and uploads/{id}/worklist.xlsx on <paramref name="group"/> for uploads of <paramref name="kind"/>.</summary>
    public static void MapUploadFiles(this RouteGroupBuilder group, ImportKind kind)
    {
        group.MapGet("/uploads/{id:int}/errors.xlsx", (int id, HttpContext http, AccessService access, AuditLog audit, UploadPipeline uploads, CancellationToken ct) =>
            ServeAsync(kind, id, "errors", b => b.ErrorWorkbookPath, b => $"rejected rows of upload {b.Id}; {b.Rejected:N0} rows", http, access, audit, uploads, ct));
        group.MapGet("/uploads/{id:int}/worklist.xlsx", (int id, HttpContext http, AccessService access, AuditLog audit, UploadPipeline uploads, CancellationToken ct) =>
            ServeAsync(kind, id, "unmatched", b => b.WorklistPath, b => $"unmatched iGOT users of upload {b.Id}; {b.UnmatchedRows + b.AmbiguousRows:N0} rows", http, access, audit, uploads, ct));
    }

    private static async Task<IResult> ServeAsync(ImportKind kind, int id, string suffix, Func<ImportBatch, string?> pathOf, Func<ImportBatch, string> describe,
        HttpContext http, AccessService access, AuditLog audit, UploadPipeline uploads, CancellationToken ct)
    {
        var user = await access.GetSignedInUserAsync(http.User, ct);
        if (user is not { MayUpload: true }) return Results.Forbid();
        var batch = await uploads.FindBatchAsync(kind, user, id, ct);
        // After the retention period the files are gone but the batch record stays.
        if (batch is null || batch.FilesDeletedAt is not null || pathOf(batch) is not { } path || !File.Exists(path)) return Results.NotFound();
        var name = $"{Path.GetFileNameWithoutExtension(batch.FileName)}-{suffix}.xlsx";
        await audit.WriteAsync(user.LoginName, AuditActions.Export, $"{describe(batch)} ({name}); exporter's scope: {user.AuditScope}", ct);
        return Results.File(path, StreamingWorkbook.ContentType, name);
    }
}
