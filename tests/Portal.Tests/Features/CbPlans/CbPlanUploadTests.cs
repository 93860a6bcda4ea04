using System.Text;
using System.Text.Json;
using Portal.Tests.Features.Progress;
using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Features.CbPlans;
using Portal.Web.Features.Progress;
using Microsoft.Extensions.Logging.Abstractions;
using static Portal.Tests.Features.Progress.IgotReportFiles;

namespace Portal.Tests.Features.CbPlans;

/// <summary>
/// The CB plan report upload end to end through <see cref="CbPlanImportService"/> on real SQLite, checked with SQL
/// written here: matching and the uploader's scope, the upsert by employee, course and allocation date (a re-upload
/// changes nothing), courses found by name, and files that can never be imported.
/// </summary>
public sealed class CbPlanUploadTests : ProgressUploadTestBase
{
    private const string PlanCourse = "Progress Upload Plan Course";

    private CbPlanImportService PlanService() => new(Db.Factory, Options, TimeProvider.System, NullLogger<CbPlanImportService>.Instance);

    /// <summary>A CB plan row in <see cref="CbPlanHeaders"/> order.</summary>
    private static string[] Plan(string? code, string? email, string? phone, string course, string allocated = "2025-04-01", string due = "2025-09-30",
        string apar = "true", string progress = "Not Started", string completed = "", string name = "Plan User") =>
        [name, email ?? "", phone ?? "", code ?? "", "Uttar Pradesh Police", "Constable", course, apar, allocated, progress, due, completed];

    private string PlanZip(IEnumerable<string[]> rows, ZipEncryption encryption = ZipEncryption.ZipCrypto) =>
        Files.Zip(
        [
            // The same download as the progress page's: the CB plan report is picked by its header, not its name.
            ("user-enrollment-report.csv", CsvBytes(EnrolmentHeaders, [CompletedRow(1)])),
            ("report-3.csv", CsvBytes(CbPlanHeaders, rows)),
        ], encryption);

    /// <summary>Every allocation as text, in a stable order: equal before and after means nothing was written.</summary>
    private string Allocations() => string.Join("\n",
        Db.Rows("SELECT EmployeeId, CourseId, AllocatedOn, DueOn, IsApar, BatchId, UpdatedAt FROM CbPlanAllocations ORDER BY EmployeeId, CourseId, AllocatedOn", Line));

    private List<(int EmployeeId, string Course, string AllocatedOn, string DueOn, bool IsApar)> TestAllocations() => Db.Rows("""
        SELECT a.EmployeeId, c.Name, a.AllocatedOn, a.DueOn, a.IsApar FROM CbPlanAllocations a JOIN Courses c ON c.Id = a.CourseId
        WHERE c.Name LIKE 'Progress Upload%' ORDER BY a.EmployeeId, c.Name, a.AllocatedOn
        """, r => (r.GetInt32(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetBoolean(4)));

    // ---------------------------------------------------------------- matching and scope

    [Fact]
    public async Task A_range_office_records_its_staffs_allocations_only_and_names_nobody_else()
    {
        var range = await MeerutRange();
        var staff = ActiveStaff();
        var mine = staff.Where(s => range.Scope.Includes(s.DistrictId, s.DepartmentId)).Take(4).ToList();
        var theirs = staff.Where(s => !range.Scope.Includes(s.DistrictId, s.DepartmentId)).Take(2).ToList();
        Assert.Equal(4, mine.Count);
        const string stranger = "plan.stranger@example.org";
        var zip = PlanZip(
        [
            Plan(mine[0].Code, null, null, PlanCourse),
            Plan(null, mine[1].Email.ToUpperInvariant(), null, PlanCourse, apar: "false"),
            Plan(null, null, mine[2].Mobile, CourseA, due: "2026-03-31"),
            Plan(null, mine[3].Email, null, PlanCourse, due: ""),                              // no due date: rejected
            Plan(theirs[0].Code, null, null, PlanCourse, name: "Their Employee Zero"),
            Plan(null, theirs[1].Email, null, PlanCourse, due: "", name: "Their Employee One"), // theirs, even with an error
            Plan(null, stranger, null, PlanCourse, name: "Plan Stranger"),
        ]);
        var batchesBefore = Db.Scalar("SELECT COUNT(*) FROM ImportBatches");

        var result = await PlanService().ImportAsync(range, zip, "Uttar Pradesh Police.zip", Password);

        Assert.Equal(ImportOutcome.Committed, result.Outcome);
        Assert.Equal("report-3.csv", result.ReportRead);
        var c = result.Counts!;
        Assert.Equal((7, 1, 1, 1, 0), (c.Rows, c.Matched.EmployeeCode, c.Matched.Email, c.Matched.Mobile, c.Matched.Linked));
        Assert.Equal((1, 0, 2, 1), (c.Unmatched, c.Ambiguous, c.OutsideScope, c.Rejected));
        Assert.Equal((3, 0, 0), (c.Allocations.New, c.Allocations.Updated, c.Allocations.Unchanged));
        Assert.Equal(2, c.NewCourses);

        // Written: mine only, with the report's dates and flag.
        Assert.Equal(
            [(mine[0].Id, PlanCourse, "2025-04-01", "2025-09-30", true), (mine[1].Id, PlanCourse, "2025-04-01", "2025-09-30", false), (mine[2].Id, CourseA, "2025-04-01", "2026-03-31", true)],
            TestAllocations());
        Assert.Equal(0, Db.Scalar($"SELECT COUNT(*) FROM CbPlanAllocations WHERE EmployeeId IN ({string.Join(",", theirs.Select(t => t.Id))}) AND BatchId IS NOT NULL"));
        Assert.Equal(3, Db.Scalar($"SELECT COUNT(*) FROM CbPlanAllocations WHERE BatchId = {result.BatchId}"));
        // Completions are the progress report's: the CB plan report writes no enrolment.
        Assert.Equal(0, TestEnrolments());

        var error = Assert.Single(result.Errors);
        Assert.Equal((5, "Due Date of Completion"), (error.Row, error.Column));
        var batch = Batch(result.BatchId);
        Assert.Equal(((int)ImportKind.CbPlan, (int)ImportOutcome.Committed), (batch.Kind, batch.Outcome));
        Assert.Equal((7, 3, 1, 0, 2, 2), (batch.RowsRead, batch.MatchedRows, batch.UnmatchedRows, batch.AmbiguousRows, batch.OutsideScopeRows, batch.NewCourses));
        Assert.Equal((3, 0, 0, 1), Db.Rows($"SELECT Inserted, Updated, Unchanged, Rejected FROM ImportBatches WHERE Id = {result.BatchId}",
            r => (r.GetInt32(0), r.GetInt32(1), r.GetInt32(2), r.GetInt32(3))).Single());
        Assert.Equal(batchesBefore + 1, Db.Scalar("SELECT COUNT(*) FROM ImportBatches"));
        var audit = Db.Rows($"SELECT Details FROM AuditEntries WHERE Action = '{AuditActions.CbPlanImport}'", r => r.GetString(0)).Single();
        Assert.Contains($"upload {result.BatchId}", audit);
        Assert.Contains("3 new", audit);

        // The unmatched user is listed; nothing given back names the other office's staff.
        Assert.Equal(stranger, Assert.Single(result.FirstUnmatched).Email);
        Assert.True(result.HasWorklist);
        var secrets = theirs.SelectMany(t => new[] { t.Code, t.Email, t.Mobile }).Append("Their Employee").ToList();
        var json = JsonSerializer.Serialize(result);
        var cells = CellsOf(batch.WorklistPath!).Concat(CellsOf(batch.ErrorWorkbookPath!)).ToList();
        Assert.Contains(stranger, cells);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, json, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(cells, cell => cell.Contains(secret, StringComparison.OrdinalIgnoreCase));
        }
    }

    // ---------------------------------------------------------------- upsert and idempotency

    [Fact]
    public async Task A_re_upload_changes_nothing_and_a_later_report_updates_dates_and_leaves_missing_allocations()
    {
        var admin = await Admin();
        var staff = ActiveStaff();
        string[][] first =
        [
            Plan(staff[0].Code, null, null, PlanCourse),
            Plan(staff[1].Code, null, null, PlanCourse),
            Plan(staff[1].Code, null, null, PlanCourse, allocated: "2026-04-01", due: "2026-09-30"), // next year's plan: another allocation
            Plan(null, staff[2].Email, null, CourseB, apar: "false"),
            Plan(null, null, staff[2].Mobile, CourseB, apar: "false"),                             // the same allocation again (a second iGOT account)
        ];
        var csv = Files.Csv(CbPlanHeaders, first, "CBPEnrollmentReport.csv");

        var preview = await PlanService().PreviewAsync(admin, csv, "CBPEnrollmentReport.csv", null);
        Assert.Equal(ImportOutcome.Previewed, preview.Outcome);
        Assert.Equal((4, 0, 1), (preview.Counts!.Allocations.New, preview.Counts.Allocations.Updated, preview.Counts.Allocations.Unchanged));
        Assert.Empty(TestAllocations());
        var committed = await PlanService().CommitAsync(admin, preview.BatchId, null);
        Assert.Equal(ImportOutcome.Committed, committed.Outcome);
        // The preview counted what the commit did.
        Assert.Equal((preview.Counts.Matched, preview.Counts.Allocations, preview.Counts.NewCourses), (committed.Counts!.Matched, committed.Counts.Allocations, committed.Counts.NewCourses));
        Assert.Equal(4, TestAllocations().Count);
        var afterFirst = Allocations();

        // The same file again: nothing changes, not even the batch that last wrote each allocation.
        var again = await PlanService().ImportAsync(admin, csv, "CBPEnrollmentReport.csv", null);
        Assert.Equal(ImportOutcome.Committed, again.Outcome);
        Assert.Equal((0, 0, 5), (again.Counts!.Allocations.New, again.Counts.Allocations.Updated, again.Counts.Allocations.Unchanged));
        Assert.Equal(0, again.Counts.NewCourses);
        Assert.NotNull(again.PreviousUpload);
        Assert.Equal(afterFirst, Allocations());

        // A later report: staff[0]'s due date moved and the APAR flag dropped, staff[1]'s allocations gone from it.
        var later = Files.Csv(CbPlanHeaders, [Plan(staff[0].Code, null, null, PlanCourse, due: "2025-12-31", apar: "false"), Plan(null, staff[2].Email, null, CourseB, apar: "false")]);
        var update = await PlanService().ImportAsync(admin, later, "CBPEnrollmentReport.csv", null);
        Assert.Equal((0, 1, 1), (update.Counts!.Allocations.New, update.Counts.Allocations.Updated, update.Counts.Allocations.Unchanged));
        Assert.Equal(
            [(staff[0].Id, PlanCourse, "2025-04-01", "2025-12-31", false), (staff[1].Id, PlanCourse, "2025-04-01", "2025-09-30", true),
             (staff[1].Id, PlanCourse, "2026-04-01", "2026-09-30", true), (staff[2].Id, CourseB, "2025-04-01", "2025-09-30", false)],
            TestAllocations().OrderBy(a => a.EmployeeId).ThenBy(a => a.AllocatedOn).ToList());
        Assert.Equal(update.BatchId, Db.Scalar($"SELECT BatchId FROM CbPlanAllocations WHERE EmployeeId = {staff[0].Id}"));
    }

    [Fact]
    public async Task A_course_is_found_by_name_whatever_its_provider_and_contradicting_rows_are_rejected()
    {
        var admin = await Admin();
        var staff = ActiveStaff();
        // The progress report brought the course with its provider; the CB plan report names it alone, in other spacing and case.
        var progress = await ProgressService().ImportAsync(admin, Files.EnrolmentCsv(Enrolment(staff[0].Code, null, null, CourseA, provider: "ISTM")), "user-enrollment-report.csv", null);
        Assert.Equal(ImportOutcome.Committed, progress.Outcome);
        var courseA = Db.Scalar($"SELECT Id FROM Courses WHERE Name = '{CourseA}'");
        var courses = Courses();

        var result = await PlanService().ImportAsync(admin, Files.Csv(CbPlanHeaders,
        [
            Plan(staff[0].Code, null, null, "  progress upload   COURSE a "),
            Plan(staff[0].Code, null, null, CourseA, due: "2025-10-31"),   // the same allocation with another due date
            Plan(staff[1].Code, null, null, CourseA, allocated: ""),       // no allocation date
        ]), "CBPEnrollmentReport.csv", null);

        Assert.Equal(ImportOutcome.Committed, result.Outcome);
        Assert.Equal((1, 2, 0), (result.Counts!.Allocations.New, result.Counts.Rejected, result.Counts.NewCourses));
        Assert.Equal(courses, Courses());
        Assert.Equal(courseA, Db.Scalar($"SELECT CourseId FROM CbPlanAllocations WHERE EmployeeId = {staff[0].Id} AND BatchId = {result.BatchId}"));
        Assert.Equal("2025-09-30", Db.Rows($"SELECT DueOn FROM CbPlanAllocations WHERE EmployeeId = {staff[0].Id} AND CourseId = {courseA}", r => r.GetString(0)).Single());
        Assert.Equal([(3, "Due Date of Completion"), (4, "Allocated On")], result.Errors.Select(e => (e.Row, e.Column)).ToList());
        Assert.Contains("Row 2", result.Errors[0].Message);
        Assert.True(File.Exists(Batch(result.BatchId).ErrorWorkbookPath));
    }

    // ---------------------------------------------------------------- files that can never be imported

    private async Task AssertRejected(string file, string? password, string expected)
    {
        var before = (Allocations(), DatabaseState());
        foreach (var commit in new[] { false, true })
        {
            var result = commit
                ? await PlanService().ImportAsync(await Admin(), file, Path.GetFileName(file), password)
                : await PlanService().PreviewAsync(await Admin(), file, Path.GetFileName(file), password);
            Assert.True(result.FileRejected, $"expected '{Path.GetFileName(file)}' to be rejected, got {result.Outcome}");
            Assert.Equal(ImportOutcome.Failed, result.Outcome);
            Assert.Null(result.Counts);
            Assert.Contains(expected, result.FileProblem);
            var batch = Batch(result.BatchId);
            Assert.Equal(((int)ImportKind.CbPlan, (int)ImportOutcome.Failed, result.FileProblem), (batch.Kind, batch.Outcome, batch.Message));
        }
        Assert.Equal(before, (Allocations(), DatabaseState()));
        Assert.Equal(0, Db.Scalar($"SELECT COUNT(*) FROM AuditEntries WHERE Action = '{AuditActions.CbPlanImport}'"));
    }

    [Fact]
    public async Task Bad_files_fail_with_a_message_and_write_nothing()
    {
        var staff = ActiveStaff();
        var zip = PlanZip([Plan(staff[0].Code, null, null, PlanCourse)], ZipEncryption.Aes256);
        await AssertRejected(zip, null, IgotReportFile.NoPasswordMessage);
        await AssertRejected(zip, "Xk7#pQ2m@Lw9vRT", IgotReportFile.WrongPasswordMessage);
        await AssertRejected(Files.Zip([("user-enrollment-report.csv", CsvBytes(EnrolmentHeaders, [Enrolment(staff[0].Code, null, null, CourseA)]))]), Password,
            "has no CB plan report");
        await AssertRejected(Files.EnrolmentCsv(), null, "has no CB plan report");
        string[][] roster = [[staff[0].Code, "Ram Kumar", "Constable", "Police", "Meerut", staff[0].Mobile, staff[0].Email]];
        await AssertRejected(Files.Csv(RosterHeaders, roster, "roster.csv"), null, IgotReportFile.RosterOnProgressMessage);
        // Without the due date column no row could be recorded: the file is refused, naming the column.
        var noDue = CbPlanHeaders.Where(h => h != "Due Date of Completion").ToArray();
        await AssertRejected(Files.Csv(noDue, [Plan(staff[0].Code, null, null, PlanCourse).Where((_, i) => i != 10).ToArray()]), null, "'Due Date of Completion'");
        await AssertRejected(Files.Write("CBPEnrollmentReport.csv", Encoding.UTF8.GetBytes("")), null, "empty");
    }

    [Fact]
    public async Task An_xlsx_of_the_report_is_read_like_the_csv()
    {
        var staff = ActiveStaff();
        var xlsx = Files.Xlsx(CbPlanHeaders, [Plan(staff[0].Code, null, null, PlanCourse).Cast<object?>().ToArray()], "CBPEnrollmentReport.xlsx");
        var result = await PlanService().ImportAsync(await Admin(), xlsx, "CBPEnrollmentReport.xlsx", null);
        Assert.Equal(ImportOutcome.Committed, result.Outcome);
        Assert.Equal([(staff[0].Id, PlanCourse, "2025-04-01", "2025-09-30", true)], TestAllocations());
    }
}
