using AngleSharp.Dom;
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
        page.WaitForAssertion(() => Assert.Equal("Imported", page.Find("[data-testid='history-outcome']").TextContent.Trim()));
    }

    [Fact]
    public async Task Complete_roster_for_a_small_file_needs_the_count_confirmed_and_typed_before_import()
    {
        await using var ctx = new Context(_db, _folder);
        var page = ctx.Render<RostersPage>();
        var activeInScope = _db.Scalar("""
            SELECT COUNT(*) FROM Employees e JOIN Districts d ON d.Id = e.DistrictId JOIN Departments p ON p.Id = e.DepartmentId
            WHERE d.Name IN ('Meerut', 'Bulandshahr', 'Baghpat', 'Hapur') AND p.Name = 'Police' AND e.Status = 1
            """);
        Upload(page, RosterFiles.Xlsx([RosterFiles.MeerutConstable("CR1"), RosterFiles.MeerutConstable("CR2")]), "part.xlsx");
        page.WaitForElement("[data-testid='preview']", TimeSpan.FromSeconds(20));
        IElement Commit() => page.Find("[data-testid='commit']");
        Assert.False(Commit().HasAttribute("disabled"));
        Assert.Empty(page.FindAll("[data-testid='complete-roster-warning']"));

        page.Find("input[data-testid='complete-roster'], [data-testid='complete-roster'] input").Change(true);

        // The warning names the count of employees the import would mark inactive; nothing goes ahead on one tick.
        var count = Portal.Web.Infrastructure.IndianFormat.Number(activeInScope);
        Assert.Contains($"mark {count} active employees", page.Find("[data-testid='complete-roster-warning']").TextContent);
        Assert.True(Commit().HasAttribute("disabled"));
        page.Find("input[data-testid='complete-roster-confirm'], [data-testid='complete-roster-confirm'] input").Change(true);
        // Two rows against the whole range's police: the count must be typed as well.
        Assert.NotEmpty(page.FindAll("[data-testid='complete-roster-large']"));
        Assert.True(Commit().HasAttribute("disabled"));
        page.Find("input[data-testid='complete-roster-count'], [data-testid='complete-roster-count'] input").Input((activeInScope - 1).ToString());
        Assert.True(Commit().HasAttribute("disabled"));
        page.Find("input[data-testid='complete-roster-count'], [data-testid='complete-roster-count'] input").Input(activeInScope.ToString());
        Assert.False(Commit().HasAttribute("disabled"));

        Commit().Click();

        page.WaitForElement("[data-testid='committed']", TimeSpan.FromSeconds(20));
        Assert.Contains($"{count} marked inactive", page.Find("[data-testid='committed']").TextContent);
        Assert.Equal("", page.Find("[data-testid='to-dashboard']").GetAttribute("href"));
        Assert.Equal(2, _db.Scalar("""
            SELECT COUNT(*) FROM Employees e JOIN Districts d ON d.Id = e.DistrictId JOIN Departments p ON p.Id = e.DepartmentId
            WHERE d.Name IN ('Meerut', 'Bulandshahr', 'Baghpat', 'Hapur') AND p.Name = 'Police' AND e.Status = 1
            """));
    }

    [Fact]
    public async Task Unticking_complete_roster_imports_without_deactivating_anyone()
    {
        await using var ctx = new Context(_db, _folder);
        var page = ctx.Render<RostersPage>();
        var active = _db.Scalar("SELECT COUNT(*) FROM Employees WHERE Status = 1");
        Upload(page, RosterFiles.Xlsx([RosterFiles.MeerutConstable("CR3")]), "one.xlsx");
        page.WaitForElement("[data-testid='preview']", TimeSpan.FromSeconds(20));
        page.Find("input[data-testid='complete-roster'], [data-testid='complete-roster'] input").Change(true);
        page.Find("input[data-testid='complete-roster-confirm'], [data-testid='complete-roster-confirm'] input").Change(true);
        page.Find("input[data-testid='complete-roster'], [data-testid='complete-roster'] input").Change(false);
        Assert.Empty(page.FindAll("[data-testid='complete-roster-warning']"));

        page.Find("[data-testid='commit']").Click();

        page.WaitForElement("[data-testid='committed']", TimeSpan.FromSeconds(20));
        Assert.Equal(active + 1, _db.Scalar("SELECT COUNT(*) FROM Employees WHERE Status = 1"));
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
