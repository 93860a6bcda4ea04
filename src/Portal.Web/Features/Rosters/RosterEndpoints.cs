using Microsoft.EntityFrameworkCore;
using Portal.Web.Data;
using Portal.Web.Features.Access;

namespace Portal.Web.Features.Rosters;

public static class RosterEndpoints
{
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static void MapRosterEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/rosters").RequireAuthorization(Policies.Uploader);

        group.MapGet("/template.xlsx", async (IDbContextFactory<PortalDbContext> db, CancellationToken ct) =>
            Results.File(await RosterTemplate.BuildAsync(db, ct), Xlsx, "roster-template.xlsx"));

        // An upload's error workbook: only for the uploader (and StateAdmins); anyone else gets 404.
        // Its rows are staff data, so it is an export: the role is read afresh (an uploader demoted to Viewer gets 403) and audited.
        group.MapGet("/uploads/{id:int}/errors.xlsx", async (int id, HttpContext http, AccessService access, AuditLog audit, RosterImportService imports, CancellationToken ct) =>
        {
            var user = await access.GetSignedInUserAsync(http.User, ct);
            if (user is not { MayUpload: true }) return Results.Forbid();
            var batch = await imports.FindBatchAsync(user, id, ct);
            // After the retention period the file is gone but the batch record stays.
            if (batch is null || batch.FilesDeletedAt is not null || batch.ErrorWorkbookPath is not { } path || !File.Exists(path)) return Results.NotFound();
            var name = Path.GetFileNameWithoutExtension(batch.FileName) + "-errors.xlsx";
            await audit.WriteAsync(user.LoginName, AuditActions.Export,
                $"rejected rows of upload {batch.Id} ({name}); {batch.Rejected:N0} rows; exporter's scope: {user.ScopeDescription}", ct);
            return Results.File(path, Xlsx, name);
        });
    }
}
