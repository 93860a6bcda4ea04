using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Web.Features.Access;
using Portal.Web.Features.Progress;
using Portal.Web.Features.Uploads;

namespace Portal.Tests.Features.Progress;

/// <summary>The Progress page as a range office uses it: password, zip, preview, import, history.</summary>
public sealed class ProgressPageTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private readonly IgotReportFiles _files = new();
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"progress-page-{Guid.NewGuid():N}");

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
            Services.AddSingleton<Microsoft.Extensions.Logging.ILogger<ProgressImportService>>(NullLogger<ProgressImportService>.Instance);
            SignInAs(DemoUsers.MeerutRange);
        }
    }

    /// <summary>The first two active employees that <paramref name="where"/> picks (e: Employees, d: their district).</summary>
    private (string Code, string? Email, int Id)[] Staff(string where) => _db.Rows(
        $"SELECT e.EmployeeCode, e.Email, e.Id FROM Employees e JOIN Districts d ON d.Id = e.DistrictId WHERE e.Status = 1 AND {where} ORDER BY e.Id LIMIT 2",
        r => (r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetInt32(2))).ToArray();

    private string Zip(params string[][] rows) =>
        _files.Zip([("user-enrollment-report.csv", IgotReportFiles.CsvBytes(IgotReportFiles.EnrolmentHeaders, rows))]);

    private static void Upload(IRenderedComponent<ProgressPage> page, string path) =>
        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(File.ReadAllBytes(path), Path.GetFileName(path)));

    private long CompletedOfNewCourse() => _db.Scalar("SELECT COUNT(*) FROM Enrolments x JOIN Courses c ON c.Id = x.CourseId WHERE c.Name = 'Page Test Course' AND x.Status = 2");

    [Fact]
    public async Task A_zip_with_its_password_is_previewed_then_imported_and_listed()
    {
        var meerut = Staff($"d.Name = 'Meerut' AND e.DepartmentId = (SELECT Id FROM Departments WHERE Name = '{Portal.Web.Features.DemoData.DemoStateCatalog.PoliceDepartment}')");
        var elsewhere = Staff("d.Name = 'Lucknow'");
        var zip = Zip(
            IgotReportFiles.Enrolment(meerut[0].Code, null, null, "Page Test Course"),
            IgotReportFiles.Enrolment(null, meerut[1].Email, null, "Page Test Course"),
            IgotReportFiles.Enrolment(elsewhere[0].Code, null, null, "Page Test Course"),
            IgotReportFiles.Enrolment(null, "nobody.here@example.org", null, "Page Test Course", name: "Nobody Here"));
        await using var ctx = new Context(_db, _folder);
        var page = ctx.Render<ProgressPage>();
        Assert.Equal("help/igot-reports", page.Find("[data-testid='igot-help-link']").GetAttribute("href"));

        page.Find("#zip-password").Input(IgotReportFiles.Password);
        Upload(page, zip);

        page.WaitForElement("[data-testid='preview']", TimeSpan.FromSeconds(30));
        Assert.Equal("4", page.Find("[data-testid='count-rows']").TextContent);
        Assert.Equal("2", page.Find("[data-testid='count-matched']").TextContent);
        Assert.Equal("1", page.Find("[data-testid='count-by-code']").TextContent);
        Assert.Equal("1", page.Find("[data-testid='count-by-email']").TextContent);
        Assert.Equal("1", page.Find("[data-testid='count-unmatched']").TextContent);
        Assert.Equal("1", page.Find("[data-testid='count-outside']").TextContent);
        Assert.Equal("2", page.Find("[data-testid='count-new-completions']").TextContent);
        Assert.Equal("1", page.Find("[data-testid='count-new-courses']").TextContent);
        // The unmatched user is shown; the other district's employee is not, in any form.
        Assert.Contains("nobody.here@example.org", page.Find("[data-testid='unmatched']").TextContent);
        Assert.DoesNotContain(elsewhere[0].Code, page.Markup);
        Assert.Equal(0, CompletedOfNewCourse());

        page.Find("[data-testid='commit']").Click();

        page.WaitForElement("[data-testid='committed']", TimeSpan.FromSeconds(30));
        Assert.Equal(2, CompletedOfNewCourse());
        Assert.Equal(0, _db.Scalar($"SELECT COUNT(*) FROM Enrolments x JOIN Courses c ON c.Id = x.CourseId WHERE c.Name = 'Page Test Course' AND x.EmployeeId = {elsewhere[0].Id}"));
        page.WaitForAssertion(() => Assert.Equal("Imported", page.Find("[data-testid='history-outcome']").TextContent.Trim()));
        Assert.NotNull(page.Find("[data-testid='worklist-workbook']"));
    }

    [Fact]
    public async Task A_wrong_password_is_said_plainly_and_nothing_can_be_imported()
    {
        var zip = Zip(IgotReportFiles.CompletedRow(1));
        await using var ctx = new Context(_db, _folder);
        var page = ctx.Render<ProgressPage>();

        page.Find("#zip-password").Input("not-the-password");
        Upload(page, zip);

        page.WaitForElement("[data-testid='file-problem']", TimeSpan.FromSeconds(30));
        Assert.Equal(IgotReportFile.WrongPasswordMessage, page.Find("[data-testid='file-problem']").TextContent.Trim());
        Assert.Empty(page.FindAll("[data-testid='commit']"));
        // The password field and the file chooser are back for another try.
        Assert.NotNull(page.Find("#zip-password"));
        Assert.NotNull(page.Find("[data-testid='progress-file']"));
    }
}
