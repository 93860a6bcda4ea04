using Portal.Web.Data;

namespace Portal.Web.Features.Access;

/// <summary>What each role may do. Which rows it sees is its data scope, not its role.</summary>
public static class Policies
{
    /// <summary>Any signed-in portal user: read dashboards of its scope.</summary>
    public const string Reader = "Reader";
    /// <summary>Upload rosters and progress files for its scope.</summary>
    public const string Uploader = "Uploader";
    /// <summary>Export reports for its scope.</summary>
    public const string Exporter = "Exporter";
    /// <summary>Manage users, scopes, campaigns and courses.</summary>
    public const string StateAdmin = "StateAdmin";

    public static readonly PortalRole[] UploaderRoles =
        [PortalRole.StateAdmin, PortalRole.DepartmentHR, PortalRole.RangeOffice, PortalRole.DistrictOffice];

    public static IServiceCollection AddPortalAuthorization(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            // Every endpoint needs a mapped portal user unless it says [AllowAnonymous]: an Entra account
            // that is not a portal user is signed in to Microsoft but not to the portal.
            .SetFallbackPolicy(ReaderPolicy())
            .SetDefaultPolicy(ReaderPolicy())
            .AddPolicy(Reader, ReaderPolicy())
            .AddPolicy(Uploader, p => p.RequireClaim(PortalClaims.UserId).RequireRole(UploaderRoles.Select(r => r.ToString())))
            .AddPolicy(Exporter, p => p.RequireClaim(PortalClaims.UserId).RequireRole(UploaderRoles.Select(r => r.ToString())))
            .AddPolicy(StateAdmin, p => p.RequireClaim(PortalClaims.UserId).RequireRole(nameof(PortalRole.StateAdmin)));
        return services;
    }

    private static Microsoft.AspNetCore.Authorization.AuthorizationPolicy ReaderPolicy() =>
        new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireClaim(PortalClaims.UserId).Build();
}
