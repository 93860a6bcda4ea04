using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Features.Dashboard;
using Portal.Web.Features.Snapshot;
using Portal.Web.Infrastructure;

namespace Portal.Tests.Features.Dashboard;

/// <summary>An open dashboard shows "Updating" while the snapshot is recounted and then the new figures, with no reload.</summary>
public sealed class DashboardRecountTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CopyOfSmallStateAsync();
        await new ComplianceAggregator(_db.Factory, TimeProvider.System, NullLogger<ComplianceAggregator>.Instance).RebuildAsync("before");
    }

    public Task DisposeAsync()
    {
        _db.Dispose();
        return Task.CompletedTask;
    }

    private sealed class Page(TestDatabase db) : PortalBunitContext(db)
    {
        public void As(string login) => SignInAs(login);
    }

    [Fact]
    public async Task The_open_page_shows_the_recounted_figures_when_the_recount_finishes()
    {
        var before = IndianFormat.Number(_db.Scalar("SELECT COUNT(*) FROM Employees WHERE Status = 1 AND OnboardedOn IS NOT NULL"));

        // An upload as the import commits it: one Lucknow employee loses the registration, the district is marked for
        // the recount and the batch is committed after the snapshot.
        var lucknow = _db.Scalar("SELECT Id FROM Districts WHERE Name = 'Lucknow'");
        _db.Execute($"UPDATE Employees SET OnboardedOn = NULL WHERE Id = (SELECT Id FROM Employees WHERE DistrictId = {lucknow} AND Status = 1 AND OnboardedOn IS NOT NULL LIMIT 1)");
        _db.Execute($"INSERT INTO SnapshotDirtyDistricts (DistrictId, MarkedAt) VALUES ({lucknow}, '{DateTime.UtcNow:yyyy-MM-dd HH:mm:ss}')");
        await using (var db = await _db.Factory.CreateUnscopedDbContextAsync())
        {
            db.ImportBatches.Add(new ImportBatch
            {
                Kind = ImportKind.Roster, FileName = "roster.xlsx", Sha256 = "test", UploadedBy = DemoUsers.StateAdmin,
                UploadedAt = DateTime.UtcNow, FinishedAt = DateTime.UtcNow, Outcome = ImportOutcome.Committed,
            });
            await db.SaveChangesAsync();
        }

        await using var context = new Page(_db);
        context.As(DemoUsers.StateAdmin);
        var page = context.Render<Home>();
        page.WaitForElement("[data-testid='updating']");
        Assert.Equal(before, page.Find("[data-testid='onboarded']").TextContent.Trim()); // the old snapshot, and says so

        // The recount the page's look asked for (the background loop's work); the test does not render the page again.
        var refresher = context.Services.GetRequiredService<ComplianceRefresher>();
        Assert.True(await refresher.ServeWaitingAsync());
        Assert.Equal(2, _db.Scalar("SELECT COUNT(*) FROM ComplianceSnapshots")); // recounted

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid='updating']")), TimeSpan.FromSeconds(20));
        var expected = IndianFormat.Number(_db.Scalar("SELECT COUNT(*) FROM Employees WHERE Status = 1 AND OnboardedOn IS NOT NULL"));
        Assert.NotEqual(before, expected);
        Assert.Equal(expected, page.Find("[data-testid='onboarded']").TextContent.Trim());
    }
}
