using System.Net.Mail;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Web.Data;
using Portal.Web.Infrastructure.Localization;
using Portal.Web.Features.Access;

namespace Portal.Web.Features.Admin;

public enum ScopeKind { District, Grouping, Department }

public sealed record ScopeItem(ScopeKind Kind, int Id, string Label);

public sealed record UserRow(int Id, string LoginName, string DisplayName, PortalRole Role, bool IsActive, bool IsLocal,
    DateTime? LastSignInAt, string ScopeDescription, IReadOnlyList<ScopeItem> Scope, DateTime? LockedUntil = null);

public sealed record ScopeChoices(IReadOnlyList<ScopeItem> Districts, IReadOnlyList<ScopeItem> Groupings, IReadOnlyList<ScopeItem> Departments);

public sealed class UserEdit
{
    public int? Id { get; set; }
    public string LoginName { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public PortalRole Role { get; set; } = PortalRole.Viewer;
    public bool IsActive { get; set; } = true;
    /// <summary>Local mode only; empty keeps the current password.</summary>
    public string? NewPassword { get; set; }
    public List<ScopeItem> Scope { get; set; } = [];
}

/// <summary>
/// Users and their scopes, for StateAdmins only (checked here too, against the database at each call, not just on the
/// page). Every change is audited. A change of password, role, scope or status renews the user's security stamp,
/// which ends the user's open sessions.
/// </summary>
public sealed class UserAdminService(IDbContextFactory<PortalDbContext> dbFactory, IPasswordHasher<PortalUser> hasher, SignInMode mode, TimeProvider clock)
{
    /// <summary>The shortest password the portal accepts, set by an admin or by `admin create`.</summary>
    public const int MinPasswordLength = 12;
    private const string Refusal = "Only a StateAdmin manages users and scopes.";

    public async Task<IReadOnlyList<UserRow>> ListUsersAsync(SignedInUser actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(DataScope.WholeState, ct);
        await db.RequireStateAdminAsync(actor, Refusal, ct);
        var users = await LoadUsers(db).OrderBy(u => u.Role).ThenBy(u => u.LoginName).ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        return users.Select(u => ToRow(u, now)).ToList();
    }

    public async Task<ScopeChoices> GetScopeChoicesAsync(SignedInUser actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(DataScope.WholeState, ct);
        await db.RequireStateAdminAsync(actor, Refusal, ct);
        var districts = await db.Districts.OrderBy(d => d.Name).Select(d => new ScopeItem(ScopeKind.District, d.Id, d.Name)).ToListAsync(ct);
        var groupings = await db.DistrictGroupings.OrderBy(g => g.Kind).ThenBy(g => g.Name)
            .Select(g => new ScopeItem(ScopeKind.Grouping, g.Id, DistrictGrouping.LabelOf(g.Name, g.Kind))).ToListAsync(ct);
        var departments = await db.Departments.OrderBy(d => d.Name).Select(d => new ScopeItem(ScopeKind.Department, d.Id, d.Name)).ToListAsync(ct);
        return new ScopeChoices(districts, groupings, departments);
    }

    public async Task<IReadOnlyList<AuditEntry>> RecentAuditAsync(SignedInUser actor, int count = 50, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(DataScope.WholeState, ct);
        await db.RequireStateAdminAsync(actor, Refusal, ct);
        return await db.AuditEntries.AsNoTracking().OrderByDescending(a => a.Id).Take(count).ToListAsync(ct);
    }

    /// <summary>Creates or updates a user. Returns the problems that stopped it (nothing saved), or none.</summary>
    public async Task<IReadOnlyList<string>> SaveAsync(SignedInUser actor, UserEdit edit, CancellationToken ct = default)
    {
        await using (var check = await dbFactory.CreateDbContextAsync(DataScope.Nothing, ct))
            await check.RequireStateAdminAsync(actor, Refusal, ct);
        var problems = new List<string>();
        var login = AccessService.Normalise(edit.LoginName);
        if (!MailAddress.TryCreate(login, out var parsed) || parsed.Address != login) problems.Add($"Login '{edit.LoginName}' must be an email address.");
        if (string.IsNullOrWhiteSpace(edit.DisplayName)) problems.Add("Enter a name for the user.");
        if (edit.Role != PortalRole.StateAdmin && edit.Scope.Count == 0) problems.Add($"A {edit.Role} needs a scope: add districts, groupings or departments.");
        if (edit.NewPassword is { Length: > 0 } pw && PasswordProblem(pw) is { } weak) problems.Add(weak);
        if (edit.NewPassword is { Length: > 0 } && mode.UsesEntraId) problems.Add("Passwords are not used: this portal signs in with Microsoft Entra ID.");

        await using var db = await dbFactory.CreateDbContextAsync(DataScope.WholeState, ct);
        var user = edit.Id is { } id ? await LoadUsers(db).SingleOrDefaultAsync(u => u.Id == id, ct) : null;
        if (edit.Id is not null && user is null) problems.Add("That user no longer exists.");
        if (await db.Users.AnyAsync(u => u.LoginName == login && u.Id != (edit.Id ?? 0), ct)) problems.Add($"Another user already signs in as {login}.");
        if (user is { Role: PortalRole.StateAdmin, IsActive: true } && (edit.Role != PortalRole.StateAdmin || !edit.IsActive)
            && await db.Users.CountAsync(u => u.Role == PortalRole.StateAdmin && u.IsActive, ct) == 1)
            problems.Add("This is the last active StateAdmin: make another StateAdmin first.");
        if (user is null && edit.Id is null && !mode.UsesEntraId && string.IsNullOrEmpty(edit.NewPassword))
            problems.Add("Set a password for the new local account.");
        if (problems.Count > 0) return problems;

        var now = clock.GetUtcNow().UtcDateTime;
        var created = user is null;
        user ??= db.Users.Add(new PortalUser { LoginName = login, DisplayName = edit.DisplayName.Trim(), CreatedAt = now }).Entity;
        // The audit's words are English, whoever makes the change.
        var before = created ? null : AccessService.Describe(user, EnglishText.L) + $" as {user.Role}";
        var changes = new List<string>();
        var rightsChanged = !created && (user.Role != edit.Role || user.IsActive != edit.IsActive);
        if (!created && user.Role != edit.Role) changes.Add($"role {user.Role} → {edit.Role}");
        if (!created && user.IsActive != edit.IsActive) changes.Add(edit.IsActive ? "activated" : "deactivated");
        if (!created && user.DisplayName != edit.DisplayName.Trim()) changes.Add("name changed");
        user.LoginName = login;
        user.DisplayName = edit.DisplayName.Trim();
        user.Role = edit.Role;
        user.IsActive = edit.IsActive;
        var passwordReset = false;
        if (!string.IsNullOrEmpty(edit.NewPassword))
        {
            user.PasswordHash = hasher.HashPassword(user, edit.NewPassword);
            passwordReset = true;
            if (!created) changes.Add("password reset");
        }

        var wanted = edit.Scope.Select(s => (s.Kind, s.Id)).ToHashSet();
        var current = user.Scope.Select(s => (Kind: KindOf(s), Id: IdOf(s), Entry: s)).ToList();
        var scopeChanged = !wanted.SetEquals(current.Select(c => (c.Kind, c.Id)));
        foreach (var c in current.Where(c => !wanted.Contains((c.Kind, c.Id)))) user.Scope.Remove(c.Entry);
        foreach (var (kind, itemId) in wanted.Except(current.Select(c => (c.Kind, c.Id))))
            user.Scope.Add(kind switch
            {
                ScopeKind.District => new UserScopeEntry { DistrictId = itemId },
                ScopeKind.Grouping => new UserScopeEntry { DistrictGroupingId = itemId },
                _ => new UserScopeEntry { DepartmentId = itemId },
            });
        // Sessions signed in before this change end at their next request or circuit revalidation (within a minute).
        if (!created && (rightsChanged || passwordReset || scopeChanged)) user.SecurityStamp = PortalUser.NewSecurityStamp();
        await db.SaveChangesAsync(ct);

        var saved = await LoadUsers(db).AsNoTracking().SingleAsync(u => u.Id == user.Id, ct);
        var after = AccessService.Describe(saved, EnglishText.L) + $" as {saved.Role}";
        if (created) db.AuditEntries.Add(Audit(now, actor, AuditActions.UserCreated, $"{login}: {after}"));
        else if (changes.Count > 0) db.AuditEntries.Add(Audit(now, actor, AuditActions.UserChanged, $"{login}: {string.Join(", ", changes)}"));
        if (!created && scopeChanged) db.AuditEntries.Add(Audit(now, actor, AuditActions.ScopeChanged, $"{login}: {before} → {after}"));
        await db.SaveChangesAsync(ct);
        return [];
    }

    /// <summary>Clears a login's lockout (failed sign-ins and lock). Returns false when there is no such user.</summary>
    public async Task<bool> UnlockAsync(SignedInUser actor, int userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(DataScope.WholeState, ct);
        await db.RequireStateAdminAsync(actor, Refusal, ct);
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.LoginName, u.FailedSignIns, u.LockedUntil }).SingleOrDefaultAsync(ct);
        if (user is null) return false;
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(set => set
            .SetProperty(u => u.FailedSignIns, 0)
            .SetProperty(u => u.LockedUntil, (DateTime?)null), ct);
        var now = clock.GetUtcNow().UtcDateTime;
        db.AuditEntries.Add(Audit(now, actor, AuditActions.UserUnlocked,
            $"{user.LoginName}: {user.FailedSignIns} failed sign-ins{(user.LockedUntil > now ? $", was locked until {user.LockedUntil:yyyy-MM-dd HH:mm} UTC" : "")}"));
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>
    /// `admin create`: a StateAdmin made from the command line, e.g. the first account of a real state (which gets no
    /// demo accounts). In local sign-in mode it needs a password; with Entra ID it has none and is bound by e-mail at
    /// its first sign-in. Audited on the command-line channel. Returns the problems that stopped it, or none.
    /// </summary>
    public async Task<IReadOnlyList<string>> CreateStateAdminAsync(string loginName, string displayName, string? password, string operatorName, CancellationToken ct = default)
    {
        var problems = new List<string>();
        var login = AccessService.Normalise(loginName);
        if (login.Length > AccessService.MaxLoginLength || !MailAddress.TryCreate(login, out var parsed) || parsed.Address != login)
            problems.Add($"Login '{loginName}' must be an email address.");
        if (string.IsNullOrWhiteSpace(displayName)) problems.Add("Enter a name for the user.");
        if (!mode.UsesEntraId && PasswordProblem(password ?? "") is { } weak) problems.Add(weak);
        if (mode.UsesEntraId && !string.IsNullOrEmpty(password)) problems.Add("Passwords are not used: this portal signs in with Microsoft Entra ID.");
        await using var db = await dbFactory.CreateDbContextAsync(DataScope.WholeState, ct);
        if (problems.Count == 0 && await db.Users.AnyAsync(u => u.LoginName == login, ct)) problems.Add($"A user already signs in as {login}.");
        if (problems.Count > 0) return problems;

        var now = clock.GetUtcNow().UtcDateTime;
        var user = new PortalUser { LoginName = login, DisplayName = displayName.Trim(), Role = PortalRole.StateAdmin, CreatedAt = now };
        if (!mode.UsesEntraId) user.PasswordHash = hasher.HashPassword(user, password!);
        db.Users.Add(user);
        // admin create runs only from the command line, whose runs are marked cli (AuditChannel).
        db.AuditEntries.Add(AuditLog.Entry(now, operatorName, AuditActions.UserCreated, $"{login}: Whole state as {PortalRole.StateAdmin} (admin create)"));
        await db.SaveChangesAsync(ct);
        return [];
    }

    /// <summary>Why a password is refused, or null.</summary>
    public static string? PasswordProblem(string password) =>
        password.Length < MinPasswordLength ? $"A password needs at least {MinPasswordLength} characters."
        : password.Length > AccessService.MaxPasswordLength ? $"A password has at most {AccessService.MaxPasswordLength} characters."
        : password.Distinct().Count() < 5 ? "A password needs more different characters."
        : null;

    private static AuditEntry Audit(DateTime at, SignedInUser actor, string action, string details) =>
        AuditLog.Entry(at, actor.LoginName, action, details);

    private static IQueryable<PortalUser> LoadUsers(PortalDbContext db) => AccessService.WithScope(db.Users);

    private static ScopeKind KindOf(UserScopeEntry s) =>
        s.DistrictId is not null ? ScopeKind.District : s.DistrictGroupingId is not null ? ScopeKind.Grouping : ScopeKind.Department;

    private static int IdOf(UserScopeEntry s) => s.DistrictId ?? s.DistrictGroupingId ?? s.DepartmentId ?? 0;

    private static UserRow ToRow(PortalUser u, DateTime now) => new(u.Id, u.LoginName, u.DisplayName, u.Role, u.IsActive, u.PasswordHash is not null,
        u.LastSignInAt, AccessService.Describe(u),
        u.Scope.Select(s => new ScopeItem(KindOf(s), IdOf(s),
            s.District?.Name ?? (s.DistrictGrouping is { } g ? g.Label : s.Department?.Name ?? "?"))).ToList(),
        u.LockedUntil > now ? u.LockedUntil : null);
}
