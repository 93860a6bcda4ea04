using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Web.Data;
using Portal.Web.Features.DemoData;

namespace Portal.Web.Features.Access;

/// <summary>
/// Local accounts for the generated demo state, one per role and scope, with a published password. Created only on a
/// database the demo generator filled (the `demo-state` setting), that has no users, in local sign-in mode (the
/// callers check the mode): never on a real state's database.
/// </summary>
public static class DemoUsers
{
    /// <summary>The demo password of every demo account (listed in the README).</summary>
    public const string Password = "Karmayogi@2026";

    public const string StateAdmin = "cs.review@up.gov.in";
    public const string MeerutRange = "range.meerut@up.gov.in";
    public const string PoliceHr = "hr.police@up.gov.in";
    public const string HealthHr = "hr.health@up.gov.in";
    public const string LucknowViewer = "viewer.lucknow@up.gov.in";

    public const string HealthDepartment = "Health and Family Welfare";

    /// <summary>Adds the demo accounts to a generated demo state that has no users. Returns how many were added.</summary>
    public static async Task<int> SeedAsync(IDbContextFactory<PortalDbContext> dbFactory, IPasswordHasher<PortalUser> hasher, TimeProvider clock, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateUnscopedDbContextAsync(ct);
        if (await db.Users.AnyAsync(ct)) return 0;
        if (!await db.Settings.AnyAsync(s => s.Key == PortalSettingKeys.DemoState, ct)) return 0; // a real state's database

        var meerutRange = await db.DistrictGroupings.SingleOrDefaultAsync(g => g.Kind == GroupingKinds.PoliceRange && g.Name == DemoStateCatalog.MeerutRange, ct);
        var police = await db.Departments.SingleOrDefaultAsync(d => d.Name == DemoStateCatalog.PoliceDepartment, ct);
        var health = await db.Departments.SingleOrDefaultAsync(d => d.Name == HealthDepartment, ct);
        var lucknow = await db.Districts.SingleOrDefaultAsync(d => d.Name == "Lucknow", ct);
        if (meerutRange is null || police is null || health is null || lucknow is null) return 0; // not the demo state

        var now = clock.GetUtcNow().UtcDateTime;
        PortalUser Make(string login, string name, PortalRole role, params UserScopeEntry[] scope)
        {
            var user = new PortalUser { LoginName = login, DisplayName = name, Role = role, CreatedAt = now, Scope = [.. scope] };
            user.PasswordHash = hasher.HashPassword(user, Password);
            return user;
        }

        db.Users.AddRange(
            Make(StateAdmin, "Chief Secretary's Review Cell", PortalRole.StateAdmin),
            Make(MeerutRange, "DIG Meerut Range Office", PortalRole.RangeOffice,
                new UserScopeEntry { DistrictGroupingId = meerutRange.Id }, new UserScopeEntry { DepartmentId = police.Id }),
            Make(PoliceHr, "Police HQ HR Cell", PortalRole.DepartmentHR, new UserScopeEntry { DepartmentId = police.Id }),
            Make(HealthHr, "Health Department HR Cell", PortalRole.DepartmentHR, new UserScopeEntry { DepartmentId = health.Id }),
            Make(LucknowViewer, "District Magistrate, Lucknow", PortalRole.Viewer, new UserScopeEntry { DistrictId = lucknow.Id }));
        db.AuditEntries.Add(AuditLog.Entry(now, "system", AuditActions.UserCreated, "demo accounts for the embedded default"));
        await db.SaveChangesAsync(ct);
        return 5;
    }
}
