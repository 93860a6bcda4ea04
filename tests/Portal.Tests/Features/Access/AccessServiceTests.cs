using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Time.Testing;
using Portal.Web.Data;
using Portal.Web.Features.Access;

namespace Portal.Tests.Features.Access;

public sealed class AccessServiceTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero));
    private AccessService Access => new(_db.Factory, new PasswordHasher<PortalUser>(), _clock);

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync(new Portal.Web.Features.DemoData.DemoStateOptions { Employees = 300 });
        await DemoUsers.SeedAsync(_db.Factory, new PasswordHasher<PortalUser>(), _clock);
    }

    public Task DisposeAsync()
    {
        _db.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_demo_password_signs_in_any_case_of_login_and_a_wrong_one_does_not()
    {
        var (ok, user) = await Access.CheckPasswordAsync("  HR.Police@UP.gov.in ", DemoUsers.Password);
        Assert.Equal(PasswordCheck.Ok, ok);
        Assert.Equal(PortalRole.DepartmentHR, user!.Role);

        var (wrong, nobody) = await Access.CheckPasswordAsync(DemoUsers.PoliceHr, "karmayogi@2026");
        Assert.Equal(PasswordCheck.Wrong, wrong);
        Assert.Null(nobody);
    }

    [Fact]
    public async Task Passwords_are_stored_hashed()
    {
        var hash = _db.Rows($"SELECT PasswordHash FROM Users WHERE LoginName = '{DemoUsers.StateAdmin}'", r => r.GetString(0)).Single();
        Assert.DoesNotContain(DemoUsers.Password, hash);
        Assert.True(hash.Length > 40);
    }

    [Fact]
    public async Task Five_failures_lock_the_login_for_the_window_even_with_the_right_password()
    {
        for (var i = 0; i < AccessService.MaxFailedSignIns; i++)
            Assert.Equal(PasswordCheck.Wrong, (await Access.CheckPasswordAsync(DemoUsers.HealthHr, "guess" + i)).Result);

        Assert.Equal(PasswordCheck.LockedOut, (await Access.CheckPasswordAsync(DemoUsers.HealthHr, DemoUsers.Password)).Result);
        // Other logins are not affected.
        Assert.Equal(PasswordCheck.Ok, (await Access.CheckPasswordAsync(DemoUsers.PoliceHr, DemoUsers.Password)).Result);

        _clock.Advance(AccessService.LockoutWindow + TimeSpan.FromMinutes(1));
        Assert.Equal(PasswordCheck.Ok, (await Access.CheckPasswordAsync(DemoUsers.HealthHr, DemoUsers.Password)).Result);
    }

    [Fact]
    public async Task Sign_ins_and_failures_are_audited_with_who_and_when()
    {
        await Access.CheckPasswordAsync(DemoUsers.LucknowViewer, DemoUsers.Password);
        await Access.CheckPasswordAsync(DemoUsers.LucknowViewer, "wrong");

        var entries = _db.Rows($"SELECT Action, At FROM AuditEntries WHERE Actor = '{DemoUsers.LucknowViewer}' ORDER BY Id", r => (r.GetString(0), r.GetString(1)));
        Assert.Equal(["sign-in", "sign-in-failed"], entries.Select(e => e.Item1));
        Assert.All(entries, e => Assert.StartsWith("2026-11-20 10:00", e.Item2));
    }

    private const string Tenant = "11111111-2222-3333-4444-555555555555";
    private const string OtherTenant = "99999999-2222-3333-4444-555555555555";

    [Fact]
    public async Task An_Entra_account_binds_tenant_and_object_id_by_email_once_then_maps_by_them()
    {
        var first = await Access.MapEntraAccountAsync(new EntraAccount(Tenant, "oid-123", "Range.Meerut@up.gov.in"), Tenant);
        Assert.Equal(DemoUsers.MeerutRange, first!.LoginName);
        Assert.Equal(("oid-123", Tenant), _db.Rows($"SELECT EntraObjectId, EntraTenantId FROM Users WHERE LoginName = '{DemoUsers.MeerutRange}'", r => (r.GetString(0), r.GetString(1))).Single());

        // Same tenant and object id, changed preferred_username: still the same user.
        Assert.Equal(first.Id, (await Access.MapEntraAccountAsync(new EntraAccount(Tenant, "oid-123", "renamed@up.gov.in"), Tenant))!.Id);
        // Another account with the bound user's e-mail cannot take it over: the e-mail binds only once.
        Assert.Null(await Access.MapEntraAccountAsync(new EntraAccount(Tenant, "oid-999", DemoUsers.MeerutRange), Tenant));
        // The same object id in another tenant is another account (multi-tenant configuration: no tenant required).
        Assert.Null(await Access.MapEntraAccountAsync(new EntraAccount(OtherTenant, "oid-123", DemoUsers.MeerutRange), null));
    }

    [Fact]
    public async Task An_Entra_account_of_another_tenant_or_without_tenant_is_refused_when_a_tenant_is_configured()
    {
        Assert.Null(await Access.MapEntraAccountAsync(new EntraAccount(OtherTenant, "oid-1", DemoUsers.PoliceHr), Tenant));
        Assert.Null(await Access.MapEntraAccountAsync(new EntraAccount(null, "oid-1", DemoUsers.PoliceHr), Tenant));
        Assert.Null(await Access.MapEntraAccountAsync(new EntraAccount(Tenant, null, DemoUsers.PoliceHr), Tenant));
        // Nothing was bound by those attempts: the right tenant's account still binds by e-mail.
        Assert.Equal(0, _db.Scalar($"SELECT COUNT(*) FROM Users WHERE EntraObjectId IS NOT NULL"));
        Assert.NotNull(await Access.MapEntraAccountAsync(new EntraAccount(Tenant.ToUpperInvariant(), "oid-1", DemoUsers.PoliceHr), Tenant));
    }

    [Fact]
    public async Task An_Entra_account_that_is_not_a_portal_user_is_refused_and_recorded()
    {
        Assert.Null(await Access.MapEntraAccountAsync(new EntraAccount(Tenant, "oid-x", "stranger@up.gov.in"), Tenant));
        Assert.Equal(1, _db.Scalar("SELECT COUNT(*) FROM AuditEntries WHERE Actor = 'stranger@up.gov.in' AND Action = 'sign-in-failed'"));
    }
}
