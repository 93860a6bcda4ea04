using Microsoft.AspNetCore.Identity;
using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Features.DemoData;

namespace Portal.Tests.Features.Access;

/// <summary>The demo accounts' password is published: they exist only on the generated demo state.</summary>
public sealed class DemoUsersTests
{
    [Fact]
    public async Task The_generator_marks_its_state_and_that_state_gets_the_demo_accounts()
    {
        using var db = await TestDatabase.CreateAsync(new DemoStateOptions { Employees = 300 });
        Assert.True(await DemoStateMarker.IsDemoStateAsync(db.Factory));

        Assert.Equal(5, await DemoUsers.SeedAsync(db.Factory, new PasswordHasher<PortalUser>(), TimeProvider.System));
        Assert.Equal(5, db.Scalar("SELECT COUNT(*) FROM Users"));
        // Once there are users, never again.
        Assert.Equal(0, await DemoUsers.SeedAsync(db.Factory, new PasswordHasher<PortalUser>(), TimeProvider.System));
    }

    [Fact]
    public async Task A_state_without_the_demo_marker_gets_no_demo_accounts()
    {
        // A real state's database: the same districts and departments (loaded by other means), no marker.
        using var db = await TestDatabase.CreateAsync(new DemoStateOptions { Employees = 300 });
        db.Scalar($"DELETE FROM Settings WHERE Key = '{PortalSettingKeys.DemoState}'");
        Assert.False(await DemoStateMarker.IsDemoStateAsync(db.Factory));

        Assert.Equal(0, await DemoUsers.SeedAsync(db.Factory, new PasswordHasher<PortalUser>(), TimeProvider.System));
        Assert.Equal(0, db.Scalar("SELECT COUNT(*) FROM Users"));
    }
}
