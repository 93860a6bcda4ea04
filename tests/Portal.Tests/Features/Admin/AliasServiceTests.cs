using Microsoft.AspNetCore.Identity;
using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Features.Admin;
using Portal.Tests.Features.Rosters;

namespace Portal.Tests.Features.Admin;

public sealed class AliasServiceTests : RosterImportTestBase
{
    private AliasService Aliases => new(Db.Factory, TimeProvider.System);

    [Fact]
    public async Task A_new_alias_is_accepted_by_the_next_upload_and_audited()
    {
        var admin = await Admin();
        var row = RosterFiles.MeerutConstable("AL1");
        row[4] = "Meerut City";
        Assert.Equal(1, (await Preview(RosterFiles.Xlsx([row]))).Rejected);

        var meerut = (int)Db.Scalar("SELECT Id FROM Districts WHERE Name = 'Meerut'");
        Assert.Null(await Aliases.AddAsync(admin, AliasKind.District, "Meerut City", meerut));

        Assert.Equal(1, (await Import(RosterFiles.Xlsx([row]))).New);
        Assert.Equal(1, Db.Scalar("SELECT COUNT(*) FROM AuditEntries WHERE Action = 'alias-added' AND Details LIKE '%Meerut City%'"));
    }

    [Fact]
    public async Task An_alias_that_already_means_something_is_refused()
    {
        var admin = await Admin();
        var hapur = (int)Db.Scalar("SELECT Id FROM Districts WHERE Name = 'Hapur'");
        Assert.Contains("already means Prayagraj", await Aliases.AddAsync(admin, AliasKind.District, "allahabad", hapur));
        Assert.Contains("already means Meerut", await Aliases.AddAsync(admin, AliasKind.District, "MEERUT", hapur));
    }

    [Fact]
    public async Task Only_a_state_admin_edits_aliases()
    {
        await Assert.ThrowsAsync<UnauthorizedAccessException>(async () => await Aliases.AddAsync(await MeerutRange(), AliasKind.District, "X Nagar", 1));
    }
}
