using Microsoft.EntityFrameworkCore;
using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Features.Uploads;

namespace Portal.Web.Features.Rosters;

public static class RosterEndpoints
{
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static void MapRosterEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/rosters").RequireAuthorization(Policies.Uploader);

        group.MapGet("/template.xlsx", async (HttpContext http, AccessService access, IDbContextFactory<PortalDbContext> db, CancellationToken ct) =>
            await access.GetSignedInUserAsync(http.User, ct) is { } user
                ? Results.File(await RosterTemplate.BuildAsync(db, user.Scope, ct), Xlsx, "roster-template.xlsx")
                : Results.Forbid());

        group.MapUploadFiles(ImportKind.Roster);
    }
}
