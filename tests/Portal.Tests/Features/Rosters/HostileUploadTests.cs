using System.Text.Json;
using ClosedXML.Excel;
using Microsoft.Data.Sqlite;
using Portal.Web.Cli;
using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Features.Rosters;
using Portal.Web.Benchmarks;

namespace Portal.Tests.Features.Rosters;

/// <summary>Uploads shaped to exhaust memory or to break the readers: a clear answer, a recorded batch, the process alive.</summary>
public sealed class HostileUploadTests : RosterImportTestBase
{
    private static string Temp(string extension) => RosterFiles.Temp(extension);

    [Fact]
    public async Task Rows_with_one_cell_in_XFD_are_read_as_blank_rows_and_nothing_else()
    {
        var path = Temp(".xlsx");
        HostileRosterFiles.XfdRows(path, 2_000);

        var result = await Preview(path);

        Assert.Equal(ImportOutcome.Previewed, result.Outcome);
        Assert.Null(result.FileProblem);
        Assert.Equal(0, result.RowsRead);
        Assert.Equal(0, result.Rejected);
    }

    [Fact]
    public async Task Overlong_rows_are_rejected_with_every_error_counted_but_only_the_first_1000_kept()
    {
        var path = Temp(".xlsx");
        HostileRosterFiles.LongCells(path, 1_200);

        var result = await Preview(path);

        Assert.Equal(ImportOutcome.Previewed, result.Outcome);
        Assert.Equal(1_200, result.Rejected);
        Assert.Equal(1_200, result.ErrorCount);
        Assert.Equal(1_000, result.Errors.Count);
        Assert.Equal(2, result.Errors[0].Row);
        Assert.Equal("(whole row)", result.Errors[0].Column);
        Assert.Contains("more than the 8,192 a roster row may have", result.Errors[0].Message);
        Assert.True(result.HasErrorWorkbook);

        // The error workbook (written streaming) holds every rejected row, cut short, and no column beyond the header's.
        using var workbook = new XLWorkbook(Service().ErrorWorkbookPathOf(result.BatchId));
        var sheet = workbook.Worksheet(1);
        Assert.Equal(1_201, sheet.LastRowUsed()!.RowNumber());
        Assert.Equal(HostileRosterFiles.Header.Count + 1, sheet.LastColumnUsed()!.ColumnNumber());
        Assert.Equal(201, sheet.Cell(2, 1).GetString().Length);
        Assert.StartsWith("[row 1201]", sheet.Cell(1_201, HostileRosterFiles.Header.Count + 1).GetString());
    }

    [Fact]
    public async Task A_huge_single_value_is_a_rejected_file()
    {
        var path = Temp(".xlsx");
        HostileRosterFiles.HugeValue(path, 17 << 20);
        await AssertRejectedAsync(path, "single value or tag of more than 16 MB", commit: false);
    }

    [Fact]
    public async Task Too_many_zip_entries_is_a_rejected_file()
    {
        var path = Temp(".xlsx");
        HostileRosterFiles.ManyEntries(path, 10_001);
        await AssertRejectedAsync(path, "more than 10,000 packed files", commit: false);
    }

    [Fact]
    public async Task A_doctype_is_a_rejected_file_and_a_failed_batch()
    {
        var path = Temp(".xlsx");
        HostileRosterFiles.Workbook(path, w => w.Write("<row r=\"1\"><c><v>1</v></c></row>"), sheetPrefix: "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaa\">]>");
        await AssertRejectedAsync(path, "DOCTYPE");
    }

    [Fact]
    public async Task Malformed_xml_after_the_header_is_a_rejected_file_even_when_found_by_the_reading_thread()
    {
        var path = Temp(".xlsx");
        HostileRosterFiles.Workbook(path, w =>
        {
            w.Write("<row r=\"1\">" + string.Concat(RosterFiles.Headers.Select(h => $"<c t=\"inlineStr\"><is><t>{h}</t></is></c>")) + "</row>");
            for (var r = 2; r < 3000; r++) w.Write($"<row r=\"{r}\"><c t=\"inlineStr\"><is><t>M{r}</t></is></c></row>");
            w.Write("<row r=\"3000\"><c><v>1</c></row>");
        });
        await AssertRejectedAsync(path, "after row 2999");
    }

    [Fact]
    public async Task The_cli_prints_one_json_object_and_exits_2_for_a_broken_file()
    {
        var path = Temp(".xlsx");
        HostileRosterFiles.Workbook(path, w => w.Write("<row r=\"1\"><c><v>1</v></c></row>"), sheetPrefix: "<?xml version=\"1.0\"?><!DOCTYPE x SYSTEM \"http://example.invalid/x.dtd\">");
        SqliteConnection.ClearAllPools();
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var exit = await CommandLine.RunAsync(["import", "roster", path, "--as", DemoUsers.StateAdmin, "--commit", "--database", Db.File], stdout, stderr);

        Assert.Equal(CommandLine.FileRejected, exit);
        using var json = JsonDocument.Parse(stdout.ToString());
        Assert.Equal("rejected", json.RootElement.GetProperty("status").GetString());
        Assert.Contains("DOCTYPE", json.RootElement.GetProperty("message").GetString());
        Assert.DoesNotContain("   at ", stderr.ToString());
    }

    [Fact]
    public async Task Unknown_names_far_too_long_get_no_suggestion_and_short_quotes()
    {
        var longDistrict = "Meerut" + new string('x', 5_000);
        var file = RosterFiles.Csv($"Employee Code,Name,Designation,Department,District\nQ1,Ram,Constable,Police,Meeruth\nQ2,Ram,Constable,Police,{longDistrict}\n");

        var result = await Preview(file);

        Assert.Equal("Unknown district 'Meeruth'. Did you mean Meerut?", result.Errors[0].Message);
        Assert.Contains("Use a district from the Lists sheet", result.Errors[1].Message);
        Assert.True(result.Errors[1].Message.Length < 300);
    }

    [Fact]
    public async Task The_error_workbook_is_written_before_the_commit_and_a_failure_to_write_it_commits_nothing()
    {
        var file = RosterFiles.Xlsx([RosterFiles.MeerutConstable("WB1"), RosterFiles.MeerutConstable("WB2", mobile: "123")]);
        var preview = await Preview(file);
        var workbook = Service().ErrorWorkbookPathOf(preview.BatchId);
        File.Delete(workbook);
        Directory.CreateDirectory(workbook); // nothing can be written there now
        Directory.CreateDirectory(Path.Combine(workbook, "keep"));
        var before = Employees();

        var result = await Service().CommitAsync(await Admin(), preview.BatchId, completeRoster: false);

        Assert.Equal(ImportOutcome.Failed, result.Outcome);
        Assert.True(result.ServerFailure);
        Assert.Equal(before, Employees());
        Assert.Null(Field("WB1", "Name"));
        Assert.Equal((int)ImportOutcome.Failed, Db.Scalar($"SELECT Outcome FROM ImportBatches WHERE Id = {preview.BatchId}"));
    }

    [Fact]
    public async Task Two_commits_of_one_preview_at_once_import_it_once()
    {
        var file = RosterFiles.Xlsx(Enumerable.Range(1, 400).Select(i => RosterFiles.MeerutConstable($"DC{i}")));
        var preview = await Preview(file);
        var admin = await Admin();

        var first = Task.Run(() => Service().CommitAsync(admin, preview.BatchId, completeRoster: false));
        var second = Task.Run(() => Service().CommitAsync(admin, preview.BatchId, completeRoster: false));
        var outcomes = new List<object>();
        foreach (var commit in new[] { first, second })
        {
            try { outcomes.Add(await commit); }
            catch (InvalidOperationException ex) { outcomes.Add(ex); }
        }

        Assert.Single(outcomes.OfType<RosterImportResult>(), r => r.Outcome == ImportOutcome.Committed && r.New == 400);
        Assert.Single(outcomes.OfType<InvalidOperationException>());
        Assert.Equal((int)ImportOutcome.Committed, Db.Scalar($"SELECT Outcome FROM ImportBatches WHERE Id = {preview.BatchId}"));
        Assert.Equal(400, Db.Scalar($"SELECT Inserted FROM ImportBatches WHERE Id = {preview.BatchId}"));
    }
}
