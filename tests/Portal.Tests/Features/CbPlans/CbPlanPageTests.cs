using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Tests.Features.Progress;
using Portal.Web.Features.Access;
using Portal.Web.Features.CbPlans;
using Portal.Web.Features.Progress;
using Portal.Web.Features.Uploads;

namespace Portal.Tests.Features.CbPlans;

/// <summary>The CB plan allocations page as a range office uses it: password, zip, preview, import, history.</summary>
public sealed class CbPlanPageTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private readonly IgotReportFiles _files = new();
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"cbplan-page-{Guid.NewGuid():N}");

    public async Task InitializeAsync() => _db = await TestDatabase.CopyOfSmallStateAsync();

    public Task DisposeAsync()
    {
        _db.Dispose();
        _files.Dispose();
        try { Directory.Delete(_folder, true); } catch (IOException) { }
        return Task.CompletedTask;
    }

    private sealed class Context : PortalBunitContext
    {
        public Context(TestDatabase db, string folder) : base(db)
        {
            Services.AddSingleton(new ImportOptions { Folder = folder });
            Services.AddSingleton<Microsoft.Extensions.Logging.ILogger<CbPlanImportService>>(NullLogger<CbPlanImportService>.Instance);
            SignInAs(DemoUsers.MeerutRange);
        }
    }

    private (string Code, int Id)[] Staff(string where) => _db.Rows(
        $"SELECT e.EmployeeCode, e.Id FROM Employees e JOIN Districts d ON d.Id = e.DistrictId WHERE e.Status = 1 AND {where} ORDER BY e.Id LIMIT 2",
        r => (r.GetString(0), r.GetInt32(1))).ToArray();

    private static string[] Plan(string code, string course = "Page Plan Course") =>
        ["Page User", "", "", code, "Uttar Pradesh Police", "Constable", course, "true", "2025-04-01", "Not Started", "2025-09-30", ""];

    private static void Upload(IRenderedComponent<CbPlanPage> page, string path) =>
        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(File.ReadAllBytes(path), Path.GetFileName(path)));

    private long Allocations() => _db.Scalar("SELECT COUNT(*) FROM CbPlanAllocations a JOIN Courses c ON c.Id = a.CourseId WHERE c.Name = 'Page Plan Course'");

    [Fact]
    public async Task A_zip_with_its_password_is_previewed_then_imported_and_listed()
    {
        var meerut = Staff($"d.Name = 'Meerut' AND e.DepartmentId = (SELECT Id FROM Departments WHERE Name = '{Portal.Web.Features.DemoData.DemoStateCatalog.PoliceDepartment}')");
        var elsewhere = Staff("d.Name = 'Lucknow'");
        var zip = _files.Zip([("CBPEnrollmentReport.csv", IgotReportFiles.CsvBytes(IgotReportFiles.CbPlanHeaders, [Plan(meerut[0].Code), Plan(meerut[1].Code), Plan(elsewhere[0].Code)]))]);
        await using var ctx = new Context(_db, _folder);
        var page = ctx.Render<CbPlanPage>();

        page.Find("#zip-password").Input(IgotReportFiles.Password);
        Upload(page, zip);

        page.WaitForElement("[data-testid='preview']", TimeSpan.FromSeconds(30));
        Assert.Equal("3", page.Find("[data-testid='count-rows']").TextContent);
        Assert.Equal("2", page.Find("[data-testid='count-by-code']").TextContent);
        Assert.Equal("1", page.Find("[data-testid='count-outside']").TextContent);
        Assert.Equal("2", page.Find("[data-testid='count-new-allocations']").TextContent);
        Assert.Equal("1", page.Find("[data-testid='count-new-courses']").TextContent);
        Assert.DoesNotContain(elsewhere[0].Code, page.Markup);
        Assert.Equal(0, Allocations());

        page.Find("[data-testid='commit']").Click();

        page.WaitForElement("[data-testid='committed']", TimeSpan.FromSeconds(30));
        Assert.Equal(2, Allocations());
        page.WaitForAssertion(() => Assert.Equal("Imported", page.Find("[data-testid='history-outcome']").TextContent.Trim()));
    }

    [Fact]
    public async Task A_zip_without_a_cb_plan_report_is_said_plainly_and_nothing_can_be_imported()
    {
        var zip = _files.Zip([("user-enrollment-report.csv", IgotReportFiles.CsvBytes(IgotReportFiles.EnrolmentHeaders, [IgotReportFiles.CompletedRow(1)]))]);
        await using var ctx = new Context(_db, _folder);
        var page = ctx.Render<CbPlanPage>();

        page.Find("#zip-password").Input(IgotReportFiles.Password);
        Upload(page, zip);

        page.WaitForElement("[data-testid='file-problem']", TimeSpan.FromSeconds(30));
        Assert.Contains("has no CB plan report", page.Find("[data-testid='file-problem']").TextContent);
        Assert.Empty(page.FindAll("[data-testid='commit']"));
        Assert.NotNull(page.Find("[data-testid='cbplan-file']"));
        page.WaitForAssertion(() => Assert.Equal("Failed", page.Find("[data-testid='history-outcome']").TextContent.Trim()));
    }
}
