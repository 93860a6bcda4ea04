using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Features.Uploads;

namespace Portal.Web.Features.Progress;

public static class ProgressEndpoints
{
    /// <summary>An iGOT upload's rejected rows and its unmatched iGOT users, as workbooks (see <see cref="UploadFileEndpoints"/>).</summary>
    public static void MapProgressEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGroup("/progress").RequireAuthorization(Policies.Uploader).MapUploadFiles(ImportKind.Progress);
}
