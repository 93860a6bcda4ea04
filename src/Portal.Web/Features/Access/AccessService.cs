using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Web.Data;

namespace Portal.Web.Features.Access;

public enum PasswordCheck { Ok, Wrong, LockedOut, NotLocal }

/// <summary>Finds portal users, checks local passwords, resolves data scopes and writes the audit trail.</summary>
public sealed class AccessService(IDbContextFactory<PortalDbContext> dbFactory, IPasswordHasher<PortalUser> hasher, TimeProvider clock)
{
    /// <summary>After this many failed sign-ins within <see cref="LockoutWindow"/>, a login is refused for that window.</summary>
    public const int MaxFailedSignIns = 5;
    public static readonly TimeSpan LockoutWindow = TimeSpan.FromMinutes(15);

    public async Task<(PasswordCheck Result, PortalUser? User)> CheckPasswordAsync(string loginName, string password, CancellationToken ct = default)
    {
        var login = Normalise(loginName);
        await using var db = await dbFactory.CreateDbContextAsync(DataScope.Nothing, ct);
        var since = clock.GetUtcNow().UtcDateTime - LockoutWindow;
        var recentFailures = await db.AuditEntries.CountAsync(a => a.Actor == login && a.Action == AuditActions.SignInFailed && a.At >= since, ct);
        if (recentFailures >= MaxFailedSignIns)
        {
            await AuditAsync(db, login, AuditActions.SignInFailed, "refused: too many failed attempts", ct);
            return (PasswordCheck.LockedOut, null);
        }

        var user = await db.Users.SingleOrDefaultAsync(u => u.LoginName == login && u.IsActive, ct);
        if (user?.PasswordHash is null)
        {
            await AuditAsync(db, login, AuditActions.SignInFailed, user is null ? "unknown or inactive login" : "not a local account", ct);
            return (user is null ? PasswordCheck.Wrong : PasswordCheck.NotLocal, null);
        }
        if (hasher.VerifyHashedPassword(user, user.PasswordHash, password) == PasswordVerificationResult.Failed)
        {
            await AuditAsync(db, login, AuditActions.SignInFailed, "wrong password", ct);
            return (PasswordCheck.Wrong, null);
        }
        user.LastSignInAt = clock.GetUtcNow().UtcDateTime;
        await AuditAsync(db, login, AuditActions.SignIn, "local account", ct);
        return (PasswordCheck.Ok, user);
    }

    /// <summary>Maps an Entra ID account to a portal user by object id, else by email (binding the object id).</summary>
    public async Task<PortalUser?> MapEntraAccountAsync(string? objectId, string? email, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(DataScope.Nothing, ct);
        var login = email is null ? null : Normalise(email);
        var user = objectId is null ? null : await db.Users.SingleOrDefaultAsync(u => u.EntraObjectId == objectId, ct);
        if (user is null && login is not null)
        {
            user = await db.Users.SingleOrDefaultAsync(u => u.LoginName == login && u.EntraObjectId == null, ct);
            if (user is not null) user.EntraObjectId = objectId;
        }
        var actor = login ?? objectId ?? "unknown";
        if (user is null || !user.IsActive)
        {
            await AuditAsync(db, actor, AuditActions.SignInFailed, user is null ? "Entra ID account is not a portal user" : "portal user is inactive", ct);
            return null;
        }
        user.LastSignInAt = clock.GetUtcNow().UtcDateTime;
        await AuditAsync(db, user.LoginName, AuditActions.SignIn, "Entra ID", ct);
        return user;
    }

    /// <summary>
    /// True while the principal's portal user is active with the role in its claims: one indexed lookup, for
    /// checks that run on every request (the scope itself is read fresh by the pages that need it).
    /// </summary>
    public async Task<bool> IsStillValidAsync(ClaimsPrincipal principal, CancellationToken ct = default)
    {
        if (principal.GetPortalUserId() is not { } id) return false;
        await using var db = await dbFactory.CreateDbContextAsync(DataScope.Nothing, ct);
        var role = await db.Users.Where(u => u.Id == id && u.IsActive).Select(u => (PortalRole?)u.Role).SingleOrDefaultAsync(ct);
        return role is { } r && principal.IsInRole(r.ToString());
    }

    /// <summary>The signed-in user behind a principal, with a fresh scope; null if it is not an active portal user.</summary>
    public async Task<SignedInUser?> GetSignedInUserAsync(ClaimsPrincipal principal, CancellationToken ct = default) =>
        principal.GetPortalUserId() is { } id ? await GetUserAsync(id, ct) : null;

    public async Task<SignedInUser?> GetUserAsync(int userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(DataScope.WholeState, ct);
        var user = await WithScope(db.Users).AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId && u.IsActive, ct);
        if (user is null) return null;
        var scope = (await ResolveScopeAsync(db, user, ct)) with { UserId = user.Id };
        return new SignedInUser(user.Id, user.LoginName, user.DisplayName, user.Role, scope, Describe(user));
    }

    public async Task<SignedInUser?> FindByLoginAsync(string loginName, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(DataScope.Nothing, ct);
        var login = Normalise(loginName);
        var id = await db.Users.Where(u => u.LoginName == login).Select(u => (int?)u.Id).SingleOrDefaultAsync(ct);
        return id is null ? null : await GetUserAsync(id.Value, ct);
    }

    /// <summary>
    /// Districts: the listed districts plus the districts of the listed groupings; none listed means every district.
    /// Departments: the listed ones; none listed means every department. A user with no entries at all sees nothing.
    /// </summary>
    private static async Task<DataScope> ResolveScopeAsync(PortalDbContext db, PortalUser user, CancellationToken ct)
    {
        if (user.Role == PortalRole.StateAdmin) return DataScope.WholeState;
        if (user.Scope.Count == 0) return DataScope.Nothing;

        var groupingIds = user.Scope.Where(s => s.DistrictGroupingId != null).Select(s => s.DistrictGroupingId!.Value).ToArray();
        var districtIds = user.Scope.Where(s => s.DistrictId != null).Select(s => s.DistrictId!.Value).ToHashSet();
        if (groupingIds.Length > 0)
            districtIds.UnionWith(await db.Districts.Where(d => d.Groupings.Any(g => groupingIds.Contains(g.Id))).Select(d => d.Id).ToListAsync(ct));
        var departmentIds = user.Scope.Where(s => s.DepartmentId != null).Select(s => s.DepartmentId!.Value).ToHashSet();

        var listsDistricts = user.Scope.Any(s => s.DistrictId != null || s.DistrictGroupingId != null);
        return new DataScope(listsDistricts ? districtIds : null, departmentIds.Count > 0 ? departmentIds : null);
    }

    /// <summary>Users with their scope entries and what the entries name (the query behind every scope description).</summary>
    public static IQueryable<PortalUser> WithScope(IQueryable<PortalUser> users) => users
        .Include(u => u.Scope).ThenInclude(s => s.District)
        .Include(u => u.Scope).ThenInclude(s => s.DistrictGrouping)
        .Include(u => u.Scope).ThenInclude(s => s.Department);

    public static string Describe(PortalUser user)
    {
        if (user.Role == PortalRole.StateAdmin) return "Whole state";
        if (user.Scope.Count == 0) return "No scope (sees nothing)";
        var places = user.Scope.Where(s => s.DistrictGrouping != null).Select(s => $"{s.DistrictGrouping!.Name} {s.DistrictGrouping.Kind.ToLowerInvariant()}")
            .Concat(user.Scope.Where(s => s.District != null).Select(s => s.District!.Name)).ToList();
        var departments = user.Scope.Where(s => s.Department != null).Select(s => s.Department!.Name).ToList();
        return $"{(places.Count > 0 ? string.Join(", ", places) : "All districts")} · {(departments.Count > 0 ? string.Join(", ", departments) : "all departments")}";
    }

    public async Task AuditAsync(string actor, string action, string? details, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(DataScope.Nothing, ct);
        await AuditAsync(db, actor, action, details, ct);
    }

    private async Task AuditAsync(PortalDbContext db, string actor, string action, string? details, CancellationToken ct)
    {
        db.AuditEntries.Add(AuditLog.Entry(clock.GetUtcNow().UtcDateTime, actor, action, details));
        await db.SaveChangesAsync(ct);
    }

    public static string Normalise(string loginName) => loginName.Trim().ToLowerInvariant();
}
