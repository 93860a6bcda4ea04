using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Web.Data;
using Portal.Web.Infrastructure.Localization;
using Portal.Web.Resources;

namespace Portal.Web.Features.Access;

public enum PasswordCheck { Ok, Wrong, LockedOut, NotLocal, TooLong }

/// <summary>What an Entra ID token says about the account: its tenant, its object id (unique only within the tenant) and its e-mail.</summary>
public sealed record EntraAccount(string? TenantId, string? ObjectId, string? Email)
{
    public const string TenantIdClaim = "http://schemas.microsoft.com/identity/claims/tenantid";
    public const string ObjectIdClaim = "http://schemas.microsoft.com/identity/claims/objectidentifier";

    public static EntraAccount From(ClaimsPrincipal principal) => new(
        principal.FindFirstValue(TenantIdClaim) ?? principal.FindFirstValue("tid"),
        principal.FindFirstValue(ObjectIdClaim) ?? principal.FindFirstValue("oid"),
        principal.FindFirstValue("preferred_username") ?? principal.FindFirstValue(ClaimTypes.Email) ?? principal.FindFirstValue(ClaimTypes.Upn));
}

/// <summary>Finds portal users, checks local passwords, resolves data scopes and writes the audit trail.</summary>
public sealed class AccessService(IDbContextFactory<PortalDbContext> dbFactory, IPasswordHasher<PortalUser> hasher, TimeProvider clock)
{
    /// <summary>After this many failed sign-ins in a row, a login is refused for <see cref="LockoutWindow"/>.</summary>
    public const int MaxFailedSignIns = 5;
    public static readonly TimeSpan LockoutWindow = TimeSpan.FromMinutes(15);
    /// <summary>The longest e-mail address (RFC 5321); a longer login is refused before any lookup.</summary>
    public const int MaxLoginLength = 254;
    public const int MaxPasswordLength = 256;
    /// <summary>How much of an over-long login the audit keeps.</summary>
    private const int AuditedLoginLength = 100;

    /// <summary>
    /// Verified when the login is unknown, inactive or not local, so that such logins take as long to refuse as a
    /// wrong password (otherwise the response time tells which logins exist).
    /// </summary>
    private static readonly PortalUser DummyUser = new() { LoginName = "nobody", DisplayName = "nobody" };
    private static string? _dummyHash;

    public async Task<(PasswordCheck Result, PortalUser? User)> CheckPasswordAsync(string loginName, string password, CancellationToken ct = default)
    {
        if (loginName.Length > MaxLoginLength || password.Length > MaxPasswordLength)
        {
            var shown = loginName.Length > AuditedLoginLength ? loginName[..AuditedLoginLength] + "…" : loginName;
            await AuditAsync(Normalise(shown), AuditActions.SignInFailed,
                $"refused unread: login of {loginName.Length} characters, password of {password.Length} (limits {MaxLoginLength} and {MaxPasswordLength})", ct);
            return (PasswordCheck.TooLong, null);
        }

        var login = Normalise(loginName);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(DataScope.Nothing, ct);
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.LoginName == login && u.IsActive, ct);
        if (user?.PasswordHash is null)
        {
            VerifyDummy(password);
            await AuditAsync(db, login, AuditActions.SignInFailed, user is null ? "unknown or inactive login" : "not a local account", ct);
            return (user is null ? PasswordCheck.Wrong : PasswordCheck.NotLocal, null);
        }
        // Attempts during a lockout are refused without counting: they neither extend the lock nor count afterwards.
        if (user.LockedUntil > now)
        {
            await AuditAsync(db, login, AuditActions.SignInFailed, $"refused: locked until {user.LockedUntil:yyyy-MM-dd HH:mm} UTC", ct);
            return (PasswordCheck.LockedOut, null);
        }

        var notLocked = NotLockedAt(user.Id, now);
        if (hasher.VerifyHashedPassword(user, user.PasswordHash, password) == PasswordVerificationResult.Failed)
        {
            // One statement, so parallel attempts cannot count past the limit: each adds one to the stored count
            // (restarting from one after an expired lock), and the one that reaches the limit sets the lock.
            var lockUntil = now + LockoutWindow;
            var counted = await db.Users.Where(notLocked).ExecuteUpdateAsync(set => set
                .SetProperty(u => u.FailedSignIns, u => u.LockedUntil == null ? u.FailedSignIns + 1 : 1)
                .SetProperty(u => u.LockedUntil, u => u.LockedUntil == null && u.FailedSignIns + 1 >= MaxFailedSignIns ? lockUntil : (DateTime?)null), ct);
            await AuditAsync(db, login, AuditActions.SignInFailed, counted == 0 ? "refused: locked" : "wrong password", ct);
            return (counted == 0 ? PasswordCheck.LockedOut : PasswordCheck.Wrong, null);
        }

        // A parallel attempt may have locked the account since it was read: success only while still unlocked.
        var signedIn = await db.Users.Where(notLocked).ExecuteUpdateAsync(set => set
            .SetProperty(u => u.FailedSignIns, 0)
            .SetProperty(u => u.LockedUntil, (DateTime?)null)
            .SetProperty(u => u.LastSignInAt, now), ct);
        if (signedIn == 0)
        {
            await AuditAsync(db, login, AuditActions.SignInFailed, "refused: locked", ct);
            return (PasswordCheck.LockedOut, null);
        }
        user.LastSignInAt = now;
        user.FailedSignIns = 0;
        user.LockedUntil = null;
        await AuditAsync(db, login, AuditActions.SignIn, "local account", ct);
        return (PasswordCheck.Ok, user);
    }

    private static System.Linq.Expressions.Expression<Func<PortalUser, bool>> NotLockedAt(int userId, DateTime now) =>
        u => u.Id == userId && (u.LockedUntil == null || u.LockedUntil <= now);

    private void VerifyDummy(string password)
    {
        _dummyHash ??= hasher.HashPassword(DummyUser, PortalUser.NewSecurityStamp());
        hasher.VerifyHashedPassword(DummyUser, _dummyHash, password);
    }

    /// <summary>
    /// Maps an Entra ID account to a portal user by (tenant, object id); an account not bound yet is matched once by
    /// e-mail, which binds both. With <paramref name="requiredTenantId"/> set, accounts of any other tenant are refused.
    /// </summary>
    public async Task<PortalUser?> MapEntraAccountAsync(EntraAccount account, string? requiredTenantId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(DataScope.Nothing, ct);
        var login = account.Email is null ? null : Normalise(account.Email);
        var actor = Truncate(login ?? account.ObjectId ?? "unknown", MaxLoginLength);
        if (string.IsNullOrEmpty(account.TenantId) || string.IsNullOrEmpty(account.ObjectId))
        {
            await AuditAsync(db, actor, AuditActions.SignInFailed, "Entra ID token without tenant or object id", ct);
            return null;
        }
        if (requiredTenantId is not null && !string.Equals(account.TenantId, requiredTenantId, StringComparison.OrdinalIgnoreCase))
        {
            await AuditAsync(db, actor, AuditActions.SignInFailed, Truncate($"Entra ID account of another tenant ({account.TenantId})", 2000), ct);
            return null;
        }

        var tenant = account.TenantId.ToLowerInvariant();
        var user = await db.Users.SingleOrDefaultAsync(u => u.EntraTenantId == tenant && u.EntraObjectId == account.ObjectId, ct);
        if (user is null && login is not null)
        {
            // Bound by e-mail only once: afterwards a changed or reused preferred_username no longer matters.
            user = await db.Users.SingleOrDefaultAsync(u => u.LoginName == login && u.EntraObjectId == null, ct);
            if (user is not null)
            {
                user.EntraObjectId = account.ObjectId;
                user.EntraTenantId = tenant;
            }
        }
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
    /// True while the principal's portal user is active with the role and security stamp in its claims: one lookup by
    /// primary key, for checks that run on every request and every circuit revalidation. A change of password, role,
    /// scope or status renews the stamp, so it ends every session issued before it.
    /// </summary>
    public async Task<bool> IsStillValidAsync(ClaimsPrincipal principal, CancellationToken ct = default)
    {
        if (principal.GetPortalUserId() is not { } id || principal.FindFirstValue(PortalClaims.SecurityStamp) is not { } stamp) return false;
        await using var db = await dbFactory.CreateDbContextAsync(DataScope.Nothing, ct);
        var current = await db.Users.Where(u => u.Id == id && u.IsActive).Select(u => new { u.Role, u.SecurityStamp }).SingleOrDefaultAsync(ct);
        return current is not null && current.SecurityStamp == stamp && principal.IsInRole(current.Role.ToString());
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
        return new SignedInUser(user.Id, user.LoginName, user.DisplayName, user.Role, scope, Describe(user), Describe(user, EnglishText.L));
    }

    /// <summary>
    /// A user's data scope as it is now, active or not: which districts and departments their uploads could cover (the
    /// review pack's upload freshness). Null when there is no such user.
    /// </summary>
    public async Task<DataScope?> GetScopeOfAsync(int userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(DataScope.WholeState, ct);
        var user = await WithScope(db.Users).AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, ct);
        return user is null ? null : await ResolveScopeAsync(db, user, ct);
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

    /// <summary>
    /// The user's scope in words, e.g. "Meerut police range · Police": in the reader's language (the current UI culture,
    /// which a signed-in user's page carries), or in the words of <paramref name="L"/> (English for the audit trail).
    /// Names are as entered; only the words around them are translated.
    /// </summary>
    public static string Describe(PortalUser user, IStringLocalizer? L = null)
    {
        L ??= SharedText.L;
        if (user.Role == PortalRole.StateAdmin) return L["Whole state"];
        if (user.Scope.Count == 0) return L["No scope (sees nothing)"];
        var places = user.Scope.Where(s => s.DistrictGrouping != null).Select(s => DistrictGrouping.LabelOf(s.DistrictGrouping!.Name, s.DistrictGrouping.Kind, L))
            .Concat(user.Scope.Where(s => s.District != null).Select(s => s.District!.Name)).ToList();
        var departments = user.Scope.Where(s => s.Department != null).Select(s => s.Department!.Name).ToList();
        return $"{(places.Count > 0 ? string.Join(", ", places) : L["All districts"])} · {(departments.Count > 0 ? string.Join(", ", departments) : L["all departments"])}";
    }

    public async Task AuditAsync(string actor, string action, string? details, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(DataScope.Nothing, ct);
        await AuditAsync(db, actor, action, details, ct);
    }

    private async Task AuditAsync(PortalDbContext db, string actor, string action, string? details, CancellationToken ct)
    {
        db.AuditEntries.Add(AuditLog.Entry(clock.GetUtcNow().UtcDateTime, Truncate(actor, MaxLoginLength), action, details));
        await db.SaveChangesAsync(ct);
    }

    public static string Normalise(string loginName) => loginName.Trim().ToLowerInvariant();

    private static string Truncate(string text, int length) => text.Length > length ? text[..length] : text;
}

/// <summary>
/// The one StateAdmin check of admin actions: the role and status are read from the database at the time of the
/// action, never taken from a <see cref="SignedInUser"/> a page may have held since it opened.
/// </summary>
public static class StateAdminCheck
{
    public static Task RequireStateAdminAsync(this PortalDbContext db, [System.Diagnostics.CodeAnalysis.NotNull] SignedInUser? actor, string refusal, CancellationToken ct = default) =>
        db.RequireRoleAsync(actor, [PortalRole.StateAdmin], refusal, ct);

    /// <summary>Refuses unless the actor is, in the database now, an active user with one of <paramref name="roles"/>.</summary>
    public static async Task RequireRoleAsync(this PortalDbContext db, [System.Diagnostics.CodeAnalysis.NotNull] SignedInUser? actor,
        IReadOnlyCollection<PortalRole> roles, string refusal, CancellationToken ct = default)
    {
        if (actor is null || !await db.Users.AnyAsync(u => u.Id == actor.Id && u.IsActive && roles.Contains(u.Role), ct))
            throw new UnauthorizedAccessException(refusal);
    }
}
