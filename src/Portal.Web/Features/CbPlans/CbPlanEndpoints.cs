using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Features.Uploads;

namespace Portal.Web.Features.CbPlans;

public static class CbPlanEndpoints
{
    /// <summary>A CB plan upload's rejected rows and its unmatched iGOT users, as workbooks (see <see cref="UploadFileEndpoints"/>).</summary>
    public static void MapCbPlanEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGroup("/progress/cb-plans").RequireAuthorization(Policies.Uploader).MapUploadFiles(ImportKind.CbPlan);
}
