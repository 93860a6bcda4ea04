using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Tests.Features.Progress;
using Portal.Tests.Features.Rosters;
using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Features.Dashboard;
using Portal.Web.Features.ReviewPack;
using Portal.Web.Features.Snapshot;
using Portal.Web.Infrastructure;
using static Portal.Tests.Features.Progress.IgotReportFiles;

namespace Portal.Tests.Features.ReviewPack;

/// <summary>
/// The review pack's upload freshness from what committed uploads covered: real roster and iGOT report uploads through
/// the upload services, the recorded coverage checked against SQL written here, and the pack's districts for several readers.
/// </summary>
public sealed class UploadFreshnessTests : ProgressUploadTestBase
{
    private ServiceProvider _services = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await new ComplianceAggregator(Db.Factory, TimeProvider.System, NullLogger<ComplianceAggregator>.Instance).RebuildAsync("test");
        _services = new ServiceCollection().AddLogging().AddPortalFeatures()
            .AddSingleton(Db.Factory)
            .AddSingleton<IPasswordHasher<PortalUser>, PasswordHasher<PortalUser>>()
            .AddTransient<AccessService>()
            .AddSingleton(new ReviewPackOptions { StaleAfterDays = 10 })
            .BuildServiceProvider();
        // The state copy has no upload of its own: every freshness below is this test's.
        Assert.Equal(0, Db.Scalar("SELECT COUNT(*) FROM ImportBatches"));
    }

    private async Task<UploadFreshness> FreshnessFor(string login) =>
        (await _services.GetRequiredService<ReviewPackService>().BuildAsync(await User(login), new DashboardView()))!.Freshness;

    private string DisplayName(string login) => Db.Rows($"SELECT DisplayName FROM Users WHERE LoginName = '{login}'", r => r.GetString(0)).Single();

    private int DistrictId(string name) => (int)Db.Scalar($"SELECT Id FROM Districts WHERE Name = '{name}'");

    private List<(int District, int Department, int Rows)> Coverage(int batchId) =>
        Db.Rows($"SELECT DistrictId, DepartmentId, Rows FROM ImportBatchCoverage WHERE BatchId = {batchId} ORDER BY DistrictId, DepartmentId",
            r => (r.GetInt32(0), r.GetInt32(1), r.GetInt32(2)));

    [Fact]
    public async Task A_state_admins_iGOT_report_covering_Meerut_and_Agra_makes_exactly_those_two_fresh()
    {
        var police = (int)Db.Scalar("SELECT Id FROM Departments WHERE Name = 'Police'");
        var health = (int)Db.Scalar($"SELECT Id FROM Departments WHERE Name = '{DemoUsers.HealthDepartment}'");
        // Active staff (police in Meerut, of any department but Health in Agra), found by their employee code alone.
        List<(int Id, string Code)> Staff(string district, string department, int count) => Db.Rows($"""
            SELECT Id, EmployeeCode FROM Employees WHERE Status = 1 AND {department} AND DistrictId = {DistrictId(district)} ORDER BY Id LIMIT {count}
            """, r => (r.GetInt32(0), r.GetString(1)));
        var meerut = Staff("Meerut", $"DepartmentId = {police}", 2);
        var agra = Staff("Agra", $"DepartmentId <> {health}", 1).Single();
        Assert.Equal(2, meerut.Count);
        var file = Files.EnrolmentCsv(
            Enrolment(meerut[0].Code, null, null, CourseA),
            Enrolment(meerut[1].Code, null, null, CourseB, status: "in-progress", progress: "40"),
            Enrolment(agra.Code, null, null, CourseA),
            // Nobody on the roster: covers no district.
            Enrolment("NOBODY/1", "nobody@example.com", "9000000999", CourseA));

        var result = await ProgressService().ImportAsync(await Admin(), file, Path.GetFileName(file), null);

        Assert.Equal(ImportOutcome.Committed, result.Outcome);
        var expected = Db.Rows($"""
            SELECT e.DistrictId, e.DepartmentId, COUNT(*) FROM Employees e WHERE e.Id IN ({meerut[0].Id}, {meerut[1].Id}, {agra.Id})
            GROUP BY e.DistrictId, e.DepartmentId ORDER BY e.DistrictId, e.DepartmentId
            """, r => (r.GetInt32(0), r.GetInt32(1), r.GetInt32(2)));
        Assert.Equal(expected, Coverage(result.BatchId));

        var freshness = await FreshnessFor(DemoUsers.StateAdmin);
        Assert.Equal(Db.Scalar("SELECT COUNT(*) FROM Districts"), freshness.Districts.Count);
        Assert.Equal(["Agra", "Meerut"], freshness.Districts.Where(d => d.Progress is not null).Select(d => d.District).Order());
        Assert.All(freshness.Districts.Where(d => d.Progress is not null), d =>
        {
            Assert.False(d.ProgressStale);
            Assert.Equal(DisplayName(DemoUsers.StateAdmin), d.Progress!.By);
        });
        Assert.All(freshness.Districts.Where(d => d.Progress is null), d => Assert.True(d.ProgressStale));
        // Nothing was uploaded before: every roster is never uploaded, so every district is stale.
        Assert.All(freshness.Districts, d => Assert.True(d.RosterStale && d.Roster is null));
        Assert.Null(freshness.WideProgress);

        // The Meerut range sees its four districts, Meerut fresh; the Health HR cell: rows of other departments say nothing of Health.
        var range = await FreshnessFor(DemoUsers.MeerutRange);
        Assert.Equal(4, range.Districts.Count);
        Assert.Equal(["Meerut"], range.Districts.Where(d => !d.ProgressStale).Select(d => d.District));
        Assert.All((await FreshnessFor(DemoUsers.HealthHr)).Districts, d => Assert.Null(d.Progress));
    }

    [Fact]
    public async Task A_department_HR_cells_roster_of_one_districts_rows_makes_that_district_fresh()
    {
        var rows = new[]
        {
            RosterFiles.MeerutConstable("COV/1"),
            RosterFiles.MeerutConstable("COV/2", "Shyam Lal", mobile: "9876543211"),
            // Rejected (a mobile number of one digit): an Agra row that was not accepted covers nothing.
            ["COV/3", "Mohan Lal", "Constable", "Police", "Agra", "Thana Test, Agra", "1", "cov.3@up.gov.in", "01-04-2015"],
        };

        var result = await Import(RosterFiles.Xlsx(rows), await User(DemoUsers.PoliceHr));

        Assert.Equal(ImportOutcome.Committed, result.Outcome);
        Assert.Equal(1, result.Rejected);
        var expected = Db.Rows("""
            SELECT e.DistrictId, e.DepartmentId, COUNT(*) FROM Employees e WHERE e.EmployeeCode IN ('COV/1', 'COV/2', 'COV/3')
            GROUP BY e.DistrictId, e.DepartmentId
            """, r => (r.GetInt32(0), r.GetInt32(1), r.GetInt32(2)));
        Assert.Equal((DistrictId("Meerut"), 2), (expected.Single().Item1, expected.Single().Item3));
        Assert.Equal(expected, Coverage(result.BatchId));

        var freshness = await FreshnessFor(DemoUsers.StateAdmin);
        var meerut = freshness.Districts.Single(d => d.District == "Meerut");
        Assert.False(meerut.RosterStale);
        Assert.Equal(DisplayName(DemoUsers.PoliceHr), meerut.Roster!.By);
        Assert.All(freshness.Districts.Where(d => d.District != "Meerut"), d => Assert.True(d.Roster is null && d.RosterStale));
        // Recorded coverage, not the uploader's scope: nothing is listed as a state-wide upload.
        Assert.Null(freshness.WideRoster);
    }

    [Fact]
    public async Task A_previewed_or_failed_upload_covers_nothing()
    {
        var meerut = ActiveStaff().First(s => s.DistrictId == DistrictId("Meerut"));
        var report = Files.EnrolmentCsv(Enrolment(meerut.Code, meerut.Email, meerut.Mobile, CourseA));
        var previewed = await ProgressService().PreviewAsync(await Admin(), report, Path.GetFileName(report), null);
        var rosterPreview = await Preview(RosterFiles.Xlsx([RosterFiles.MeerutConstable("COV/9")]));
        var failed = await Import(RosterFiles.Csv("this is not a roster\n"));

        Assert.Equal(ImportOutcome.Previewed, previewed.Outcome);
        Assert.Equal(1, previewed.Counts!.Matched.Total);
        Assert.Equal(ImportOutcome.Previewed, rosterPreview.Outcome);
        Assert.Equal(ImportOutcome.Failed, failed.Outcome);
        Assert.Equal(0, Db.Scalar("SELECT COUNT(*) FROM ImportBatchCoverage"));
        var freshness = await FreshnessFor(DemoUsers.StateAdmin);
        Assert.All(freshness.Districts, d => Assert.True(d.Roster is null && d.Progress is null && d.Stale));
    }
}
