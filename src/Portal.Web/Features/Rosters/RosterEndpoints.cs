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

        group.MapGet("/template.xlsx", async (IDbContextFactory<PortalDbContext> db, CancellationToken ct) =>
            Results.File(await RosterTemplate.BuildAsync(db, ct), Xlsx, "roster-template.xlsx"));

        group.MapUploadFiles(ImportKind.Roster);
    }
}
