using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Web.Features.Access;
using Portal.Web.Features.Rosters;
using Portal.Web.Features.Uploads;

namespace Portal.Tests.Features.Rosters;

/// <summary>The whole upload journey on the page: choose a file, preview, import, history.</summary>
public sealed class RostersPageTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"page-imports-{Guid.NewGuid():N}");

    public async Task InitializeAsync() => _db = await TestDatabase.CopyOfSmallStateAsync();

    public Task DisposeAsync()
    {
        _db.Dispose();
        try { Directory.Delete(_folder, true); } catch (IOException) { }
        return Task.CompletedTask;
    }

    private sealed class Context : PortalBunitContext
    {
        public Context(TestDatabase db, string folder) : base(db)
        {
            Services.AddSingleton(new ImportOptions { Folder = folder });
            Services.AddSingleton<Microsoft.Extensions.Logging.ILogger<RosterImportService>>(NullLogger<RosterImportService>.Instance);
            SignInAs(DemoUsers.MeerutRange);
        }
    }

    private static void Upload(IRenderedComponent<RostersPage> page, string path, string name) =>
        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(File.ReadAllBytes(path), name));

    [Fact]
    public async Task The_size_limit_reads_in_megabytes()
    {
        await using var ctx = new Context(_db, _folder);
        var page = ctx.Render<RostersPage>();

        var label = page.Find("label[for='roster-file']").TextContent;
        Assert.Contains("up to 200 MB, 10,00,000 rows", label);
        Assert.DoesNotContain("1024", label);
    }

    [Fact]
    public async Task Upload_preview_import_and_history()
    {
        await using var ctx = new Context(_db, _folder);
        var page = ctx.Render<RostersPage>();
        Assert.Equal("help/formats", page.Find("[data-testid='format-link']").GetAttribute("href"));
        Assert.Contains("(up to 200 MB, 10,00,000 rows)", page.Find("label[for='roster-file']").TextContent);
        var file = RosterFiles.Xlsx([RosterFiles.MeerutConstable("PG1"), RosterFiles.MeerutConstable("PG2"), RosterFiles.MeerutConstable("PG3", mobile: "98765")]);

        Upload(page, file, "meerut-roster.xlsx");

        page.WaitForElement("[data-testid='preview']", TimeSpan.FromSeconds(20));
        Assert.Equal("3", page.Find("[data-testid='count-read']").TextContent);
        Assert.Equal("2", page.Find("[data-testid='count-new']").TextContent);
        Assert.Equal("1", page.Find("[data-testid='count-rejected']").TextContent);
        Assert.Contains("Mobile '98765' must have 10 digits.", page.Find("[data-testid='error-row']").TextContent);
        Assert.Contains("Import the valid rows", page.Find("[data-testid='commit']").TextContent);
        Assert.Null(_db.Rows("SELECT Name FROM Employees WHERE EmployeeCode = 'PG1'", r => r.GetString(0)).SingleOrDefault());

        page.Find("[data-testid='commit'] ").Click();

        page.WaitForElement("[data-testid='committed']", TimeSpan.FromSeconds(20));
        Assert.Equal(2, _db.Scalar("SELECT COUNT(*) FROM Employees WHERE EmployeeCode IN ('PG1', 'PG2')"));
        page.WaitForAssertion(() => Assert.Equal("Committed", page.Find("[data-testid='history-outcome']").TextContent.Trim()));
    }

    [Fact]
    public async Task A_bad_file_gets_its_message_and_no_import_button()
    {
        await using var ctx = new Context(_db, _folder);
        var page = ctx.Render<RostersPage>();

        Upload(page, RosterFiles.Bytes(RosterFiles.CompoundFile(encrypted: false), ".xls"), "old.xls");

        page.WaitForElement("[data-testid='file-problem']", TimeSpan.FromSeconds(20));
        Assert.Contains("save it as .xlsx", page.Find("[data-testid='file-problem']").TextContent);
        Assert.Empty(page.FindAll("[data-testid='commit']"));
        page.WaitForAssertion(() => Assert.Equal("Failed", page.Find("[data-testid='history-outcome']").TextContent.Trim()));
    }

    [Fact]
    public async Task Cancel_leaves_the_database_as_it_was()
    {
        await using var ctx = new Context(_db, _folder);
        var page = ctx.Render<RostersPage>();
        Upload(page, RosterFiles.Xlsx([RosterFiles.MeerutConstable("PG9")]), "r.xlsx");
        page.WaitForElement("[data-testid='cancel']", TimeSpan.FromSeconds(20));

        page.Find("[data-testid='cancel']").Click();

        page.WaitForElement("[data-testid='cancelled']");
        Assert.Null(_db.Rows("SELECT Name FROM Employees WHERE EmployeeCode = 'PG9'", r => r.GetString(0)).SingleOrDefault());
        page.WaitForAssertion(() => Assert.Equal("Cancelled", page.Find("[data-testid='history-outcome']").TextContent.Trim()));
    }
}
