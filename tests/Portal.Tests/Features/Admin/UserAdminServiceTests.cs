using Microsoft.AspNetCore.Identity;
using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Features.Admin;

namespace Portal.Tests.Features.Admin;

public sealed class UserAdminServiceTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private AccessService Access => new(_db.Factory, new PasswordHasher<PortalUser>(), TimeProvider.System);
    private UserAdminService Admin => new(_db.Factory, new PasswordHasher<PortalUser>(), new SignInMode(false), TimeProvider.System);

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync(new Portal.Web.Features.DemoData.DemoStateOptions { Employees = 300 });
        await DemoUsers.SeedAsync(_db.Factory, new PasswordHasher<PortalUser>(), TimeProvider.System);
    }

    public Task DisposeAsync()
    {
        _db.Dispose();
        return Task.CompletedTask;
    }

    private async Task<SignedInUser> As(string login) => (await Access.FindByLoginAsync(login))!;

    [Fact]
    public async Task Only_a_state_admin_may_list_or_change_users()
    {
        var range = await As(DemoUsers.MeerutRange);
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Admin.ListUsersAsync(range));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Admin.SaveAsync(range, new UserEdit { Id = range.Id, LoginName = range.LoginName, DisplayName = "x", Role = PortalRole.StateAdmin }));
        Assert.Equal((long)PortalRole.RangeOffice, _db.Scalar($"SELECT Role FROM Users WHERE LoginName = '{DemoUsers.MeerutRange}'"));
    }

    [Fact]
    public async Task Changing_a_scope_takes_effect_at_once_and_is_audited_with_who()
    {
        var admin = await As(DemoUsers.StateAdmin);
        var viewer = (await Admin.ListUsersAsync(admin)).Single(u => u.LoginName == DemoUsers.LucknowViewer);
        var hapur = (int)_db.Scalar("SELECT Id FROM Districts WHERE Name = 'Hapur'");

        var problems = await Admin.SaveAsync(admin, new UserEdit
        {
            Id = viewer.Id, LoginName = viewer.LoginName, DisplayName = viewer.DisplayName, Role = viewer.Role, IsActive = true,
            Scope = [.. viewer.Scope, new ScopeItem(ScopeKind.District, hapur, "Hapur")],
        });

        Assert.Empty(problems);
        Assert.Equal(2, (await As(DemoUsers.LucknowViewer)).Scope.DistrictIds!.Count);
        var audit = _db.Rows("SELECT Actor, Details FROM AuditEntries WHERE Action = 'scope-changed'", r => (r.GetString(0), r.GetString(1))).Single();
        Assert.Equal(DemoUsers.StateAdmin, audit.Item1);
        Assert.Contains("Lucknow", audit.Item2);
        Assert.Contains("Hapur", audit.Item2);
    }

    [Fact]
    public async Task A_new_user_is_created_with_a_hashed_password_and_can_sign_in()
    {
        var admin = await As(DemoUsers.StateAdmin);
        var range = (await Admin.GetScopeChoicesAsync(admin)).Groupings.First(g => g.Label == "Agra police range");

        var problems = await Admin.SaveAsync(admin, new UserEdit
        {
            LoginName = "Range.Agra@up.gov.in", DisplayName = "Agra Range", Role = PortalRole.RangeOffice, NewPassword = "a-long-password-1",
            Scope = [range],
        });

        Assert.Empty(problems);
        var (result, user) = await Access.CheckPasswordAsync("range.agra@up.gov.in", "a-long-password-1");
        Assert.Equal(PasswordCheck.Ok, result);
        Assert.Equal(3, (await Access.GetUserAsync(user!.Id))!.Scope.DistrictIds!.Count); // Firozabad, Mainpuri, Mathura
        Assert.Equal(1, _db.Scalar("SELECT COUNT(*) FROM AuditEntries WHERE Action = 'user-created' AND Details LIKE 'range.agra@up.gov.in%'"));
    }

    [Fact]
    public async Task Invalid_input_is_explained_and_nothing_is_saved()
    {
        var admin = await As(DemoUsers.StateAdmin);
        var before = _db.Scalar("SELECT COUNT(*) FROM Users");

        var problems = await Admin.SaveAsync(admin, new UserEdit { LoginName = "not an email", DisplayName = "", Role = PortalRole.Viewer, NewPassword = "short" });

        Assert.Contains(problems, p => p.Contains("must be an email address"));
        Assert.Contains(problems, p => p.Contains("needs a scope"));
        Assert.Contains(problems, p => p.Contains("at least 12 characters"));
        Assert.Equal(before, _db.Scalar("SELECT COUNT(*) FROM Users"));
    }

    [Fact]
    public async Task The_last_state_admin_cannot_be_demoted()
    {
        var admin = await As(DemoUsers.StateAdmin);

        var problems = await Admin.SaveAsync(admin, new UserEdit
        {
            Id = admin.Id, LoginName = admin.LoginName, DisplayName = admin.DisplayName, Role = PortalRole.Viewer, IsActive = true,
            Scope = [new ScopeItem(ScopeKind.District, (int)_db.Scalar("SELECT Id FROM Districts WHERE Name = 'Agra'"), "Agra")],
        });

        Assert.Contains(problems, p => p.Contains("last active StateAdmin"));
        Assert.Equal((long)PortalRole.StateAdmin, _db.Scalar($"SELECT Role FROM Users WHERE LoginName = '{DemoUsers.StateAdmin}'"));
    }

    private string StampOf(string login) => _db.Rows($"SELECT SecurityStamp FROM Users WHERE LoginName = '{login}'", r => r.GetString(0)).Single();

    private static UserEdit EditOf(UserRow row) => new()
    {
        Id = row.Id, LoginName = row.LoginName, DisplayName = row.DisplayName, Role = row.Role, IsActive = row.IsActive, Scope = row.Scope.ToList(),
    };

    [Theory]
    [InlineData("role")]
    [InlineData("scope")]
    [InlineData("password")]
    [InlineData("status")]
    public async Task A_change_of_password_role_scope_or_status_renews_the_security_stamp(string change)
    {
        var admin = await As(DemoUsers.StateAdmin);
        var row = (await Admin.ListUsersAsync(admin)).Single(u => u.LoginName == DemoUsers.PoliceHr);
        var before = StampOf(DemoUsers.PoliceHr);
        var agra = new ScopeItem(ScopeKind.District, (int)_db.Scalar("SELECT Id FROM Districts WHERE Name = 'Agra'"), "Agra");
        var edit = EditOf(row);
        switch (change)
        {
            case "role": edit.Role = PortalRole.Viewer; break;
            case "scope": edit.Scope.Add(agra); break;
            case "password": edit.NewPassword = "a-new-long-password"; break;
            case "status": edit.IsActive = false; break;
        }

        Assert.Empty(await Admin.SaveAsync(admin, edit));

        Assert.NotEqual(before, StampOf(DemoUsers.PoliceHr));
    }

    [Fact]
    public async Task A_change_of_name_alone_keeps_the_sessions()
    {
        var admin = await As(DemoUsers.StateAdmin);
        var edit = EditOf((await Admin.ListUsersAsync(admin)).Single(u => u.LoginName == DemoUsers.PoliceHr));
        var before = StampOf(DemoUsers.PoliceHr);
        edit.DisplayName = "Police HR (renamed)";

        Assert.Empty(await Admin.SaveAsync(admin, edit));

        Assert.Equal(before, StampOf(DemoUsers.PoliceHr));
    }

    [Fact]
    public async Task A_demoted_or_deactivated_state_admin_loses_admin_rights_at_once_even_from_an_open_page()
    {
        var admin = await As(DemoUsers.StateAdmin); // what an open page holds
        _db.Scalar($"UPDATE Users SET Role = {(int)PortalRole.Viewer} WHERE LoginName = '{DemoUsers.StateAdmin}'");
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Admin.ListUsersAsync(admin));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Admin.SaveAsync(admin, new UserEdit { LoginName = "x@up.gov.in", DisplayName = "x", Role = PortalRole.StateAdmin, NewPassword = "a-long-password-1" }));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Admin.UnlockAsync(admin, admin.Id));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => new AliasService(_db.Factory, TimeProvider.System).ListAsync(admin));

        _db.Scalar($"UPDATE Users SET Role = {(int)PortalRole.StateAdmin}, IsActive = 0 WHERE LoginName = '{DemoUsers.StateAdmin}'");
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Admin.ListUsersAsync(admin));
        Assert.Equal(0, _db.Scalar("SELECT COUNT(*) FROM Users WHERE LoginName = 'x@up.gov.in'"));
    }

    [Fact]
    public async Task A_state_admin_unlocks_a_locked_login_and_it_is_audited()
    {
        for (var i = 0; i < AccessService.MaxFailedSignIns; i++) await Access.CheckPasswordAsync(DemoUsers.HealthHr, "guess" + i);
        Assert.Equal(PasswordCheck.LockedOut, (await Access.CheckPasswordAsync(DemoUsers.HealthHr, DemoUsers.Password)).Result);
        var admin = await As(DemoUsers.StateAdmin);
        var row = (await Admin.ListUsersAsync(admin)).Single(u => u.LoginName == DemoUsers.HealthHr);
        Assert.NotNull(row.LockedUntil);
        await Assert.ThrowsAsync<UnauthorizedAccessException>(async () => await Admin.UnlockAsync(await As(DemoUsers.PoliceHr), row.Id));

        Assert.True(await Admin.UnlockAsync(admin, row.Id));

        Assert.Null((await Admin.ListUsersAsync(admin)).Single(u => u.LoginName == DemoUsers.HealthHr).LockedUntil);
        Assert.Equal(PasswordCheck.Ok, (await Access.CheckPasswordAsync(DemoUsers.HealthHr, DemoUsers.Password)).Result);
        var audit = _db.Rows("SELECT Actor, Details FROM AuditEntries WHERE Action = 'user-unlocked'", r => (r.GetString(0), r.GetString(1))).Single();
        Assert.Equal(DemoUsers.StateAdmin, audit.Item1);
        Assert.StartsWith($"{DemoUsers.HealthHr}: 5 failed sign-ins", audit.Item2);
    }
}
