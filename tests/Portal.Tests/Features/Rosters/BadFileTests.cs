using System.IO.Compression;
using Portal.Web.Features.Rosters;
using Portal.Web.Benchmarks;

namespace Portal.Tests.Features.Rosters;

/// <summary>Files that can never be imported: a clear message, a failed batch, nothing written.</summary>
public sealed class BadFileTests : RosterImportTestBase
{
    [Fact]
    public Task An_empty_file() => AssertRejectedAsync(RosterFiles.Bytes([], ".xlsx"), "is empty");

    [Fact]
    public Task A_pdf_renamed_to_xlsx() =>
        AssertRejectedAsync(RosterFiles.Bytes("%PDF-1.7\n1 0 obj << >> endobj\n%%EOF"u8.ToArray(), ".xlsx"), "is a PDF document, not a spreadsheet");

    [Fact]
    public Task A_truncated_xlsx()
    {
        var good = File.ReadAllBytes(RosterFiles.Xlsx([RosterFiles.MeerutConstable("T1")]));
        return AssertRejectedAsync(RosterFiles.Bytes(good[..(good.Length / 2)], ".xlsx"), "is damaged or incomplete");
    }

    [Fact]
    public Task A_password_protected_xlsx() =>
        AssertRejectedAsync(RosterFiles.Bytes(RosterFiles.CompoundFile(encrypted: true), ".xlsx"), "is password-protected");

    [Fact]
    public Task An_old_xls_workbook() =>
        AssertRejectedAsync(RosterFiles.Bytes(RosterFiles.CompoundFile(encrypted: false), ".xls"), "save it as .xlsx");

    [Fact]
    public Task An_igot_enrolment_report_is_sent_to_the_progress_page() =>
        AssertRejectedAsync(RosterFiles.Bytes(Portal.Tests.Features.Progress.IgotReportFiles.CsvBytes(
            Portal.Tests.Features.Progress.IgotReportFiles.EnrolmentHeaders, [Portal.Tests.Features.Progress.IgotReportFiles.CompletedRow()]), ".csv"),
            "This is an iGOT report: upload it on the Progress page.");

    [Fact]
    public Task A_zip_file_that_is_not_a_workbook()
    {
        var path = RosterFiles.Temp(".xlsx");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        using (var writer = new StreamWriter(zip.CreateEntry("word/document.xml").Open())) writer.Write("<w:document/>");
        return AssertRejectedAsync(path, "not an Excel workbook");
    }

    [Fact]
    public Task A_zip_bomb() => AssertRejectedAsync(RosterFiles.ZipBomb(), "expands to more than");

    [Fact]
    public Task A_sheet_without_a_matching_header_row() =>
        AssertRejectedAsync(RosterFiles.Xlsx([["1", "2", "3"]], headers: ["Sr No", "Naam", "Remarks"]), "No header row found");

    [Fact]
    public async Task A_missing_required_column_is_named_and_what_was_found_is_listed()
    {
        var file = RosterFiles.Xlsx([["E1", "Ram", "Constable", "Police"]], headers: ["Employee Code", "Name", "Designation", "Department", "Mobile"]);
        await AssertRejectedAsync(file, "missing the required column(s) District");
        var result = await Preview(file);
        Assert.Contains("Employee Code, Name, Designation, Department, Mobile", result.FileProblem);
    }

    [Fact]
    public async Task More_rows_than_the_limit()
    {
        Options.MaxDataRows = 50;
        var rows = Enumerable.Range(1, 51).Select(i => RosterFiles.MeerutConstable($"L{i}")).ToArray();
        await AssertRejectedAsync(RosterFiles.Xlsx(rows), "more than 50 data rows");
    }

    [Fact]
    public async Task A_file_over_the_size_limit_says_which_limit()
    {
        Options.MaxFileMegabytes = 1;
        var path = RosterFiles.Temp(".xlsx");
        RosterFileGenerator.Write(path, 12_000);
        Assert.True(new FileInfo(path).Length > 1024 * 1024);
        await AssertRejectedAsync(path, "the limit is 1 MB");
    }

    [Fact]
    public Task A_csv_that_is_not_utf8() =>
        AssertRejectedAsync(RosterFiles.Bytes([.. "Employee Code,Name,Designation,Department,District\nE1,Jos"u8.ToArray(), 0xE9, .. "\n"u8.ToArray()], ".csv"), "is not UTF-8");

    [Fact]
    public Task A_semicolon_separated_csv_gets_a_hint() =>
        AssertRejectedAsync(RosterFiles.Csv("Employee Code;Name;Designation;Department;District\nE1;Ram;Constable;Police;Meerut\n"), "separated by semicolons");

    [Fact]
    public Task Random_bytes() =>
        AssertRejectedAsync(RosterFiles.Bytes(Enumerable.Range(0, 5000).Select(i => (byte)(i * 7 % 256)).ToArray(), ".xlsx"), "not a spreadsheet");

    [Fact]
    public async Task A_rejected_file_can_never_be_committed()
    {
        var result = await Preview(RosterFiles.Bytes([], ".xlsx"));
        Assert.False(result.CanCommit);
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await Service().CommitAsync(await Admin(), result.BatchId, false));
    }
}
