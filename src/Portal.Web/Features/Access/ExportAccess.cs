using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Portal.Web.Data;

namespace Portal.Web.Features.Access;

/// <summary>
/// The server-side gate of every export (a table sent from an interactive page, the staff list, an error workbook):
/// hiding the buttons is only a courtesy, since an interactive page's handlers can be invoked by a crafted circuit
/// message. The role is read from the database at the moment of the export, so a user demoted to Viewer a minute ago
/// cannot export with the claims of an old cookie or circuit. Every export and every refusal is audited.
/// </summary>
public sealed class ExportAccess(AccessService access, IAuthorizationService authorization, AuditLog audit)
{
    /// <summary>
    /// The exporting user (fresh from the database) when the principal passes the Exporter policy and its stored role
    /// may export; null otherwise, after auditing the refusal. <paramref name="what"/> names the export and its scope.
    /// </summary>
    public async Task<SignedInUser?> CheckAsync(ClaimsPrincipal principal, string what, CancellationToken ct = default)
    {
        var user = await access.GetSignedInUserAsync(principal, ct);
        var allowed = user is { MayExport: true } && (await authorization.AuthorizeAsync(principal, Policies.Exporter)).Succeeded;
        if (allowed) return user;
        var role = user is null ? "not an active portal user" : $"a {user.Role}";
        await audit.WriteAsync(user?.LoginName ?? principal.Identity?.Name ?? "anonymous", AuditActions.ExportRefused, $"{what}: refused, {role}", ct);
        return null;
    }

    /// <summary>Records an export that was made: who, what (with its scope and filters) and how many rows.</summary>
    public Task RecordAsync(SignedInUser user, string what, int rows, CancellationToken ct = default) =>
        audit.WriteAsync(user.LoginName, AuditActions.Export, $"{what}; {rows:N0} rows; exporter's scope: {user.AuditScope}", ct);
}
