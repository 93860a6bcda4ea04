using System.Net.Mail;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Web.Data;
using Portal.Web.Features.Access;

namespace Portal.Web.Features.Admin;

public enum ScopeKind { District, Grouping, Department }

public sealed record ScopeItem(ScopeKind Kind, int Id, string Label);

public sealed record UserRow(int Id, string LoginName, string DisplayName, PortalRole Role, bool IsActive, bool IsLocal,
    DateTime? LastSignInAt, string ScopeDescription, IReadOnlyList<ScopeItem> Scope);

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

/// <summary>Users and their scopes, for StateAdmins only (checked here too, not just on the page). Every change is audited.</summary>
public sealed class UserAdminService(IDbContextFactory<PortalDbContext> dbFactory, IPasswordHasher<PortalUser> hasher, SignInMode mode, TimeProvider clock)
{
    public async Task<IReadOnlyList<UserRow>> ListUsersAsync(SignedInUser actor, CancellationToken ct = default)
    {
        RequireStateAdmin(actor);
        await using var db = await dbFactory.CreateDbContextAsync(DataScope.WholeState, ct);
        var users = await LoadUsers(db).OrderBy(u => u.Role).ThenBy(u => u.LoginName).ToListAsync(ct);
        return users.Select(ToRow).ToList();
    }

    public async Task<ScopeChoices> GetScopeChoicesAsync(SignedInUser actor, CancellationToken ct = default)
    {
        RequireStateAdmin(actor);
        await using var db = await dbFactory.CreateDbContextAsync(DataScope.WholeState, ct);
        var districts = await db.Districts.OrderBy(d => d.Name).Select(d => new ScopeItem(ScopeKind.District, d.Id, d.Name)).ToListAsync(ct);
        var groupings = await db.DistrictGroupings.OrderBy(g => g.Kind).ThenBy(g => g.Name)
            .Select(g => new ScopeItem(ScopeKind.Grouping, g.Id, g.Name + " " + g.Kind.ToLower())).ToListAsync(ct);
        var departments = await db.Departments.OrderBy(d => d.Name).Select(d => new ScopeItem(ScopeKind.Department, d.Id, d.Name)).ToListAsync(ct);
        return new ScopeChoices(districts, groupings, departments);
    }

    public async Task<IReadOnlyList<AuditEntry>> RecentAuditAsync(SignedInUser actor, int count = 50, CancellationToken ct = default)
    {
        RequireStateAdmin(actor);
        await using var db = await dbFactory.CreateDbContextAsync(DataScope.WholeState, ct);
        return await db.AuditEntries.AsNoTracking().OrderByDescending(a => a.Id).Take(count).ToListAsync(ct);
    }

    /// <summary>Creates or updates a user. Returns the problems that stopped it (nothing saved), or none.</summary>
    public async Task<IReadOnlyList<string>> SaveAsync(SignedInUser actor, UserEdit edit, CancellationToken ct = default)
    {
        RequireStateAdmin(actor);
        var problems = new List<string>();
        var login = AccessService.Normalise(edit.LoginName);
        if (!MailAddress.TryCreate(login, out var parsed) || parsed.Address != login) problems.Add($"Login '{edit.LoginName}' must be an email address.");
        if (string.IsNullOrWhiteSpace(edit.DisplayName)) problems.Add("Enter a name for the user.");
        if (edit.Role != PortalRole.StateAdmin && edit.Scope.Count == 0) problems.Add($"A {edit.Role} needs a scope: add districts, groupings or departments.");
        if (edit.NewPassword is { Length: > 0 } pw && pw.Length < 10) problems.Add("A password needs at least 10 characters.");
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
        var before = created ? null : AccessService.Describe(user) + $" as {user.Role}";
        var changes = new List<string>();
        if (!created && user.Role != edit.Role) changes.Add($"role {user.Role} → {edit.Role}");
        if (!created && user.IsActive != edit.IsActive) changes.Add(edit.IsActive ? "activated" : "deactivated");
        if (!created && user.DisplayName != edit.DisplayName.Trim()) changes.Add("name changed");
        user.LoginName = login;
        user.DisplayName = edit.DisplayName.Trim();
        user.Role = edit.Role;
        user.IsActive = edit.IsActive;
        if (!string.IsNullOrEmpty(edit.NewPassword))
        {
            user.PasswordHash = hasher.HashPassword(user, edit.NewPassword);
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
        await db.SaveChangesAsync(ct);

        var saved = await LoadUsers(db).AsNoTracking().SingleAsync(u => u.Id == user.Id, ct);
        var after = AccessService.Describe(saved) + $" as {saved.Role}";
        if (created) db.AuditEntries.Add(Audit(now, actor, AuditActions.UserCreated, $"{login}: {after}"));
        else if (changes.Count > 0) db.AuditEntries.Add(Audit(now, actor, AuditActions.UserChanged, $"{login}: {string.Join(", ", changes)}"));
        if (!created && scopeChanged) db.AuditEntries.Add(Audit(now, actor, AuditActions.ScopeChanged, $"{login}: {before} → {after}"));
        await db.SaveChangesAsync(ct);
        return [];
    }

    private static AuditEntry Audit(DateTime at, SignedInUser actor, string action, string details) =>
        new() { At = at, Actor = actor.LoginName, Action = action, Details = details.Length > 2000 ? details[..2000] : details };

    private static IQueryable<PortalUser> LoadUsers(PortalDbContext db) => AccessService.WithScope(db.Users);

    private static ScopeKind KindOf(UserScopeEntry s) =>
        s.DistrictId is not null ? ScopeKind.District : s.DistrictGroupingId is not null ? ScopeKind.Grouping : ScopeKind.Department;

    private static int IdOf(UserScopeEntry s) => s.DistrictId ?? s.DistrictGroupingId ?? s.DepartmentId ?? 0;

    private static UserRow ToRow(PortalUser u) => new(u.Id, u.LoginName, u.DisplayName, u.Role, u.IsActive, u.PasswordHash is not null,
        u.LastSignInAt, AccessService.Describe(u),
        u.Scope.Select(s => new ScopeItem(KindOf(s), IdOf(s),
            s.District?.Name ?? (s.DistrictGrouping is { } g ? $"{g.Name} {g.Kind.ToLowerInvariant()}" : s.Department?.Name ?? "?"))).ToList());

    private static void RequireStateAdmin(SignedInUser actor)
    {
        if (!actor.IsStateAdmin) throw new UnauthorizedAccessException("Only a StateAdmin manages users and scopes.");
    }
}
