using Portal.Web.Data;
using Portal.Web.Features.Access;

namespace Portal.Tests.Features.Rosters;

/// <summary>An upload is checked against the uploader's role as stored now, and a committed one is audited in its transaction.</summary>
public sealed class UploadRightsTests : RosterImportTestBase
{
    [Fact]
    public async Task A_user_demoted_after_the_page_opened_can_neither_preview_nor_commit()
    {
        var service = Service();
        var range = await MeerutRange();
        var preview = await service.PreviewAsync(range, RosterFiles.Xlsx([RosterFiles.MeerutConstable("DEM1")]), "r.xlsx");
        Assert.Equal(ImportOutcome.Previewed, preview.Outcome);

        Db.Execute($"UPDATE Users SET Role = {(int)PortalRole.Viewer} WHERE LoginName = '{DemoUsers.MeerutRange}'");
        var batches = Db.Scalar("SELECT COUNT(*) FROM ImportBatches");

        // `range` is the object a page kept since it opened: it still says RangeOffice.
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => service.CommitAsync(range, preview.BatchId, completeRoster: false));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => service.PreviewAsync(range, RosterFiles.Xlsx([RosterFiles.MeerutConstable("DEM2")]), "r.xlsx"));
        Assert.Null(Field("DEM1", "Name"));
        Assert.Equal(batches, Db.Scalar("SELECT COUNT(*) FROM ImportBatches"));
    }

    [Fact]
    public async Task A_committed_upload_is_audited_with_its_counts_and_a_preview_is_not()
    {
        var service = Service();
        var range = await MeerutRange();
        var preview = await service.PreviewAsync(range, RosterFiles.Xlsx([RosterFiles.MeerutConstable("AUW1"), RosterFiles.MeerutConstable("AUW2", mobile: "1")]), "web.xlsx");
        Assert.Equal(0, Db.Scalar("SELECT COUNT(*) FROM AuditEntries WHERE Action = 'roster-import'"));

        await service.CommitAsync(range, preview.BatchId, completeRoster: false);

        var entry = Db.Rows("SELECT Actor, Channel, Details FROM AuditEntries WHERE Action = 'roster-import'",
            r => (Actor: r.GetString(0), Channel: r.GetString(1), Details: r.GetString(2))).Single();
        Assert.Equal((DemoUsers.MeerutRange, "web"), (entry.Actor, entry.Channel));
        Assert.Contains($"upload {preview.BatchId} (web.xlsx) committed", entry.Details);
        Assert.Contains("1 new", entry.Details);
        Assert.Contains("1 rejected", entry.Details);
    }
}
