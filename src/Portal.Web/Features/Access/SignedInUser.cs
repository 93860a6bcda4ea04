using System.Security.Claims;
using Portal.Web.Data;

namespace Portal.Web.Features.Access;

/// <summary>
/// A signed-in portal user with the data scope resolved from the database: its description in the reader's language
/// (<see cref="ScopeDescription"/>, for pages and files) and in English (<see cref="AuditScope"/>, for the audit trail,
/// which is English whoever writes it).
/// </summary>
public sealed record SignedInUser(int Id, string LoginName, string DisplayName, PortalRole Role, DataScope Scope, string ScopeDescription, string AuditScope)
{
    public bool MayUpload => Policies.UploaderRoles.Contains(Role);
    public bool MayExport => Policies.UploaderRoles.Contains(Role);
    public bool IsStateAdmin => Role == PortalRole.StateAdmin;
}

public static class PortalClaims
{
    /// <summary>The portal user's id; present only once an account is mapped to a portal user.</summary>
    public const string UserId = "portal:user-id";
    /// <summary>The user's security stamp at sign-in; the session ends once the stored stamp differs.</summary>
    public const string SecurityStamp = "portal:security-stamp";

    public static int? GetPortalUserId(this ClaimsPrincipal principal) =>
        int.TryParse(principal.FindFirstValue(UserId), out var id) ? id : null;

    public static ClaimsIdentity CreateIdentity(PortalUser user, string authenticationType) => new(
        [
            new Claim(UserId, user.Id.ToString()),
            new Claim(SecurityStamp, user.SecurityStamp),
            new Claim(ClaimTypes.Name, user.LoginName),
            new Claim("name", user.DisplayName),
            new Claim(ClaimTypes.Role, user.Role.ToString()),
        ], authenticationType, ClaimTypes.Name, ClaimTypes.Role);
}
