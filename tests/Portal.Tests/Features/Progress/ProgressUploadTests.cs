using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Portal.Tests.Features.Rosters;
using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Features.Progress;
using static Portal.Tests.Features.Progress.IgotReportFiles;

namespace Portal.Tests.Features.Progress;

/// <summary>
/// An iGOT report upload end to end through <see cref="ProgressImportService"/> on real SQLite: files that can never be
/// imported (a message, a failed batch, nothing written), encrypted zips previewed and committed, the worklist, the
/// uploader's scope, and an iGOT report dropped on the Rosters page.
/// </summary>
public sealed class ProgressUploadTests : ProgressUploadTestBase
{
    static ProgressUploadTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    // ---------------------------------------------------------------- files that can never be imported

    /// <summary>
    /// Previews and imports the file: both must fail with the message, as a Failed batch carrying it, with nothing
    /// written and nothing left unpacked.
    /// </summary>
    private async Task<string> AssertProgressRejectedAsync(string file, string? password, string expected, bool exact = false)
    {
        var before = DatabaseState();
        var counts = (Enrolments(), Onboarded(), Courses(), WorklistRows());
        var user = await Admin();
        var messages = new List<string>();
        foreach (var commit in new[] { false, true })
        {
            var result = commit
                ? await ProgressService().ImportAsync(user, file, Path.GetFileName(file), password)
                : await ProgressService().PreviewAsync(user, file, Path.GetFileName(file), password);

            Assert.True(result.FileRejected, $"expected '{Path.GetFileName(file)}' to be rejected, got {result.Outcome}");
            Assert.False(result.ServerFailure, result.FileProblem);
            Assert.False(result.CanCommit);
            Assert.Equal(ImportOutcome.Failed, result.Outcome);
            Assert.Null(result.Counts);
            if (exact) Assert.Equal(expected, result.FileProblem);
            else Assert.Contains(expected, result.FileProblem);
            var batch = Batch(result.BatchId);
            Assert.Equal((int)ImportOutcome.Failed, batch.Outcome);
            Assert.Equal(result.FileProblem, batch.Message);
            Assert.True(batch.Finished);
            Assert.Equal((0, 0, 0, 0, 0), (batch.MatchedRows, batch.UnmatchedRows, batch.NewCompletions, batch.Onboarded, batch.NewCourses));
            Assert.Null(batch.WorklistPath);
            Assert.Empty(Directory.GetDirectories(Path.Combine(ImportFolder, result.BatchId.ToString()), "portal-igot-*"));
            Assert.False(File.Exists(Path.Combine(ImportFolder, result.BatchId.ToString(), ProgressUpload.WorklistFileName)));
            messages.Add(result.FileProblem!);
        }
        Assert.Equal(before, DatabaseState());
        Assert.Equal(counts, (Enrolments(), Onboarded(), Courses(), WorklistRows()));
        // A failed upload is no audited import.
        Assert.Equal(0, Db.Scalar($"SELECT COUNT(*) FROM AuditEntries WHERE Action = '{AuditActions.ProgressImport}'"));
        return messages[1];
    }

    /// <summary>A report whose rows would change the database if it were read: staff of the state, completed.</summary>
    private byte[] RealReport()
    {
        var staff = ActiveStaff();
        return CsvBytes(EnrolmentHeaders, [Enrolment(staff[0].Code, null, null, CourseA), Enrolment(null, staff[1].Email, null, CourseB)]);
    }

    [Theory]
    [InlineData(ZipEncryption.ZipCrypto)]
    [InlineData(ZipEncryption.Aes256)]
    public async Task An_encrypted_zip_without_its_password_asks_for_it(ZipEncryption encryption)
    {
        var zip = Files.Zip([("user-enrollment-report.csv", RealReport())], encryption);
        await AssertProgressRejectedAsync(zip, null, IgotReportFile.NoPasswordMessage, exact: true);
        await AssertProgressRejectedAsync(zip, "   ", IgotReportFile.NoPasswordMessage, exact: true);
    }

    [Theory]
    [InlineData(ZipEncryption.ZipCrypto)]
    [InlineData(ZipEncryption.Aes256)]
    public Task A_wrong_password_says_so(ZipEncryption encryption) =>
        AssertProgressRejectedAsync(Files.Zip([("user-enrollment-report.csv", RealReport())], encryption), "Xk7#pQ2m@Lw9vRT", IgotReportFile.WrongPasswordMessage, exact: true);

    [Fact]
    public async Task A_zip_without_an_igot_report_lists_what_it_holds()
    {
        var message = await AssertProgressRejectedAsync(Files.Zip([("readme.txt", Encoding.UTF8.GetBytes("The reports will follow next week.\n"))]), Password, "holds no iGOT report");
        Assert.Contains("readme.txt (", message);
    }

    [Fact]
    public async Task A_staff_roster_dropped_on_progress_is_sent_to_the_rosters_page()
    {
        var staff = ActiveStaff()[0];
        string[][] rows = [[staff.Code, "Ram Kumar", "Constable", "Police", "Meerut", staff.Mobile, staff.Email]];
        await AssertProgressRejectedAsync(Files.Csv(RosterHeaders, rows, "roster.csv"), null, IgotReportFile.RosterOnProgressMessage, exact: true);
        await AssertProgressRejectedAsync(Files.Xlsx(RosterHeaders, rows.Select(r => r.Cast<object?>().ToArray()), "roster.xlsx"), null, IgotReportFile.RosterOnProgressMessage, exact: true);
        var zipped = await AssertProgressRejectedAsync(Files.Zip([("roster.csv", CsvBytes(RosterHeaders, rows))]), Password, IgotReportFile.RosterOnProgressMessage);
        Assert.StartsWith(IgotReportFile.RosterOnProgressMessage, zipped);
    }

    [Fact]
    public async Task A_csv_saved_by_excel_as_ansi_says_save_as_csv_utf8()
    {
        // Excel's "CSV (Comma delimited)" writes the Windows code page: é is the one byte 0xE9, and ā, ṁ (not in it) become '?'.
        var staff = ActiveStaff()[0];
        var text = CsvText(EnrolmentHeaders, [Enrolment(staff.Code, null, null, CourseA, name: "José Rāṁ")]);
        var bytes = Encoding.GetEncoding(1252).GetBytes(text);
        Assert.Contains((byte)0xE9, bytes);
        var message = await AssertProgressRejectedAsync(Files.Write("user-enrollment-report.csv", bytes), null, "CSV UTF-8");
        Assert.Contains("not UTF-8", message);
    }

    [Fact]
    public async Task A_csv_saved_by_excel_as_utf16_says_save_as_csv_utf8()
    {
        var staff = ActiveStaff()[0];
        var text = CsvText(EnrolmentHeaders, [Enrolment(staff.Code, null, null, CourseA, name: "Rāṁ Kumar")]);
        var message = await AssertProgressRejectedAsync(Files.Write("user-enrollment-report.csv", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)]), null, "CSV UTF-8");
        Assert.Contains("UTF-16", message);
    }

    [Fact]
    public Task An_empty_file() => AssertProgressRejectedAsync(Files.Write("user-enrollment-report.csv", []), null, "is empty");

    [Fact]
    public async Task A_zip_cut_in_half_says_download_it_again()
    {
        var whole = File.ReadAllBytes(Files.Zip([("user-enrollment-report.csv", RealReport())]));
        var message = await AssertProgressRejectedAsync(Files.Write("Uttar Pradesh Police.zip", whole[..(whole.Length / 2)]), Password, "damaged or incomplete");
        Assert.Contains("Download it from iGOT again", message);
    }

    [Fact]
    public async Task A_zip_bomb_beside_a_real_report_is_stopped_by_the_compression_ratio()
    {
        // The service reads with IgotReadOptions' own limits (only the file size comes from ImportOptions): the ratio
        // (200:1) is checked past 10 MB inflated. 16 MB of zeros pack to a few KB, so the upload itself stays small.
        var path = Path.Combine(Files.Folder, "bomb-Uttar Pradesh Police.zip");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            using (var report = zip.CreateEntry("user-enrollment-report.csv").Open()) report.Write(RealReport());
            using var bomb = zip.CreateEntry("UserReport.csv", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 16; i++) bomb.Write(zeros);
        }
        Assert.True(new FileInfo(path).Length < 100_000, $"the test's zip is {new FileInfo(path).Length:N0} bytes");

        var message = await AssertProgressRejectedAsync(path, null, "expands to more than");
        Assert.Contains("'UserReport.csv' in the zip", message);
        Assert.Contains("200 times the packed size", message);
    }

    [Fact]
    public async Task A_file_over_the_size_limit_says_which_limit()
    {
        Options.MaxFileMegabytes = 1;
        var staff = ActiveStaff()[0];
        var rows = Enumerable.Range(0, 6_000).Select(i => Enrolment(staff.Code, null, null, $"{CourseA} {i}")).ToArray();
        var path = Files.Csv(EnrolmentHeaders, rows);
        Assert.True(new FileInfo(path).Length > 1024 * 1024);

        await AssertProgressRejectedAsync(path, null, "the limit is 1 MB");
    }

    [Fact]
    public async Task The_row_limit_is_the_readers_own_and_not_an_upload_option()
    {
        // ImportOptions.MaxDataRows bounds rosters only: an iGOT report is bounded by IgotReadOptions.MaxDataRows (5,000,000),
        // which the service does not take from its options. Set small, it does not refuse a 3-row report.
        Options.MaxDataRows = 2;
        var staff = ActiveStaff();
        var result = await ProgressService().PreviewAsync(await Admin(), Files.Csv(EnrolmentHeaders, [.. staff.Take(3).Select(s => Enrolment(s.Code, null, null, CourseA))]),
            "user-enrollment-report.csv", null);

        Assert.Equal(ImportOutcome.Previewed, result.Outcome);
        Assert.Equal(3, result.RowsRead);
        Assert.Equal(5_000_000, new IgotReadOptions().MaxDataRows);
    }

    // ---------------------------------------------------------------- preview and commit

    private sealed record Report(string Zip, List<Staff> Staff, string Stranger);

    /// <summary>
    /// A zip of 5 enrolment rows and a user report: staff[0] by code (completed), staff[1] by e-mail (in progress),
    /// staff[2] by mobile (completed; not onboarded before, registered per the user report), an iGOT user nobody matches
    /// (completed), and a row with an unreadable date (staff[3], rejected).
    /// </summary>
    private Report ReportZip(ZipEncryption encryption)
    {
        var staff = ActiveStaff();
        Db.Execute($"UPDATE Employees SET OnboardedOn = NULL WHERE Id = {staff[2].Id}");
        const string stranger = "stranger.one@example.org";
        var zip = Files.Zip(
        [
            ("user-enrollment-report.csv", CsvBytes(EnrolmentHeaders,
            [
                Enrolment(staff[0].Code, null, null, CourseA),
                Enrolment(null, staff[1].Email, null, CourseB, status: "in-progress", progress: "40"),
                Enrolment(null, null, "+91 " + staff[2].Mobile, CourseA),
                Enrolment(null, stranger, "9000000001", CourseA, name: "A Stranger"),
                Enrolment(null, staff[3].Email, null, CourseA, completed: "31/31/2025"),
            ])),
            ("UserReport.csv", CsvBytes(UserHeaders, [IgotReportFiles.User(null, null, staff[2].Mobile, "2024-11-15")])),
        ], encryption);
        return new Report(zip, staff, stranger);
    }

    [Theory]
    [InlineData(ZipEncryption.ZipCrypto)]
    [InlineData(ZipEncryption.Aes256)]
    public async Task An_encrypted_zip_with_its_password_is_previewed_then_committed_and_counted_as_written(ZipEncryption encryption)
    {
        var report = ReportZip(encryption);
        var staff = report.Staff;
        var before = DatabaseState();
        var (enrolments, onboarded, courses) = (Enrolments(), Onboarded(), Courses());
        var admin = await Admin();
        var service = ProgressService();

        var preview = await service.PreviewAsync(admin, report.Zip, "Uttar Pradesh Police.zip", Password);

        Assert.Equal(ImportOutcome.Previewed, preview.Outcome);
        Assert.True(preview.CanCommit, preview.FileProblem);
        Assert.Equal(before, DatabaseState());
        Assert.Equal(1, Db.Scalar("SELECT COUNT(*) FROM ImportBatches"));
        Assert.Equal((int)ImportOutcome.Previewed, Batch(preview.BatchId).Outcome);
        Assert.Equal(0, Db.Scalar($"SELECT COUNT(*) FROM AuditEntries WHERE Action = '{AuditActions.ProgressImport}'"));
        Assert.Equal(["user-enrollment-report.csv", "UserReport.csv"], preview.ReportsRead);

        var commit = await service.CommitAsync(admin, preview.BatchId, Password);

        Assert.Equal(ImportOutcome.Committed, commit.Outcome);
        Assert.Equal(preview.BatchId, commit.BatchId);
        var c = commit.Counts!;
        var p = preview.Counts!;
        Assert.Equal((p.Rows, p.Matched, p.Unmatched, p.Completions, p.Enrolments, p.Onboarded, p.NewCourses, p.Rejected),
            (c.Rows, c.Matched, c.Unmatched, c.Completions, c.Enrolments, c.Onboarded, c.NewCourses, c.Rejected));
        Assert.Equal(5, c.Rows);
        Assert.Equal(new MatchCounts(EmployeeCode: 1, Email: 1, Mobile: 1, Linked: 0), c.Matched);
        Assert.Equal((1, 0, 0, 1), (c.Unmatched, c.Ambiguous, c.OutsideScope, c.Rejected));

        // The figures against the database, counted independently.
        Assert.Equal(c.Completions.New + c.Enrolments.New, Enrolments() - enrolments);
        Assert.Equal(c.Completions.New + c.Enrolments.New, TestEnrolments());
        Assert.Equal(c.Completions.New, TestCompletions());
        Assert.Equal(2, c.Completions.New);
        Assert.Equal(c.Onboarded, Onboarded() - onboarded);
        Assert.Equal(1, c.Onboarded);
        Assert.Equal("2024-11-15", Db.Rows($"SELECT OnboardedOn FROM Employees WHERE Id = {staff[2].Id}", r => r.GetString(0)).Single());
        Assert.Equal(c.NewCourses, Courses() - courses);
        Assert.Equal(2, c.NewCourses);
        Assert.Equal(1, Db.Scalar($"SELECT COUNT(*) FROM Enrolments n JOIN Courses k ON k.Id = n.CourseId WHERE n.EmployeeId = {staff[0].Id} AND k.Name = '{CourseA}' AND n.Status = 2"));
        Assert.Equal(1, Db.Scalar($"SELECT COUNT(*) FROM Enrolments n JOIN Courses k ON k.Id = n.CourseId WHERE n.EmployeeId = {staff[1].Id} AND k.Name = '{CourseB}' AND n.Status <> 2"));
        Assert.Equal(0, Db.Scalar($"SELECT COUNT(*) FROM Enrolments n JOIN Courses k ON k.Id = n.CourseId WHERE n.EmployeeId = {staff[3].Id} AND k.Name LIKE 'Progress Upload%'"));
        Assert.Equal(1, Db.Scalar($"SELECT COUNT(*) FROM IgotUnmatchedUsers WHERE BatchId = {commit.BatchId}"));
        var error = Assert.Single(commit.Errors);
        Assert.Equal((6, "Completed_On"), (error.Row, error.Column));

        var batch = Batch(commit.BatchId);
        Assert.Equal((int)ImportOutcome.Committed, batch.Outcome);
        Assert.Equal((5, 3, 1, 0, 0), (batch.RowsRead, batch.MatchedRows, batch.UnmatchedRows, batch.AmbiguousRows, batch.OutsideScopeRows));
        Assert.Equal((2, 0, 1, 2), (batch.NewCompletions, batch.UpdatedCompletions, batch.Onboarded, batch.NewCourses));
        Assert.Equal("Imported: 5 rows, 3 matched, 1 unmatched, 0 ambiguous, 0 outside your scope; 2 new completions, 1 onboarded.", batch.Message);
        Assert.True(batch.Finished);
        Assert.True(File.Exists(batch.WorklistPath), batch.WorklistPath);
        Assert.True(File.Exists(batch.ErrorWorkbookPath), batch.ErrorWorkbookPath);
        var audit = Db.Rows($"SELECT Actor, Details, Channel FROM AuditEntries WHERE Action = '{AuditActions.ProgressImport}'", r => (r.GetString(0), r.GetString(1), r.GetString(2))).Single();
        Assert.Equal(DemoUsers.StateAdmin, audit.Item1);
        Assert.StartsWith($"upload {commit.BatchId} (Uttar Pradesh Police.zip) committed: 5 rows, 3 matched, 1 unmatched", audit.Item2);
        Assert.Contains("2 new completions, 1 onboarded", audit.Item2);
        Assert.DoesNotContain(Password, audit.Item2);
        Assert.Equal(0, Db.Scalar($"SELECT COUNT(*) FROM ImportBatches WHERE Message LIKE '%{Password}%' OR FileName LIKE '%{Password}%'"));

        // The same file again: nothing new, nothing changed.
        var staffData = StaffData();
        var again = await service.ImportAsync(admin, report.Zip, "Uttar Pradesh Police.zip", Password);

        Assert.Equal(ImportOutcome.Committed, again.Outcome);
        Assert.Equal(new ChangeCounts(0, 0, 2), again.Counts!.Completions);
        Assert.Equal(new ChangeCounts(0, 0, 1), again.Counts.Enrolments);
        Assert.Equal((0, 0), (again.Counts.Onboarded, again.Counts.NewCourses));
        Assert.Equal(staffData, StaffData());
        Assert.NotNull(again.PreviousUpload);
        Assert.Contains($"upload #{commit.BatchId}, committed", again.PreviousUpload);
        // Still unmatched: listed again under the new upload; the earlier entry stays too (the worklist shows the latest).
        Assert.Equal(1, Db.Scalar($"SELECT COUNT(*) FROM IgotUnmatchedUsers WHERE BatchId = {again.BatchId} AND Email = '{report.Stranger}'"));
        Assert.Equal((0, 0), (Batch(again.BatchId).NewCompletions, Batch(again.BatchId).Onboarded));
    }

    [Fact]
    public async Task A_previewed_upload_is_committed_only_with_the_password_given_again()
    {
        var report = ReportZip(ZipEncryption.Aes256);
        var admin = await Admin();
        var service = ProgressService();
        var first = await service.PreviewAsync(admin, report.Zip, "reports.zip", Password);
        Assert.True(first.CanCommit);
        var before = DatabaseState();

        var withoutPassword = await service.CommitAsync(admin, first.BatchId, password: null);

        Assert.Equal(ImportOutcome.Failed, withoutPassword.Outcome);
        Assert.Equal(IgotReportFile.NoPasswordMessage, withoutPassword.FileProblem);
        Assert.Equal(before, DatabaseState());
        Assert.Equal((int)ImportOutcome.Failed, Batch(first.BatchId).Outcome);
        Assert.Equal(IgotReportFile.NoPasswordMessage, Batch(first.BatchId).Message);
        Assert.Equal(0, Db.Scalar($"SELECT COUNT(*) FROM AuditEntries WHERE Action = '{AuditActions.ProgressImport}'"));
        // A failed batch is closed: it cannot be committed afterwards.
        await Assert.ThrowsAsync<InvalidOperationException>(() => service.CommitAsync(admin, first.BatchId, Password));

        // Previewed again, and committed with the password given again.
        var second = await service.PreviewAsync(admin, report.Zip, "reports.zip", Password);
        var committed = await service.CommitAsync(admin, second.BatchId, "  " + Password + " ");

        Assert.Equal(ImportOutcome.Committed, committed.Outcome);
        Assert.Equal(2, TestCompletions());
        Assert.Equal(1, Db.Scalar($"SELECT COUNT(*) FROM AuditEntries WHERE Action = '{AuditActions.ProgressImport}' AND Details LIKE 'upload {second.BatchId} %'"));
    }

    [Fact]
    public async Task A_cancelled_preview_writes_nothing_and_cannot_be_committed()
    {
        var report = ReportZip(ZipEncryption.ZipCrypto);
        var admin = await Admin();
        var service = ProgressService();
        var preview = await service.PreviewAsync(admin, report.Zip, "reports.zip", Password);
        var before = DatabaseState();

        await service.CancelAsync(admin, preview.BatchId);

        Assert.Equal((int)ImportOutcome.Cancelled, Batch(preview.BatchId).Outcome);
        await Assert.ThrowsAsync<InvalidOperationException>(() => service.CommitAsync(admin, preview.BatchId, Password));
        Assert.Equal(before, DatabaseState());
    }

    // ---------------------------------------------------------------- the worklist

    [Fact]
    public async Task Unmatched_users_go_to_the_worklist_until_the_roster_holds_them()
    {
        var staff = ActiveStaff();
        const string stranger = "stranger.two@example.org";
        var report = Files.Zip([("user-enrollment-report.csv", CsvBytes(EnrolmentHeaders,
        [
            Enrolment(staff[0].Code, null, null, CourseA),
            Enrolment(null, stranger, null, CourseA, name: "Later Joiner"),
            Enrolment(null, stranger, null, CourseB, status: "in-progress", progress: "10", name: "Later Joiner"),
        ]))]);
        var admin = await Admin();

        var first = await ProgressService().ImportAsync(admin, report, "reports.zip", Password);

        Assert.Equal(ImportOutcome.Committed, first.Outcome);
        Assert.True(first.HasWorklist);
        Assert.Equal(1, first.UnmatchedUsers);
        Assert.Equal(stranger, Assert.Single(first.FirstUnmatched).Email);
        var stored = Db.Rows($"SELECT BatchId, Problem, Rows, Completions, Name FROM IgotUnmatchedUsers WHERE Email = '{stranger}'",
            r => (r.GetInt32(0), r.GetInt32(1), r.GetInt32(2), r.GetInt32(3), r.GetString(4))).Single();
        Assert.Equal((first.BatchId, (int)IgotMatchProblem.Unmatched, 2, 1, "Later Joiner"), stored);
        var worklist = Batch(first.BatchId).WorklistPath;
        Assert.Equal(Path.Combine(ImportFolder, first.BatchId.ToString(), ProgressUpload.WorklistFileName), worklist);
        using (var workbook = new ClosedXML.Excel.XLWorkbook(worklist))
        {
            var sheet = workbook.Worksheet(UnmatchedWorkbook.SheetName);
            var emailCell = Assert.Single(sheet.CellsUsed(), cell => cell.GetString() == stranger);
            var row = emailCell.WorksheetRow();
            Assert.Equal("Later Joiner", row.Cell(1).GetString());
            Assert.Equal(2, row.Cell(8).GetValue<int>());
            Assert.Equal(1, row.Cell(9).GetValue<int>());
            Assert.DoesNotContain(sheet.CellsUsed(), cell => cell.GetString() == staff[0].Code);
        }

        // The clerk adds the address to the roster; the next upload of the report matches it and clears the old entry.
        Assert.Equal(1, Db.Execute($"UPDATE Employees SET Email = '{stranger}' WHERE Id = {staff[5].Id}"));
        var second = await ProgressService().ImportAsync(admin, report, "reports.zip", Password);

        Assert.Equal(ImportOutcome.Committed, second.Outcome);
        Assert.Equal(new MatchCounts(EmployeeCode: 1, Email: 2, Mobile: 0, Linked: 0), second.Counts!.Matched);
        Assert.Equal(0, second.Counts.Unmatched);
        Assert.False(second.HasWorklist);
        Assert.Null(Batch(second.BatchId).WorklistPath);
        Assert.Equal(0, Db.Scalar($"SELECT COUNT(*) FROM IgotUnmatchedUsers WHERE Email = '{stranger}'"));
        Assert.Equal(0, WorklistRows());
        Assert.Equal(2, Db.Scalar($"SELECT COUNT(*) FROM Enrolments n JOIN Courses k ON k.Id = n.CourseId WHERE n.EmployeeId = {staff[5].Id} AND k.Name LIKE 'Progress Upload%'"));
    }

    [Fact]
    public async Task A_preview_writes_the_worklist_workbook_but_no_worklist_rows()
    {
        var report = ReportZip(ZipEncryption.ZipCrypto);

        var preview = await ProgressService().PreviewAsync(await Admin(), report.Zip, "reports.zip", Password);

        Assert.True(preview.HasWorklist);
        Assert.Equal(0, WorklistRows());
        var path = Batch(preview.BatchId).WorklistPath;
        Assert.True(File.Exists(path), path);
        Assert.Contains(report.Stranger, CellsOf(path!));
    }

    // ---------------------------------------------------------------- the uploader's scope

    [Fact]
    public async Task A_range_office_writes_only_its_staff_and_its_files_name_nobody_else()
    {
        var range = await MeerutRange();
        var staff = ActiveStaff();
        var mine = staff.Where(s => range.Scope.Includes(s.DistrictId, s.DepartmentId)).Take(3).ToList();
        var theirs = staff.Where(s => !range.Scope.Includes(s.DistrictId, s.DepartmentId)).Take(3).ToList();
        Assert.Equal(3, mine.Count);
        Db.Execute($"UPDATE Employees SET OnboardedOn = NULL WHERE Id IN ({mine[1].Id}, {theirs[0].Id})");
        const string stranger = "nobody.known@example.org";
        var zip = Files.Zip([("user-enrollment-report.csv", CsvBytes(EnrolmentHeaders,
        [
            Enrolment(mine[0].Code, null, null, CourseA),
            Enrolment(null, mine[1].Email, null, CourseB, status: "in-progress", progress: "20"),
            Enrolment(null, mine[2].Email, null, CourseA, enrolled: "not a date"),
            Enrolment(theirs[0].Code, null, null, CourseA, name: "Their Employee Zero"),
            Enrolment(null, theirs[1].Email, null, CourseB, name: "Their Employee One"),
            Enrolment(null, null, theirs[2].Mobile, CourseA, completed: "31/31/2025", name: "Their Employee Two"),
            Enrolment(null, stranger, null, CourseA, name: "Nobody Known"),
        ]))]);
        var otherState = Db.Rows($"SELECT Id, OnboardedOn FROM Employees WHERE Id IN ({string.Join(",", theirs.Select(t => t.Id))}) ORDER BY Id", Line);

        var result = await ProgressService().ImportAsync(range, zip, "reports.zip", Password);

        Assert.Equal(ImportOutcome.Committed, result.Outcome);
        var c = result.Counts!;
        Assert.Equal((7, 3, 1, 1, 1), (c.Rows, c.OutsideScope, c.Unmatched, c.Rejected, c.Matched.EmployeeCode));
        Assert.Equal(2, c.Matched.Total);
        Assert.Equal(1, c.Onboarded);
        // Written: mine only.
        Assert.Equal(2, TestEnrolments());
        Assert.Equal(0, Db.Scalar($"SELECT COUNT(*) FROM Enrolments n JOIN Courses k ON k.Id = n.CourseId WHERE k.Name LIKE 'Progress Upload%' AND n.EmployeeId IN ({string.Join(",", theirs.Select(t => t.Id))})"));
        Assert.Equal(otherState, Db.Rows($"SELECT Id, OnboardedOn FROM Employees WHERE Id IN ({string.Join(",", theirs.Select(t => t.Id))}) ORDER BY Id", Line));
        var batch = Batch(result.BatchId);
        Assert.Equal((2, 1, 3), (batch.MatchedRows, batch.UnmatchedRows, batch.OutsideScopeRows));
        Assert.Contains("3 outside your scope", batch.Message);

        // Nothing given back names them: not the result, the worklist (rows and workbook), nor the error workbook.
        var error = Assert.Single(result.Errors);
        Assert.Equal((4, "Enrolled_On"), (error.Row, error.Column));
        var secrets = theirs.SelectMany(t => new[] { t.Code, t.Email, t.Mobile }).Concat(["Their Employee"]).ToList();
        var json = JsonSerializer.Serialize(result);
        var worklistCells = CellsOf(batch.WorklistPath!);
        var errorCells = CellsOf(batch.ErrorWorkbookPath!);
        Assert.Contains(stranger, worklistCells);
        Assert.Contains(errorCells, cell => cell.Contains(mine[2].Email, StringComparison.OrdinalIgnoreCase));
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, json, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(worklistCells, cell => cell.Contains(secret, StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(errorCells, cell => cell.Contains(secret, StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(secret, batch.Message!, StringComparison.OrdinalIgnoreCase);
        }
        Assert.Equal([stranger], Db.Rows($"SELECT Email FROM IgotUnmatchedUsers WHERE BatchId = {result.BatchId}", r => r.GetString(0)));
        Assert.Equal(0, Db.Scalar($"SELECT COUNT(*) FROM AuditEntries WHERE Action = '{AuditActions.ProgressImport}' AND ({string.Join(" OR ", secrets.Select(s => $"Details LIKE '%{s}%'"))})"));
    }

    [Fact]
    public async Task A_viewer_may_not_upload_an_igot_report()
    {
        var report = ReportZip(ZipEncryption.ZipCrypto);
        var before = DatabaseState();
        var viewer = await Viewer();

        await Assert.ThrowsAnyAsync<Exception>(() => ProgressService().PreviewAsync(viewer, report.Zip, "reports.zip", Password));

        Assert.Equal(before, DatabaseState());
        Assert.Equal(0, Db.Scalar("SELECT COUNT(*) FROM ImportBatches"));
    }

    // ---------------------------------------------------------------- the Rosters page

    [Fact]
    public async Task An_igot_report_dropped_on_the_rosters_page_is_sent_to_progress()
    {
        var staff = ActiveStaff()[0];
        var employees = Employees();
        string[][] rows = [Enrolment(staff.Code, staff.Email, staff.Mobile, CourseA)];
        var admin = await Admin();

        foreach (var file in new[] { Files.Csv(EnrolmentHeaders, rows), Files.Xlsx(EnrolmentHeaders, rows.Select(r => r.Cast<object?>().ToArray())) })
        {
            var result = await Service().PreviewAsync(admin, file, Path.GetFileName(file));

            Assert.True(result.FileRejected, $"{Path.GetFileName(file)}: {result.Outcome}");
            Assert.Contains(IgotReportFile.IgotReportOnRostersMessage, result.FileProblem);
            var batch = Batch(result.BatchId);
            Assert.Equal(((int)ImportOutcome.Failed, (int)ImportKind.Roster), (batch.Outcome, batch.Kind));
            Assert.Contains(IgotReportFile.IgotReportOnRostersMessage, batch.Message);
        }
        Assert.Equal(employees, Employees());
        Assert.Equal(0, TestEnrolments());
    }
}
