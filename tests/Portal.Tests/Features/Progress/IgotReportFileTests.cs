using System.Text;
using Portal.Web.Features.Progress;
using Portal.Web.Infrastructure.Spreadsheets;
using static Portal.Tests.Features.Progress.IgotReportFiles;

namespace Portal.Tests.Features.Progress;

/// <summary>Opening what users drop on the Progress page: the forms accepted, reports picked by header, bad files.</summary>
public sealed class IgotReportFileTests : IDisposable
{
    private readonly IgotReportFiles _files = new();

    public void Dispose() => _files.Dispose();

    private IgotReportFile Open(string path, string? password = null, IgotReadOptions? options = null) =>
        IgotReportFile.Open(path, Path.GetFileName(path)[9..], password, options ?? new IgotReadOptions { TempDirectory = _files.Folder });

    private string Rejected(string path, string? password = null, IgotReadOptions? options = null) =>
        Assert.Throws<FileProblemException>(() =>
        {
            using var upload = Open(path, password, options);
            foreach (var report in upload.Reports)
                _ = report.Kind switch
                {
                    IgotReportKind.Enrolment => report.ReadEnrolments().Count(),
                    IgotReportKind.User => report.ReadUsers().Count(),
                    _ => report.ReadCbPlan().Count(),
                };
        }).Message;

    private static void AssertTheUsualReports(IgotReportFile upload)
    {
        var enrolments = upload.RequireEnrolment().ReadEnrolments().ToList();
        Assert.Equal(2, enrolments.Count);
        Assert.All(enrolments, r => Assert.True(r.IsValid, string.Join("; ", r.Errors.Select(e => e.Message))));
        var first = enrolments[0].Row!;
        Assert.Equal("ram.kumar1@up.gov.in", first.Email);
        Assert.Equal("Cyber Security Awareness", first.ContentName);
        Assert.Equal(IgotStatus.Completed, first.Status);
        Assert.Equal(new DateTime(2025, 4, 10, 18, 0, 0), first.CompletedOn);

        var users = upload.User!.ReadUsers().ToList();
        Assert.Equal(2, users.Count);
        Assert.Equal(new DateOnly(2024, 11, 15), users[0].Row!.RegisteredOn);
        Assert.Equal("UP/POL/1", users[0].Row!.EmployeeCode);
        Assert.Null(users[1].Row!.RegisteredOn);
    }

    [Theory]
    [InlineData(ZipEncryption.ZipCrypto)]
    [InlineData(ZipEncryption.Aes256)]
    public void An_encrypted_zip_opens_with_its_password(ZipEncryption encryption)
    {
        using var upload = Open(_files.ReportsZip(encryption), Password);
        Assert.True(upload.WasZip);
        AssertTheUsualReports(upload);
    }

    [Theory]
    [InlineData(ZipEncryption.ZipCrypto)]
    [InlineData(ZipEncryption.Aes256)]
    public void A_large_streamed_download_is_read_whole(ZipEncryption encryption)
    {
        // 80,000 rows (about 16 MB of CSV, past the 10 MB where the ratio is checked): varied data packs far below the 200:1 bomb ratio, and every row is read.
        using var upload = Open(_files.LargeReportsZip(80_000, encryption), Password);
        var valid = 0;
        var completed = 0;
        foreach (var row in upload.RequireEnrolment().ReadEnrolments())
        {
            Assert.True(row.IsValid, string.Join("; ", row.Errors.Select(e => $"row {e.Row}: {e.Message}")));
            valid++;
            if (row.Row!.Status == IgotStatus.Completed) completed++;
        }
        Assert.Equal(80_000, valid);
        Assert.InRange(completed, 20_000, 33_000);
        Assert.Equal(1.0, upload.Enrolment!.Progress, 3);
    }

    [Fact]
    public void A_pasted_password_with_spaces_around_it_still_opens_the_zip()
    {
        using var upload = Open(_files.ReportsZip(), "  " + Password + "\n");
        AssertTheUsualReports(upload);
    }

    [Fact]
    public void A_zip_without_encryption_opens_with_or_without_a_password()
    {
        using (var upload = Open(_files.ReportsZip(ZipEncryption.None))) AssertTheUsualReports(upload);
        using (var upload = Open(_files.ReportsZip(ZipEncryption.None), "anything")) AssertTheUsualReports(upload);
    }

    [Fact]
    public void A_single_csv_from_the_zip_is_accepted()
    {
        using var upload = Open(_files.EnrolmentCsv());
        Assert.False(upload.WasZip);
        Assert.Null(upload.User);
        Assert.Equal(2, upload.RequireEnrolment().ReadEnrolments().Count(r => r.IsValid));
    }

    [Fact]
    public void The_table_saved_as_xlsx_is_read_with_excel_numbers_dates_and_times()
    {
        var path = _files.Xlsx(EnrolmentHeaders,
        [
            ["Ram Kumar", "Ram@UP.gov.in", 9876543210L, "up/pol/1", "Constable", "UP Police", "Cyber Security Awareness", "iGOT", "Course",
                TimeSpan.FromHours(56), new DateTime(2025, 4, 1, 10, 15, 0), new DateTime(2025, 4, 10), "Completed", 100, "Yes", "TRUE"],
            ["Sita Devi", "sita@up.gov.in", "", "", "SI", "UP Police", "POSH", "ISTM", "Course", 1.5, "2025-05-01", null, 1, 45.5, "No", "FALSE"],
        ]);
        using var upload = Open(path);
        Assert.False(upload.WasZip);
        var rows = upload.RequireEnrolment().ReadEnrolments().ToList();
        Assert.All(rows, r => Assert.True(r.IsValid, string.Join("; ", r.Errors.Select(e => e.Message))));
        var first = rows[0].Row!;
        Assert.Equal("9876543210", first.Phone);
        Assert.Equal("UP/POL/1", first.EmployeeCode);
        Assert.Equal(56 * 60, first.DurationMinutes);
        Assert.Equal(new DateTime(2025, 4, 1, 10, 15, 0), first.EnrolledOn);
        Assert.Equal(new DateTime(2025, 4, 10), first.CompletedOn);
        var second = rows[1].Row!;
        Assert.Equal(90, second.DurationMinutes);
        Assert.Equal(IgotStatus.InProgress, second.Status);
        Assert.Equal(45.5m, second.ProgressPercent);
        Assert.False(second.InLiveCbPlan);
    }

    [Fact]
    public void Reports_are_picked_by_header_not_by_file_name()
    {
        // The user report under the enrolment report's name and the other way round, a third under a made-up name.
        var path = _files.Zip(
        [
            ("user-enrollment-report.csv", CsvBytes(UserHeaders, [UserRow(1)])),
            ("reports/UserReport.csv", CsvBytes(EnrolmentHeaders, [CompletedRow(1), InProgressRow(2), CompletedRow(3)])),
            ("data.txt", CsvBytes(CbPlanHeaders, [CbPlanRow(1)])),
            ("readme.pdf", Encoding.ASCII.GetBytes("%PDF-1.4 not a report")),
        ]);
        using var upload = Open(path, Password);
        Assert.Equal("UserReport.csv", upload.Enrolment!.FileName);
        Assert.Equal(3, upload.Enrolment.ReadEnrolments().Count());
        Assert.Equal("user-enrollment-report.csv", upload.User!.FileName);
        Assert.Equal("data.txt", upload.CbPlan!.FileName);
        Assert.Equal(4, upload.FilesFound.Count);
        Assert.Contains(upload.IgnoredFiles, f => f.StartsWith("readme.pdf"));
    }

    [Fact]
    public void A_second_enrolment_report_in_the_zip_is_listed_as_not_read()
    {
        var path = _files.Zip(
        [
            ("user-enrollment-report.csv", CsvBytes(EnrolmentHeaders, [CompletedRow(1)])),
            ("ConsumptionReport.csv", CsvBytes(EnrolmentHeaders, [CompletedRow(2), CompletedRow(3)])),
        ]);
        using var upload = Open(path, Password);
        Assert.Equal("user-enrollment-report.csv", upload.Enrolment!.FileName);
        Assert.Contains(upload.IgnoredFiles, f => f.StartsWith("ConsumptionReport.csv (a second enrolment report"));
    }

    [Fact]
    public void The_cb_plan_report_alone_is_recognised_but_is_no_enrolment_report()
    {
        using var upload = Open(_files.Csv(CbPlanHeaders, [CbPlanRow(1)], "CBPEnrollmentReport.csv"));
        Assert.NotNull(upload.CbPlan);
        Assert.Null(upload.Enrolment);
        var message = Assert.Throws<FileProblemException>(() => upload.RequireEnrolment()).Message;
        Assert.Contains("has no enrolment report", message);
        Assert.Contains("CB plan report", message);
    }

    [Theory]
    [InlineData("Employee_Id")]
    [InlineData("Employee Id")]
    [InlineData("EmployeeId")]
    [InlineData("employee code")]
    public void Header_variants_of_igot_report_versions_are_matched(string employeeIdHeader)
    {
        string[] headers = ["Full Name", employeeIdHeader, "Course Name", "Completion Status", "Completion Date"];
        using var upload = Open(_files.Csv(headers, [["Ram", " up/pol/7 ", "POSH", "Completed", "2025-04-10"]]));
        var row = Assert.Single(upload.RequireEnrolment().ReadEnrolments()).Row!;
        Assert.Equal("UP/POL/7", row.EmployeeCode);
        Assert.Equal(IgotStatus.Completed, row.Status);
        Assert.Equal(new DateTime(2025, 4, 10), row.CompletedOn);
    }

    [Fact]
    public void Unknown_columns_are_ignored_and_reported()
    {
        using var upload = Open(_files.Csv([.. EnrolmentHeaders, "Batch_Id"], [[.. CompletedRow(1), "b-1"]]));
        Assert.Contains("Batch_Id", upload.RequireEnrolment().IgnoredColumns);
    }

    [Theory]
    [InlineData(ZipEncryption.ZipCrypto)]
    [InlineData(ZipEncryption.Aes256)]
    public void An_encrypted_zip_without_a_password_asks_for_it(ZipEncryption encryption)
    {
        Assert.Equal(IgotReportFile.NoPasswordMessage, Rejected(_files.ReportsZip(encryption)));
        Assert.Equal(IgotReportFile.NoPasswordMessage, Rejected(_files.ReportsZip(encryption), "  "));
    }

    [Theory]
    [InlineData(ZipEncryption.ZipCrypto)]
    [InlineData(ZipEncryption.Aes256)]
    public void A_wrong_password_says_so(ZipEncryption encryption) =>
        Assert.Equal(IgotReportFile.WrongPasswordMessage, Rejected(_files.ReportsZip(encryption), "Xk7#pQ2m@Lw9vRT"));

    [Fact]
    public void Every_wrong_password_is_refused_even_those_that_pass_zipcrypto_one_byte_check()
    {
        // ZipCrypto checks one byte of the password: about 1 in 256 wrong ones get past it, and only the CRC tells.
        // Which ones depends on the zip's random header, so try until two have got past it (about 512 tries, rarely
        // more than 2,000) rather than a fixed number (600 tries found none about one run in ten).
        var path = _files.ReportsZip(ZipEncryption.ZipCrypto);
        var passedTheCheck = 0;
        for (var i = 0; i < 20_000 && passedTheCheck < 2; i++)
        {
            var password = "wrong-" + i.ToString("000000000");
            Assert.Equal(IgotReportFile.WrongPasswordMessage, Rejected(path, password));
            using var zip = new ICSharpCode.SharpZipLib.Zip.ZipFile(path) { Password = password };
            try { zip.GetInputStream(zip[0]).Dispose(); passedTheCheck++; }
            catch (ICSharpCode.SharpZipLib.Zip.ZipException) { }
        }
        Assert.True(passedTheCheck > 0, "no wrong password got past ZipCrypto's check byte: the test does not cover that case");
    }

    [Fact]
    public void Title_rows_above_the_header_are_skipped()
    {
        var text = "\"Uttar Pradesh Police: enrolment report\"\n\n" + CsvText(EnrolmentHeaders, [CompletedRow(1)]);
        using var upload = Open(_files.Write("report.csv", Encoding.UTF8.GetBytes(text)));
        var row = Assert.Single(upload.RequireEnrolment().ReadEnrolments());
        Assert.Equal(4, row.RowNumber);
        Assert.True(row.IsValid);
    }

    [Fact]
    public void A_zip_without_an_igot_report_lists_what_it_holds()
    {
        var path = _files.Zip(
        [
            ("notes.csv", Encoding.UTF8.GetBytes("\"Subject\",\"Remarks\"\n\"a\",\"b\"\n")),
            ("scan.pdf", Encoding.ASCII.GetBytes("%PDF-1.4")),
        ]);
        var message = Rejected(path, Password);
        Assert.Contains("holds no iGOT report", message);
        Assert.Contains("notes.csv (", message);
        Assert.Contains("scan.pdf (", message);
    }

    [Fact]
    public void An_opendocument_spreadsheet_is_told_to_be_saved_as_xlsx() =>
        Assert.Contains("OpenDocument", Rejected(_files.Zip([("mimetype", Encoding.ASCII.GetBytes("application/vnd.oasis.opendocument.spreadsheet"))], ZipEncryption.None, name: "report.ods")));

    [Fact]
    public void An_empty_zip_says_it_is_empty() =>
        Assert.Contains("is empty: it holds no files", Rejected(_files.Zip([], ZipEncryption.None)));

    [Fact]
    public void A_staff_roster_dropped_on_progress_is_sent_to_the_rosters_page()
    {
        string[][] rows = [["UP/1", "Ram Kumar", "Constable", "Police", "Meerut", "9876543210", "ram@up.gov.in"]];
        Assert.Equal(IgotReportFile.RosterOnProgressMessage, Rejected(_files.Csv(RosterHeaders, rows, "roster.csv")));
        Assert.StartsWith(IgotReportFile.RosterOnProgressMessage, Rejected(_files.Zip([("roster.csv", CsvBytes(RosterHeaders, rows))]), Password));
    }

    [Fact]
    public void The_rosters_page_can_tell_an_igot_report_from_a_roster()
    {
        Assert.True(IgotReportFile.LooksLikeIgotReport(EnrolmentHeaders));
        Assert.True(IgotReportFile.LooksLikeIgotReport(UserHeaders));
        Assert.True(IgotReportFile.LooksLikeIgotReport(CbPlanHeaders));
        Assert.False(IgotReportFile.LooksLikeIgotReport(RosterHeaders));
        Assert.False(IgotReportFile.LooksLikeIgotReport(["Subject", "Remarks"]));
        Assert.Equal("This is an iGOT report: upload it on the Progress page.", IgotReportFile.IgotReportOnRostersMessage);

        using var book = SpreadsheetFile.Open(_files.EnrolmentCsv(), "user-enrollment-report.csv", new SpreadsheetLimits());
        Assert.True(IgotReportFile.LooksLikeIgotReport(book));
        using var roster = SpreadsheetFile.Open(_files.Csv(RosterHeaders, [], "roster.csv"), "roster.csv", new SpreadsheetLimits());
        Assert.False(IgotReportFile.LooksLikeIgotReport(roster));
    }

    [Fact]
    public void An_enrolment_report_without_any_identifier_column_is_refused()
    {
        var message = Rejected(_files.Csv(["Full_Name", "Content_Name", "Status"], [["Ram", "POSH", "completed"]]));
        Assert.Contains("has no Email, Phone_Number or Employee_Id column", message);
    }

    [Fact]
    public void A_csv_that_is_no_report_says_what_its_first_row_has()
    {
        var message = Rejected(_files.Csv(["Subject", "Remarks"], [["a", "b"]], "notes.csv"));
        Assert.Contains("is not an iGOT report", message);
        Assert.Contains("Subject, Remarks", message);
    }

    [Fact]
    public void A_csv_saved_as_utf16_says_save_as_csv_utf8()
    {
        var text = CsvText(EnrolmentHeaders, [CompletedRow(1)]);
        var message = Rejected(_files.Write("report.csv", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)]));
        Assert.Contains("UTF-16", message);
        Assert.Contains("CSV UTF-8", message);
    }

    [Fact]
    public void A_csv_saved_as_ansi_says_save_as_csv_utf8()
    {
        // Excel's "CSV (Comma delimited)" writes Windows-1252: é is the single byte 0xE9, not UTF-8.
        var text = CsvText(EnrolmentHeaders, [CompletedRow(1), [.. CompletedRow(2).Select((v, i) => i == 0 ? "Ren\u00e9 Kumar" : v)]]);
        var bytes = text.Select(ch => (byte)ch).ToArray();
        Assert.Contains((byte)0xE9, bytes);
        Assert.Contains("CSV UTF-8", Rejected(_files.Write("report.csv", bytes)));
        // The same inside a zip, where the header row itself is not UTF-8.
        var zipped = _files.Zip([("user-enrollment-report.csv", Encoding.Latin1.GetBytes("\"Full_Name\",\"Email\",\"Content_Name\",\"Ren\u00e9\"\n"))]);
        Assert.Contains("CSV UTF-8", Rejected(zipped, Password));
    }

    [Fact]
    public void An_empty_file_says_it_is_empty() =>
        Assert.Contains("is empty", Rejected(_files.Write("user-enrollment-report.csv", [])));

    [Fact]
    public void A_truncated_zip_says_download_again()
    {
        var whole = File.ReadAllBytes(_files.ReportsZip());
        var message = Rejected(_files.Write("reports.zip", whole[..(whole.Length * 2 / 3)]), Password);
        Assert.Contains("damaged or incomplete", message);
        Assert.Contains("iGOT", message);
    }

    [Fact]
    public void A_zip_bomb_entry_is_stopped_by_the_compression_ratio()
    {
        // 24 MB of one repeated line packs about 1000:1; the ratio limit is 200:1 past 10 MB.
        var line = Encoding.UTF8.GetBytes("\"a\",\"a\",\"a\"\n");
        var bomb = new byte[24 * 1024 * 1024];
        for (var i = 0; i < bomb.Length; i++) bomb[i] = line[i % line.Length];
        var path = _files.Zip([("user-enrollment-report.csv", CsvBytes(EnrolmentHeaders, [CompletedRow(1)])), ("bomb.csv", bomb)], level: 9);
        Assert.True(new FileInfo(path).Length < bomb.Length / 200);
        Assert.Contains("'bomb.csv' in the zip", Rejected(path, Password));
    }

    [Fact]
    public void An_entry_larger_than_the_per_file_limit_is_stopped()
    {
        var options = new IgotReadOptions { TempDirectory = _files.Folder, Limits = new SpreadsheetLimits { MaxPartBytes = 1000, MaxInflatedBytes = 5000 } };
        var rows = Enumerable.Range(1, 50).Select(CompletedRow).ToArray();
        Assert.Contains("expands to more than", Rejected(_files.Zip([("r.csv", CsvBytes(EnrolmentHeaders, rows))]), Password, options));
        Assert.Contains("expands to more than", Rejected(_files.Zip([("r.csv", CsvBytes(EnrolmentHeaders, rows))], ZipEncryption.None), null, options));
    }

    [Fact]
    public void A_zip_of_too_many_files_is_refused_before_they_are_read()
    {
        var options = new IgotReadOptions { TempDirectory = _files.Folder, Limits = new SpreadsheetLimits { MaxZipEntries = 5 } };
        var path = _files.Zip(Enumerable.Range(1, 6).Select(i => ($"r{i}.csv", CsvBytes(EnrolmentHeaders, [CompletedRow(i)]))).ToList());
        Assert.Contains("holds more than 5 files; an iGOT download holds a few reports", Rejected(path, Password, options));
        using var fine = Open(_files.Zip(Enumerable.Range(1, 5).Select(i => ($"r{i}.csv", CsvBytes(EnrolmentHeaders, [CompletedRow(i)]))).ToList()), Password, options);
        Assert.NotNull(fine.Enrolment);
    }

    [Fact]
    public void More_data_rows_than_the_limit_reject_the_file()
    {
        var options = new IgotReadOptions { TempDirectory = _files.Folder, MaxDataRows = 3 };
        var path = _files.EnrolmentCsv([.. Enumerable.Range(1, 4).Select(CompletedRow)]);
        Assert.Contains("more than 3 data rows", Rejected(path, null, options));
        using var upload = Open(_files.EnrolmentCsv([.. Enumerable.Range(1, 3).Select(CompletedRow)]), null, options);
        Assert.Equal(3, upload.RequireEnrolment().ReadEnrolments().Count());
        Assert.Equal(5_000_000, new IgotReadOptions().MaxDataRows);
    }

    [Fact]
    public void Unpacked_files_are_deleted_on_dispose()
    {
        var upload = Open(_files.ReportsZip(), Password);
        Assert.Single(Directory.GetDirectories(_files.Folder, "portal-igot-*"));
        upload.Dispose();
        Assert.Empty(Directory.GetDirectories(_files.Folder, "portal-igot-*"));
    }

    [Fact]
    public void A_refused_zip_leaves_nothing_unpacked()
    {
        Rejected(_files.ReportsZip(), "wrong password!");
        Assert.Empty(Directory.GetDirectories(_files.Folder, "portal-igot-*"));
    }
}
