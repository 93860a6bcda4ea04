using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Portal.Web.Features.Access;

namespace Portal.Web.Infrastructure;

/// <summary>
/// /health as JSON: the overall status for anyone; each check's status and description (database provider, district
/// count, pending migrations) only for a signed-in portal user, as they tell an outsider what runs inside.
/// </summary>
public static class HealthResponse
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        object body = context.User.GetPortalUserId() is null
            ? new { status = report.Status.ToString() }
            : new
            {
                status = report.Status.ToString(),
                checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
            };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
