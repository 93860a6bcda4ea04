using ClosedXML.Excel;
using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Features.Progress;

namespace Portal.Tests.Features.Progress;

/// <summary>The worklist export reopened with ClosedXML: heading, headers, and text that stays text.</summary>
public sealed class WorklistWorkbookTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"worklist-{Guid.NewGuid():N}.xlsx");

    public async Task InitializeAsync() => _db = await TestDatabase.CopyOfSmallStateAsync();

    public Task DisposeAsync()
    {
        _db.Dispose();
        File.Delete(_path);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_export_has_a_heading_the_columns_and_every_row_with_phones_and_formula_like_text_kept_as_text()
    {
        var data = new WorklistTestData(_db);
        var formula = WorklistTestData.Unmatched("formula@x.in", completions: 9, name: "=HYPERLINK(\"http://evil\",\"x\")", phone: "0987654321", organisation: "+Org @home");
        formula.EmployeeCode = "-00123";
        var plain = WorklistTestData.Unmatched("plain@x.in", completions: 2, name: "Plain Name", phone: "9876543210");
        var batch = await data.UploadAsync(DemoUsers.StateAdmin, ImportOutcome.Committed, formula, plain);
        await data.UploadAsync(DemoUsers.StateAdmin, ImportOutcome.Committed, WorklistTestData.Ambiguous("both@x.in"));
        var admin = await data.User(DemoUsers.StateAdmin);
        var query = new WorklistQuery { PageSize = 1 }; // the export ignores paging: every row
        var heading = WorklistEndpoints.Heading(admin, query, new DateTimeOffset(2026, 11, 20, 11, 30, 0, TimeSpan.FromHours(5.5)));

        var rows = await data.Service().ExportAsync(admin, query, heading, _path);

        Assert.Equal(2, rows);
        using var workbook = new XLWorkbook(_path);
        var sheet = workbook.Worksheet(1);
        Assert.Equal(UnmatchedWorkbook.SheetName, sheet.Name);
        Assert.Equal("iGOT users who match no employee", sheet.Cell(1, 1).GetString());
        Assert.Equal("Scope: Whole state; every committed progress upload", sheet.Cell(2, 1).GetString());
        Assert.Contains("matching nobody", sheet.Cell(3, 1).GetString());
        Assert.Contains("20-11-2026 11:30", sheet.Cell(4, 1).GetString());
        var header = heading.Count + 2;
        Assert.Equal(UnmatchedWorkbook.Headers, Enumerable.Range(1, UnmatchedWorkbook.Headers.Count).Select(c => sheet.Cell(header, c).GetString()));
        Assert.Equal(["Name", "E-mail", "Phone", "Employee code (as in iGOT)", "Designation", "Organisation", "Problem", "Rows", "Completions", "Last upload"], UnmatchedWorkbook.Headers);

        var first = sheet.Row(header + 1);
        Assert.False(first.Cell(1).HasFormula);
        Assert.Equal(XLDataType.Text, first.Cell(1).DataType);
        Assert.Equal("=HYPERLINK(\"http://evil\",\"x\")", first.Cell(1).GetString());
        Assert.Equal("formula@x.in", first.Cell(2).GetString());
        Assert.Equal(XLDataType.Text, first.Cell(3).DataType);
        Assert.Equal("0987654321", first.Cell(3).GetString());
        Assert.Equal("-00123", first.Cell(4).GetString());
        Assert.Equal(XLDataType.Text, first.Cell(4).DataType);
        Assert.Equal("+Org @home", first.Cell(6).GetString());
        Assert.Equal("Matches no employee", first.Cell(7).GetString());
        Assert.Equal(XLDataType.Number, first.Cell(8).DataType);
        Assert.Equal(10, first.Cell(8).GetDouble());
        Assert.Equal(9, first.Cell(9).GetDouble());
        Assert.StartsWith(_db.Rows($"SELECT FileName FROM ImportBatches WHERE Id = {batch}", r => r.GetString(0)).Single() + ", ", first.Cell(10).GetString());
        Assert.Equal("Plain Name", sheet.Cell(header + 2, 1).GetString());
        Assert.True(sheet.Cell(header + 3, 1).IsEmpty()); // the ambiguous user is in the other list
    }

    [Fact]
    public void The_import_writes_the_worklist_of_one_upload_from_its_stored_rows()
    {
        var users = Enumerable.Range(1, 3).Select(i => WorklistTestData.Unmatched($"u{i}@x.in", completions: i, phone: $"98765432{i:00}")).ToList();
        users[2].Problem = IgotMatchProblem.Ambiguous;
        users[2].Candidates = 3;
        users[2].Name = "Bad\u0001char";

        UnmatchedWorkbook.Write(_path, ["Worklist of upload 12 (progress.xlsx)"], users);

        using var workbook = new XLWorkbook(_path);
        var sheet = workbook.Worksheet(1);
        Assert.Equal("Worklist of upload 12 (progress.xlsx)", sheet.Cell(1, 1).GetString());
        Assert.Equal("Name", sheet.Cell(3, 1).GetString());
        Assert.Equal(["u1", "u2", "Bad\uFFFDchar"], Enumerable.Range(4, 3).Select(r => sheet.Cell(r, 1).GetString()));
        Assert.Equal("9876543202", sheet.Cell(5, 3).GetString());
        Assert.Equal("Ambiguous: 3 employees share the e-mail or mobile", sheet.Cell(6, 7).GetString());
        Assert.True(sheet.Cell(4, 10).IsEmpty()); // the batch was not loaded: no "Last upload"
    }
}
