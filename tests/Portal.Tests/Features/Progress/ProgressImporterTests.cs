using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Features.Progress;
using static Portal.Tests.Features.Progress.IgotReportFiles;

namespace Portal.Tests.Features.Progress;

/// <summary>
/// The progress import on a real SQLite copy of the small demo state (2,000 employees), driven through
/// <see cref="ProgressImporter.RunAsync"/> as the upload service drives it, and checked with independent SQL.
/// The courses of these reports are new to the catalogue, so the demo's own enrolments never get in the way.
/// </summary>
public sealed class ProgressImporterTests : IAsyncLifetime
{
    private const string CourseA = "Progress Test Course A";
    private const string CourseB = "Progress Test Course B";

    private TestDatabase Db { get; set; } = null!;
    private readonly IgotReportFiles _files = new();
    private readonly string _work = Path.Combine(Path.GetTempPath(), "progress-test-" + Guid.NewGuid().ToString("N"));
    private DateTime _now = new(2026, 1, 15, 9, 0, 0, DateTimeKind.Utc);

    public async Task InitializeAsync() => Db = await TestDatabase.CopyOfSmallStateAsync();

    public Task DisposeAsync()
    {
        Db.Dispose();
        _files.Dispose();
        try { Directory.Delete(_work, recursive: true); } catch (IOException) { }
        return Task.CompletedTask;
    }

    private sealed record Staff(int Id, string Code, string Email, string Mobile, int DistrictId, int DepartmentId);

    /// <summary>Active, onboarded employees with an e-mail and a mobile that nobody else holds, in id order.</summary>
    private List<Staff> ActiveStaff() => Db.Rows("""
        SELECT e.Id, e.EmployeeCode, e.Email, e.Mobile, e.DistrictId, e.DepartmentId FROM Employees e
        WHERE e.Status = 1 AND e.Email IS NOT NULL AND e.Mobile IS NOT NULL AND e.OnboardedOn IS NOT NULL
          AND (SELECT COUNT(*) FROM Employees x WHERE x.Email = e.Email) = 1 AND (SELECT COUNT(*) FROM Employees x WHERE x.Mobile = e.Mobile) = 1
        ORDER BY e.Id
        """, r => new Staff(r.GetInt32(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt32(4), r.GetInt32(5)));

    private async Task<DataScope> ScopeOf(string login) =>
        (await new AccessService(Db.Factory, new PasswordHasher<PortalUser>(), TimeProvider.System).FindByLoginAsync(login))!.Scope;

    private string ErrorWorkbook => Path.Combine(_work, "errors.xlsx");

    /// <summary>Runs the import as the upload service will: an unscoped context, in a transaction the caller commits.</summary>
    private async Task<ProgressCounts> Run(string path, bool commit = true, DataScope? scope = null, Action<UnmatchedReport>? writeWorklist = null)
    {
        using var file = IgotReportFile.Open(path, Path.GetFileName(path), Password);
        await using var db = await Db.Factory.CreateUnscopedDbContextAsync();
        var batch = new ImportBatch
        {
            Kind = ImportKind.Progress, FileName = Path.GetFileName(path), Sha256 = new string('0', 64), UploadedBy = DemoUsers.StateAdmin,
            UploadedAt = _now, Outcome = ImportOutcome.Pending,
        };
        db.ImportBatches.Add(batch);
        await db.SaveChangesAsync();
        await using var transaction = commit ? await db.Database.BeginTransactionAsync() : null;
        var counts = await ProgressImporter.RunAsync(db, file, new ProgressRun
        {
            UploaderScope = scope ?? DataScope.WholeState, UploaderLogin = DemoUsers.StateAdmin, Commit = commit, Now = _now, BatchId = batch.Id,
            ErrorWorkbookPath = ErrorWorkbook, WriteWorklist = writeWorklist,
        }, null, default);
        if (transaction is not null) await transaction.CommitAsync();
        _now = _now.AddHours(1);
        return counts;
    }

    private string Report(params string[][] rows) => _files.Csv(EnrolmentHeaders, rows);

    private List<(int EmployeeId, string Course, int Status, int Progress, string? EnrolledOn, string? CompletedOn, int Minutes)> EnrolmentsOf(int employeeId) =>
        Db.Rows($"""
            SELECT n.EmployeeId, c.Name, n.Status, n.ProgressPercent, n.EnrolledOn, n.CompletedOn, n.LearningMinutes
            FROM Enrolments n JOIN Courses c ON c.Id = n.CourseId WHERE n.EmployeeId = {employeeId} AND c.Name LIKE 'Progress Test%' ORDER BY c.Name
            """, r => (r.GetInt32(0), r.GetString(1), r.GetInt32(2), r.GetInt32(3), r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5), r.GetInt32(6)));

    private long TestEnrolments() => Db.Scalar("SELECT COUNT(*) FROM Enrolments n JOIN Courses c ON c.Id = n.CourseId WHERE c.Name LIKE 'Progress Test%'");

    /// <summary>Everything an import may write, as text: equal before and after means nothing was written.</summary>
    private string DatabaseState() => string.Join("\n",
        Db.Rows("SELECT Id, EmployeeId, CourseId, Status, ProgressPercent, EnrolledOn, CompletedOn, LearningMinutes FROM Enrolments ORDER BY Id", Line)
            .Concat(Db.Rows("SELECT Id, OnboardedOn, FirstCompletedOn, UpdatedAt FROM Employees ORDER BY Id", Line))
            .Concat(Db.Rows("SELECT Id, Name, DurationMinutes, IgotCourseId FROM Courses ORDER BY Id", Line))
            .Concat(Db.Rows("SELECT COUNT(*) FROM SnapshotDirtyDistricts", Line))
            .Concat(Db.Rows("SELECT COUNT(*) FROM IgotUnmatchedUsers", Line)));

    private static string Line(Microsoft.Data.Sqlite.SqliteDataReader r) =>
        string.Join("|", Enumerable.Range(0, r.FieldCount).Select(i => r.IsDBNull(i) ? "null" : Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public async Task Rows_match_by_code_then_email_then_mobile()
    {
        var staff = ActiveStaff();
        var (a, b, c) = (staff[0], staff[1], staff[2]);
        var report = Report(
            // a's code with b's e-mail: the code decides.
            Enrolment(a.Code, b.Email, null, CourseA),
            // b's e-mail (in another case, with spaces) with c's mobile, and a code not on the roster: the e-mail decides.
            Enrolment("NOT-ON-ROSTER-1", "  " + b.Email.ToUpperInvariant() + " ", c.Mobile, CourseB),
            // c's mobile, written as iGOT sometimes does, and an e-mail nobody holds: the mobile decides.
            Enrolment(null, "nobody@example.org", "+91 " + c.Mobile, CourseA),
            // Nobody.
            Enrolment("NOT-ON-ROSTER-2", "stranger@example.org", "9000000001", CourseA, name: "A Stranger"));

        var counts = await Run(report);

        Assert.Equal(4, counts.Rows);
        Assert.Equal(new MatchCounts(EmployeeCode: 1, Email: 1, Mobile: 1, Linked: 0), counts.Matched);
        Assert.Equal(1, counts.Unmatched);
        Assert.Equal(0, counts.Ambiguous);
        Assert.Equal([CourseA], EnrolmentsOf(a.Id).Select(e => e.Course));
        Assert.Equal([CourseB], EnrolmentsOf(b.Id).Select(e => e.Course));
        Assert.Equal([CourseA], EnrolmentsOf(c.Id).Select(e => e.Course));
        Assert.Equal(3, TestEnrolments());
        var stranger = Assert.Single(counts.UnmatchedUsers);
        Assert.Equal("stranger@example.org", stranger.Email);
        Assert.Equal(IgotMatchProblem.Unmatched, stranger.Problem);
        Assert.Equal(1, Db.Scalar("SELECT COUNT(*) FROM IgotUnmatchedUsers WHERE Email = 'stranger@example.org' AND Problem = 1 AND Rows = 1 AND Completions = 1"));
    }

    [Fact]
    public async Task A_shared_email_is_ambiguous_until_a_clerk_links_the_iGOT_user()
    {
        var staff = ActiveStaff();
        var (a, b) = (staff[0], staff[1]);
        Db.Execute($"UPDATE Employees SET Email = '{a.Email}' WHERE Id = {b.Id}");
        var report = Report(Enrolment(null, a.Email, null, CourseA, name: "Shared Mailbox"));

        var first = await Run(report);

        Assert.Equal(1, first.Ambiguous);
        Assert.Equal(0, first.Matched.Total);
        var user = Assert.Single(first.UnmatchedUsers);
        Assert.Equal(IgotMatchProblem.Ambiguous, user.Problem);
        Assert.Equal(2, user.Candidates);
        Assert.Equal(0, TestEnrolments());
        Assert.Equal(1, Db.Scalar($"SELECT COUNT(*) FROM IgotUnmatchedUsers WHERE Problem = 2 AND Candidates = 2 AND Email = '{a.Email}'"));

        Db.Execute($"""
            INSERT INTO IgotUserLinks (UserKey, EmployeeId, Name, Email, LinkedBy, LinkedAt)
            VALUES ('{IgotUserKey.Of(a.Email, null, "Shared Mailbox", "Uttar Pradesh Police")}', {b.Id}, 'Shared Mailbox', '{a.Email}', 'clerk@up.gov.in', '2026-01-01')
            """);
        var second = await Run(report);

        Assert.Equal(0, second.Ambiguous);
        Assert.Equal(1, second.Matched.Linked);
        Assert.Empty(second.UnmatchedUsers);
        Assert.Equal([CourseA], EnrolmentsOf(b.Id).Select(e => e.Course));
        Assert.Empty(EnrolmentsOf(a.Id));
    }

    [Fact]
    public async Task An_active_holder_of_an_email_beats_an_inactive_one()
    {
        var staff = ActiveStaff();
        var (a, b) = (staff[0], staff[1]);
        Db.Execute($"UPDATE Employees SET Email = '{a.Email}', Status = 3 WHERE Id = {b.Id}"); // b retired, same address

        var counts = await Run(Report(Enrolment(null, a.Email, null, CourseA)));

        Assert.Equal(1, counts.Matched.Email);
        Assert.Equal(0, counts.Ambiguous);
        Assert.Single(EnrolmentsOf(a.Id));
        Assert.Empty(EnrolmentsOf(b.Id));
    }

    [Fact]
    public async Task A_range_office_writes_only_its_own_staff_and_learns_nothing_of_the_others()
    {
        var scope = await ScopeOf(DemoUsers.MeerutRange);
        var staff = ActiveStaff();
        var mine = staff.First(s => scope.Includes(s.DistrictId, s.DepartmentId));
        var theirs = staff.Where(s => !scope.Includes(s.DistrictId, s.DepartmentId)).Take(2).ToList();
        var report = Report(
            Enrolment(mine.Code, mine.Email, mine.Mobile, CourseA),
            Enrolment(theirs[0].Code, theirs[0].Email, theirs[0].Mobile, CourseA),
            // Someone else's row with an unreadable date: not rejected here, not in the workbook.
            Enrolment(null, theirs[1].Email, null, CourseB, completed: "31/31/2025"),
            // Mine, with an unreadable date: rejected.
            Enrolment(null, mine.Email, null, CourseB, enrolled: "not a date"));

        var counts = await Run(report, scope: scope);

        Assert.Equal(4, counts.Rows);
        Assert.Equal(2, counts.OutsideScope);
        Assert.Equal(1, counts.Matched.Total);
        Assert.Equal(1, counts.Rejected);
        Assert.Equal(5, Assert.Single(counts.Errors).Row);
        Assert.Equal("Enrolled_On", counts.Errors[0].Column);
        Assert.Empty(counts.UnmatchedUsers);
        Assert.Equal(1, TestEnrolments());
        Assert.Single(EnrolmentsOf(mine.Id));
        Assert.Empty(EnrolmentsOf(theirs[0].Id));
        Assert.Equal(0, Db.Scalar("SELECT COUNT(*) FROM IgotUnmatchedUsers"));
        // The workbook holds my rejected row alone (its header and one data row).
        using var workbook = new ClosedXML.Excel.XLWorkbook(ErrorWorkbook);
        var sheet = workbook.Worksheet(1);
        Assert.Equal(2, sheet.LastRowUsed()!.RowNumber());
        Assert.Equal(mine.Email, sheet.Cell(2, 2).GetString());
    }

    [Fact]
    public async Task The_same_report_twice_changes_nothing_the_second_time()
    {
        var staff = ActiveStaff();
        Db.Execute($"UPDATE Employees SET OnboardedOn = NULL WHERE Id = {staff[2].Id}");
        var report = Report(
            Enrolment(staff[0].Code, null, null, CourseA),
            Enrolment(staff[0].Code, null, null, CourseB, status: "in-progress", progress: "40.5"),
            Enrolment(null, staff[1].Email, null, CourseA, status: "not-started", progress: "0"),
            Enrolment(null, null, staff[2].Mobile, CourseB),
            // The same person and course again (a second iGOT account of staff[0]): merged, not duplicated.
            Enrolment(null, staff[0].Email, null, CourseB, status: "in-progress", progress: "20"));

        var first = await Run(report);
        var after = DatabaseState();
        var second = await Run(report);

        Assert.Equal(new ChangeCounts(2, 0, 0), first.Completions);
        Assert.Equal(new ChangeCounts(2, 0, 1), first.Enrolments);
        Assert.Equal(1, first.Onboarded);
        Assert.Equal(new ChangeCounts(0, 0, 2), second.Completions);
        Assert.Equal(new ChangeCounts(0, 0, 3), second.Enrolments);
        Assert.Equal(0, second.Onboarded);
        Assert.Equal(after, DatabaseState());
        Assert.Equal(41, EnrolmentsOf(staff[0].Id).Single(e => e.Course == CourseB).Progress);
    }

    [Fact]
    public async Task The_first_completion_date_is_kept_and_a_completion_is_never_lost()
    {
        var who = ActiveStaff()[0];
        await Run(Report(
            Enrolment(who.Code, null, null, CourseA, completed: "2025-04-10 18:00:00"),
            Enrolment(who.Code, null, null, CourseB, completed: "2025-05-10")));

        // iGOT writes the last completion: a later date, and the other course back in progress after a revision.
        var later = await Run(Report(
            Enrolment(who.Code, null, null, CourseA, completed: "2025-09-01"),
            Enrolment(who.Code, null, null, CourseB, status: "in-progress", progress: "10")));

        Assert.Equal(new ChangeCounts(0, 0, 2), later.Completions);
        var stored = EnrolmentsOf(who.Id);
        Assert.Equal(("2025-04-10", 2, 100), (stored[0].CompletedOn, stored[0].Status, stored[0].Progress));
        Assert.Equal(("2025-05-10", 2, 100), (stored[1].CompletedOn, stored[1].Status, stored[1].Progress));
        Assert.Equal(150, stored[0].Minutes);

        // An earlier date than the stored one (an older report) is the first known completion.
        var earlier = await Run(Report(Enrolment(who.Code, null, null, CourseA, completed: "2025-04-02")));

        Assert.Equal(new ChangeCounts(0, 1, 0), earlier.Completions);
        Assert.Equal("2025-04-02", EnrolmentsOf(who.Id)[0].CompletedOn);
    }

    [Fact]
    public async Task Enrolments_missing_from_a_later_report_are_left_as_they_are()
    {
        var who = ActiveStaff()[0];
        await Run(Report(
            Enrolment(who.Code, null, null, CourseA),
            Enrolment(who.Code, null, null, CourseB, status: "in-progress", progress: "30")));
        var before = EnrolmentsOf(who.Id);

        var counts = await Run(Report(Enrolment(who.Code, null, null, CourseA)));

        Assert.Equal(1, counts.Rows);
        Assert.Equal(before, EnrolmentsOf(who.Id));
    }

    [Fact]
    public async Task Employees_are_onboarded_from_the_user_report_else_from_their_earliest_enrolment()
    {
        var staff = ActiveStaff();
        var (registered, enrolledOnly, already) = (staff[0], staff[1], staff[2]);
        Db.Execute($"UPDATE Employees SET OnboardedOn = NULL WHERE Id IN ({registered.Id}, {enrolledOnly.Id})");
        Db.Execute($"UPDATE Employees SET OnboardedOn = '2024-01-01' WHERE Id = {already.Id}");
        var zip = _files.Zip(
        [
            ("user-enrollment-report.csv", CsvBytes(EnrolmentHeaders,
            [
                Enrolment(registered.Code, null, null, CourseA, enrolled: "2025-03-01"),
                Enrolment(null, enrolledOnly.Email, null, CourseA, status: "in-progress", enrolled: "2025-05-01 10:00:00", progress: "5"),
                Enrolment(null, enrolledOnly.Email, null, CourseB, enrolled: "2025-04-01 09:00:00"),
                Enrolment(already.Code, null, null, CourseA, enrolled: "2023-06-01"),
                // Not enrolled: matched, but no enrolment and no onboarding date.
                Enrolment(null, staff[3].Email, null, CourseA, status: "not-enrolled", enrolled: "Not Available", progress: "0"),
            ])),
            ("UserReport.csv", CsvBytes(UserHeaders, [User(registered.Code, registered.Email, null, "2024-11-15"), User(already.Code, null, null, "2022-02-02")])),
        ]);
        var untouched = Db.Scalar($"SELECT OnboardedOn IS NULL FROM Employees WHERE Id = {staff[3].Id}");

        var counts = await Run(zip);

        Assert.Equal(2, counts.UserReportRows);
        Assert.Equal(2, counts.Onboarded);
        Assert.Equal(1, counts.NotEnrolled);
        Assert.Equal(5, counts.Matched.Total);
        string OnboardedOn(int id) => Db.Rows($"SELECT OnboardedOn FROM Employees WHERE Id = {id}", r => r.IsDBNull(0) ? "null" : r.GetString(0)).Single();
        Assert.Equal("2024-11-15", OnboardedOn(registered.Id));
        Assert.Equal("2025-04-01", OnboardedOn(enrolledOnly.Id));
        Assert.Equal("2024-01-01", OnboardedOn(already.Id));
        // Onboarded with a new completion (one update of both), or only the completion: the first completion is the
        // earliest of all their completed enrolments either way.
        foreach (var id in new[] { registered.Id, enrolledOnly.Id, already.Id })
            Assert.Equal(1, Db.Scalar($"""
                SELECT e.FirstCompletedOn = (SELECT MIN(n.CompletedOn) FROM Enrolments n WHERE n.EmployeeId = e.Id AND n.Status = 2)
                FROM Employees e WHERE e.Id = {id}
                """));
        Assert.Equal(untouched, Db.Scalar($"SELECT OnboardedOn IS NULL FROM Employees WHERE Id = {staff[3].Id}"));
        Assert.Empty(EnrolmentsOf(staff[3].Id));
    }

    [Fact]
    public async Task First_completions_are_refreshed_for_the_employees_touched_and_no_others()
    {
        var staff = ActiveStaff();
        var (touched, other) = (staff[0], staff[1]);
        // Wrong on purpose: a whole-table refresh would correct both.
        Db.Execute($"UPDATE Employees SET FirstCompletedOn = '1999-01-01' WHERE Id IN ({touched.Id}, {other.Id})");
        var marks = Db.Scalar($"SELECT COUNT(*) FROM SnapshotDirtyDistricts WHERE DistrictId = {touched.DistrictId}");

        await Run(Report(Enrolment(touched.Code, null, null, CourseA, completed: "2020-02-03")));

        Assert.Equal(Db.Rows($"SELECT MIN(CompletedOn) FROM Enrolments WHERE EmployeeId = {touched.Id} AND Status = 2", r => r.GetString(0)).Single(),
            Db.Rows($"SELECT FirstCompletedOn FROM Employees WHERE Id = {touched.Id}", r => r.GetString(0)).Single());
        Assert.Equal("2020-02-03", Db.Rows($"SELECT FirstCompletedOn FROM Employees WHERE Id = {touched.Id}", r => r.GetString(0)).Single());
        Assert.Equal("1999-01-01", Db.Rows($"SELECT FirstCompletedOn FROM Employees WHERE Id = {other.Id}", r => r.GetString(0)).Single());
        // The touched employee's district is marked for the next snapshot.
        Assert.Equal(marks + 1, Db.Scalar($"SELECT COUNT(*) FROM SnapshotDirtyDistricts WHERE DistrictId = {touched.DistrictId}"));
    }

    [Fact]
    public async Task A_preview_counts_what_the_commit_does_and_writes_nothing()
    {
        var staff = ActiveStaff();
        Db.Execute($"UPDATE Employees SET OnboardedOn = NULL WHERE Id = {staff[1].Id}");
        var report = Report(
            Enrolment(staff[0].Code, null, null, CourseA, status: "in-progress", progress: "10"),
            Enrolment(null, staff[0].Email, null, CourseA),
            Enrolment(null, staff[1].Email, null, CourseB, status: "in-progress", progress: "50"),
            Enrolment(null, null, staff[2].Mobile, CourseB, completed: "2025-13-01"),
            Enrolment(null, "nobody@example.org", null, CourseA),
            Enrolment(null, "nobody@example.org", null, CourseB, status: "in-progress", progress: "5"));
        var before = DatabaseState();

        var preview = await Run(report, commit: false);

        Assert.Equal(before, DatabaseState());
        Assert.True(File.Exists(ErrorWorkbook), "a preview gives the rejected rows back too");
        var commit = await Run(report);
        Assert.Equal(Figures(preview), Figures(commit));
        Assert.Equal(1, commit.Rejected);
        Assert.Equal(2, commit.NewCourses);
        Assert.Equal(new ChangeCounts(1, 0, 0), commit.Completions);
        Assert.Equal(new ChangeCounts(2, 0, 0), commit.Enrolments);
        Assert.Equal(1, commit.Onboarded);
        Assert.Equal(2, commit.Unmatched);
        Assert.Equal(2, TestEnrolments()); // staff[0] on course A once (two rows merged), staff[1] on course B
    }

    [Fact]
    public async Task A_preview_of_many_chunks_counts_as_the_commit_does()
    {
        var staff = ActiveStaff();
        var big = _files.Csv(EnrolmentHeaders, Enumerable.Range(0, 2_500).Select(i =>
            Enrolment(staff[i % 40].Code, null, null, i % 3 == 0 ? CourseA : CourseB, status: i % 2 == 0 ? "completed" : "in-progress",
                completed: $"2025-0{1 + i % 9}-10", progress: (i % 100).ToString(System.Globalization.CultureInfo.InvariantCulture))));
        var before = DatabaseState();

        var preview = await Run(big, commit: false);

        Assert.Equal(before, DatabaseState());
        var commit = await Run(big);
        Assert.Equal(Figures(preview), Figures(commit));
        Assert.Equal(80, TestEnrolments());
        Assert.Equal(80, commit.Completions.New + commit.Enrolments.New);
        Assert.True(commit.Completions.Updated > 0, "later rows with earlier completion dates update the first completion");
    }

    private static string Figures(ProgressCounts c) => System.Text.Json.JsonSerializer.Serialize(new
    {
        c.Rows, c.Matched, c.NotEnrolled, c.Unmatched, c.Ambiguous, c.OutsideScope, c.Completions, c.Enrolments, c.Onboarded, c.NewCourses, c.Rejected, c.ErrorCount,
        Errors = c.Errors.Select(e => $"{e.Row} {e.Column} {e.Message}"),
        Users = c.UnmatchedUsers.Select(u => $"{u.UserKey} {u.Problem} {u.Rows} {u.Completions} {u.Candidates}"),
    });

    [Fact]
    public async Task New_courses_are_added_with_their_listed_duration_and_credit_it_when_completed()
    {
        var who = ActiveStaff()[0];
        var courses = Db.Scalar("SELECT COUNT(*) FROM Courses");
        var known = Db.Rows("SELECT Name, Provider, DurationMinutes FROM Courses WHERE Id = 1", r => (Name: r.GetString(0), Provider: r.GetString(1), Minutes: r.GetInt32(2))).Single();

        var counts = await Run(Report(
            Enrolment(who.Code, null, null, CourseA, duration: "03:15:00"),
            Enrolment(who.Code, null, null, CourseB, status: "in-progress", progress: "50", duration: "01:00:00"),
            // A known course: the catalogue's hours count, not the row's.
            Enrolment(who.Code, null, null, known.Name, provider: known.Provider, duration: "99:00:00")));

        Assert.Equal(2, counts.NewCourses);
        Assert.Equal(courses + 2, Db.Scalar("SELECT COUNT(*) FROM Courses"));
        Assert.Equal(195, Db.Scalar($"SELECT DurationMinutes FROM Courses WHERE Name = '{CourseA}'"));
        var stored = EnrolmentsOf(who.Id);
        Assert.Equal(195, stored.Single(e => e.Course == CourseA).Minutes);
        Assert.Equal(0, stored.Single(e => e.Course == CourseB).Minutes);
        Assert.Equal(known.Minutes, Db.Scalar($"SELECT LearningMinutes FROM Enrolments WHERE EmployeeId = {who.Id} AND CourseId = 1"));
    }

    [Fact]
    public async Task Unmatched_iGOT_users_are_listed_once_each_with_their_rows_and_completions()
    {
        var counts = await Run(Report(
            Enrolment(null, "first@example.org", "9000000001", CourseA, name: "First Stranger"),
            Enrolment(null, "FIRST@example.org", null, CourseB, status: "in-progress", progress: "5", name: "First Stranger"),
            Enrolment("XX/99", null, "9000000002", CourseA, name: "Second Stranger")));

        Assert.Equal(3, counts.Unmatched);
        Assert.Equal(2, counts.UnmatchedUsers.Count);
        var first = counts.UnmatchedUsers.Single(u => u.Email == "first@example.org");
        Assert.Equal((2, 1, "9000000001", 0L), (first.Rows, first.Completions, first.Phone, first.Id));
        var second = counts.UnmatchedUsers.Single(u => u.Email is null);
        Assert.Equal(("phone:9000000002", "XX/99", 1), (second.UserKey, second.EmployeeCode, second.Rows));
        Assert.Equal(2, Db.Scalar("SELECT COUNT(*) FROM IgotUnmatchedUsers u JOIN ImportBatches b ON b.Id = u.BatchId WHERE b.Kind = 2"));
        Assert.Equal(2, Db.Scalar("SELECT Rows FROM IgotUnmatchedUsers WHERE UserKey = 'email:first@example.org'"));
    }

    [Fact]
    public async Task Hundreds_of_new_enrolments_and_worklist_users_are_written_whole_whatever_their_text()
    {
        // More rows than one statement carries, so some go in full batches and the rest at the flush.
        var staff = ActiveStaff().Take(30).ToList();
        const string name = "राम \"Ramu\" Kumar 😀\\";
        var rows = new List<string[]>();
        for (var c = 0; c < 20; c++)
            foreach (var who in staff)
                rows.Add(Enrolment(who.Code, null, null, $"Progress Test Bulk {c:00}", status: c % 2 == 0 ? "completed" : "in-progress", progress: "40"));
        for (var i = 0; i < 700; i++)
            rows.Add(Enrolment(null, $"stranger{i}@example.org", null, CourseA, name: name));

        var counts = await Run(Report([.. rows]));

        Assert.Equal(600, counts.Completions.New + counts.Enrolments.New);
        Assert.Equal(600, TestEnrolments());
        var first = EnrolmentsOf(staff[0].Id);
        Assert.Equal(20, first.Count);
        Assert.Equal((2, 100, "2025-04-01", "2025-04-10", 150), (first[0].Status, first[0].Progress, first[0].EnrolledOn, first[0].CompletedOn, first[0].Minutes));
        Assert.Equal((1, 40, "2025-04-01", (string?)null, 0), (first[1].Status, first[1].Progress, first[1].EnrolledOn, first[1].CompletedOn, first[1].Minutes));
        // The same text as EF writes for these columns (dates as yyyy-MM-dd; NULL, not "null").
        Assert.Equal(0, Db.Scalar("SELECT COUNT(*) FROM Enrolments WHERE typeof(EmployeeId) <> 'integer' OR typeof(Status) <> 'integer' OR typeof(EnrolledOn) <> 'text' OR (CompletedOn IS NOT NULL AND length(CompletedOn) <> 10)"));
        Assert.Equal(700, counts.UnmatchedUsers.Count);
        Assert.Equal(700, Db.Scalar($"SELECT COUNT(*) FROM IgotUnmatchedUsers WHERE Name = '{name.Replace("'", "''")}' AND Rows = 1 AND Completions = 1 AND Problem = 1 AND Phone IS NULL"));
        Assert.Equal(1, Db.Scalar("SELECT COUNT(*) FROM IgotUnmatchedUsers WHERE UserKey = 'email:stranger699@example.org' AND Email = 'stranger699@example.org'"));
    }

    [Fact]
    public async Task The_connection_goes_back_with_the_page_cache_it_came_with()
    {
        var who = ActiveStaff()[0];
        var path = Report(Enrolment(who.Code, null, null, CourseA));
        using var file = IgotReportFile.Open(path, Path.GetFileName(path));
        await using var db = await Db.Factory.CreateUnscopedDbContextAsync();
        await db.Database.OpenConnectionAsync();
        await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size = -3000;");

        await ProgressImporter.RunAsync(db, file, new ProgressRun
        {
            UploaderScope = DataScope.WholeState, UploaderLogin = DemoUsers.StateAdmin, Now = _now, ErrorWorkbookPath = ErrorWorkbook,
        }, null, default);

        Assert.Equal(-3000L, await db.Database.SqlQueryRaw<long>("SELECT cache_size AS Value FROM pragma_cache_size").SingleAsync());
    }

    [Fact]
    public async Task The_worklist_is_written_before_the_import_returns_and_a_failure_to_write_it_fails_the_import()
    {
        var who = ActiveStaff()[0];
        var before = TestEnrolments();
        var path = Report(Enrolment(who.Code, null, null, CourseA), Enrolment(null, "nobody.here@example.org", null, CourseA, name: "Nobody Here"));

        UnmatchedReport? written = null;
        var counts = await Run(path, writeWorklist: unmatched =>
        {
            Thread.Sleep(300); // slower than the rest of the finish: the importer must still wait for it
            written = unmatched;
        });
        Assert.NotNull(written);
        Assert.Equal(("email:nobody.here@example.org", 1, 0), (written.Users.Single().UserKey, written.UnmatchedRows, written.AmbiguousRows));
        Assert.Same(counts.UnmatchedUsers, written.Users);
        Assert.Equal(before + 1, TestEnrolments());

        var failing = Report(Enrolment(who.Code, null, null, CourseB), Enrolment(null, "nobody.here@example.org", null, CourseB, name: "Nobody Here"));
        var failure = await Assert.ThrowsAsync<IOException>(() => Run(failing, writeWorklist: _ => throw new IOException("The disk is full.")));
        Assert.Equal("The disk is full.", failure.Message);
        Assert.Equal(before + 1, TestEnrolments()); // the caller's transaction was never committed
    }
}
