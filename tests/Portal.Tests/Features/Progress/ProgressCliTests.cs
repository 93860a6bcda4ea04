using System.Text.Json;
using Microsoft.Data.Sqlite;
using Portal.Web.Cli;
using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Features.Progress;
using static Portal.Tests.Features.Progress.IgotReportFiles;
using Portal.Tests.Features.Localization;

namespace Portal.Tests.Features.Progress;

/// <summary>`import progress` from the command line: the same service, one JSON object on stdout, exit codes.</summary>
public sealed class ProgressCliTests : ProgressUploadTestBase
{
    private async Task<(int Exit, JsonElement Json, string Out, string Err)> Run(params string[] args)
    {
        SqliteConnection.ClearAllPools();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CommandLine.RunAsync([.. args, "--database", Db.File], stdout, stderr);
        var text = stdout.ToString();
        return (exit, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone(), text, stderr.ToString());
    }

    private static readonly string[] Fields =
    [
        "status", "batchId", "message", "rows", "matched", "unmatched", "ambiguous", "outsideScope", "rejected", "completions", "enrolments", "onboarded", "newCourses",
        "unmatchedUsers", "errorCount", "errors", "worklist", "errorWorkbook",
    ];

    private sealed record Report(string Zip, List<Staff> Staff, string Stranger);

    /// <summary>
    /// Staff[0] by code (completed), staff[1] by e-mail (in progress), staff[2] by mobile (completed, not onboarded
    /// before), an iGOT user nobody matches, and staff[3]'s row with an unreadable completion date.
    /// </summary>
    private Report ReportZip(ZipEncryption encryption = ZipEncryption.ZipCrypto)
    {
        var staff = ActiveStaff();
        Db.Execute($"UPDATE Employees SET OnboardedOn = NULL WHERE Id = {staff[2].Id}");
        const string stranger = "cli.stranger@example.org";
        var zip = Files.Zip([("user-enrollment-report.csv", CsvBytes(EnrolmentHeaders,
        [
            Enrolment(staff[0].Code, null, null, CourseA),
            Enrolment(null, staff[1].Email, null, CourseB, status: "in-progress", progress: "40"),
            Enrolment(null, null, staff[2].Mobile, CourseA, enrolled: "2025-03-01"),
            Enrolment(null, stranger, null, CourseA, name: "Cli Stranger"),
            Enrolment(null, staff[3].Email, null, CourseA, completed: "31/31/2025"),
        ]))], encryption);
        return new Report(zip, staff, stranger);
    }

    private static void AssertOneJsonObject(string stdout)
    {
        Assert.Single(stdout.Trim().Split('\n'));
        using var document = JsonDocument.Parse(stdout);
        Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
        var names = document.RootElement.EnumerateObject().Select(p => p.Name).ToList();
        foreach (var field in Fields) Assert.Contains(field, names);
        Assert.Equal(["employeeCode", "email", "mobile", "linked"], document.RootElement.GetProperty("matched").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["new", "updated", "unchanged"], document.RootElement.GetProperty("completions").EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [InlineData(ZipEncryption.ZipCrypto)]
    [InlineData(ZipEncryption.Aes256)]
    public async Task A_dry_run_of_an_encrypted_zip_prints_one_json_object_and_writes_nothing_but_the_batch(ZipEncryption encryption)
    {
        var report = ReportZip(encryption);
        var before = DatabaseState();

        var (exit, json, stdout, _) = await Run("import", "progress", report.Zip, "--as", DemoUsers.StateAdmin, "--password", Password);

        Assert.Equal(CommandLine.Ok, exit);
        AssertOneJsonObject(stdout);
        Assert.Equal("previewed", json.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("message").ValueKind);
        Assert.Equal(5, json.GetProperty("rows").GetInt32());
        // Each identity the report gives is held by exactly one employee (so matched), the stranger's by none.
        Assert.Equal(1, Db.Scalar($"SELECT COUNT(*) FROM Employees WHERE EmployeeCode = '{report.Staff[0].Code}'"));
        Assert.Equal(1, Db.Scalar($"SELECT COUNT(*) FROM Employees WHERE Email = '{report.Staff[1].Email}'"));
        Assert.Equal(1, Db.Scalar($"SELECT COUNT(*) FROM Employees WHERE Mobile = '{report.Staff[2].Mobile}'"));
        Assert.Equal(0, Db.Scalar($"SELECT COUNT(*) FROM Employees WHERE Email = '{report.Stranger}'"));
        var matched = json.GetProperty("matched");
        Assert.Equal((1, 1, 1, 0), (matched.GetProperty("employeeCode").GetInt32(), matched.GetProperty("email").GetInt32(), matched.GetProperty("mobile").GetInt32(), matched.GetProperty("linked").GetInt32()));
        Assert.Equal((1, 0, 0, 1), (json.GetProperty("unmatched").GetInt32(), json.GetProperty("ambiguous").GetInt32(), json.GetProperty("outsideScope").GetInt32(), json.GetProperty("rejected").GetInt32()));
        var completions = json.GetProperty("completions");
        Assert.Equal((2, 0, 0), (completions.GetProperty("new").GetInt32(), completions.GetProperty("updated").GetInt32(), completions.GetProperty("unchanged").GetInt32()));
        Assert.Equal(1, json.GetProperty("onboarded").GetInt32());
        // The courses are new to the catalogue.
        Assert.Equal(0, Db.Scalar("SELECT COUNT(*) FROM Courses WHERE Name LIKE 'Progress Upload%'"));
        Assert.Equal(2, json.GetProperty("newCourses").GetInt32());
        Assert.Equal(1, json.GetProperty("errorCount").GetInt32());
        var error = json.GetProperty("errors").EnumerateArray().Single();
        Assert.Equal((6, "Completed_On"), (error.GetProperty("row").GetInt32(), error.GetProperty("column").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        Assert.True(File.Exists(json.GetProperty("errorWorkbook").GetString()));
        // A preview gives the workbook of unmatched users back too; the worklist rows are a commit's.
        Assert.True(File.Exists(json.GetProperty("worklist").GetString()));
        Assert.Equal(1, json.GetProperty("unmatchedUsers").GetInt32());

        Assert.Equal(before, DatabaseState());
        var batch = Batch(json.GetProperty("batchId").GetInt32());
        Assert.Equal(((int)ImportOutcome.Previewed, 3, 1, 2), (batch.Outcome, batch.MatchedRows, batch.UnmatchedRows, batch.NewCompletions));
        Assert.Equal(1, Db.Scalar("SELECT COUNT(*) FROM ImportBatches"));
        // The dry run is audited as such, from the command line, without the password.
        var audit = Db.Rows($"SELECT Details, Channel FROM AuditEntries WHERE Action = '{AuditActions.ProgressImport}'", r => (Details: r.GetString(0), Channel: r.GetString(1))).Single();
        Assert.Contains("previewed", audit.Details);
        Assert.Equal(AuditChannels.Cli, audit.Channel);
        Assert.DoesNotContain(Password, audit.Details);
        Assert.DoesNotContain(Password, stdout);
    }

    [Fact]
    public async Task Commit_writes_what_it_counts_and_gives_the_worklist()
    {
        var report = ReportZip(ZipEncryption.Aes256);
        var (enrolments, onboarded, courses) = (Enrolments(), Onboarded(), Courses());

        var (exit, json, stdout, _) = await Run("import", "progress", report.Zip, "--as", DemoUsers.StateAdmin, "--password", Password, "--commit");

        Assert.Equal(CommandLine.Ok, exit);
        AssertOneJsonObject(stdout);
        Assert.Equal("committed", json.GetProperty("status").GetString());
        var batchId = json.GetProperty("batchId").GetInt32();
        var completions = json.GetProperty("completions").GetProperty("new").GetInt32();
        var enrolled = json.GetProperty("enrolments").GetProperty("new").GetInt32();
        Assert.Equal((2, 1), (completions, enrolled));
        Assert.Equal(completions + enrolled, Enrolments() - enrolments);
        Assert.Equal(completions, TestCompletions());
        Assert.Equal(json.GetProperty("onboarded").GetInt32(), Onboarded() - onboarded);
        Assert.Equal(json.GetProperty("newCourses").GetInt32(), Courses() - courses);
        Assert.Equal(json.GetProperty("unmatchedUsers").GetInt32(), Db.Scalar($"SELECT COUNT(*) FROM IgotUnmatchedUsers WHERE BatchId = {batchId}"));
        var worklist = json.GetProperty("worklist").GetString();
        Assert.True(File.Exists(worklist), worklist);
        Assert.Contains(report.Stranger, CellsOf(worklist!));
        Assert.Equal(worklist, Batch(batchId).WorklistPath);
        Assert.Equal((int)ImportOutcome.Committed, Batch(batchId).Outcome);
        // Audited once, by the import in its transaction, as from the command line.
        Assert.Equal(1, Db.Scalar($"SELECT COUNT(*) FROM AuditEntries WHERE Action = '{AuditActions.ProgressImport}' AND Channel = '{AuditChannels.Cli}' AND Details LIKE 'upload {batchId} %committed%'"));
        Assert.Equal(1, Db.Scalar($"SELECT COUNT(*) FROM AuditEntries WHERE Action = '{AuditActions.ProgressImport}'"));
    }

    [Fact]
    public async Task A_commit_without_unmatched_users_has_no_worklist()
    {
        var staff = ActiveStaff();
        var file = Files.Csv(EnrolmentHeaders, [Enrolment(staff[0].Code, null, null, CourseA)]);

        var (exit, json, _, _) = await Run("import", "progress", file, "--as", DemoUsers.StateAdmin, "--commit");

        Assert.Equal(CommandLine.Ok, exit);
        Assert.Equal("committed", json.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("worklist").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("errorWorkbook").ValueKind);
        Assert.Equal(1, TestCompletions());
    }

    [Theory]
    [InlineData(null, IgotReportFile.NoPasswordMessage)]
    [InlineData("not-the-password", IgotReportFile.WrongPasswordMessage)]
    public async Task A_missing_or_wrong_password_exits_2_and_writes_nothing(string? password, string message)
    {
        var report = ReportZip();
        var before = DatabaseState();
        string[] args = password is null
            ? ["import", "progress", report.Zip, "--as", DemoUsers.StateAdmin, "--commit"]
            : ["import", "progress", report.Zip, "--as", DemoUsers.StateAdmin, "--password", password, "--commit"];

        var (exit, json, stdout, _) = await Run(args);

        Assert.Equal(CommandLine.FileRejected, exit);
        AssertOneJsonObject(stdout);
        Assert.Equal("rejected", json.GetProperty("status").GetString());
        Assert.Equal(message, json.GetProperty("message").GetString());
        Assert.Equal(0, json.GetProperty("rows").GetInt32());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("worklist").ValueKind);
        Assert.Equal(before, DatabaseState());
        Assert.Equal((int)ImportOutcome.Failed, Batch(json.GetProperty("batchId").GetInt32()).Outcome);
        if (password is not null) Assert.DoesNotContain(password, stdout);
    }

    [Fact]
    public async Task The_command_line_answers_in_English_even_on_a_machine_set_to_Hindi()
    {
        var report = ReportZip();
        string stdout;
        using (UiLanguage.Hindi())
            (_, _, stdout, _) = await Run(["import", "progress", report.Zip, "--as", DemoUsers.StateAdmin, "--password", "not-the-password", "--commit"]);

        var json = System.Text.Json.JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(IgotReportFile.WrongPasswordMessage, json.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Bad_arguments_exit_64_with_nothing_on_stdout()
    {
        var report = ReportZip();
        var before = DatabaseState();

        var runs = new[]
        {
            await Run("import", "progress", report.Zip, "--password", Password),
            await Run("import", "payroll", report.Zip, "--as", DemoUsers.StateAdmin),
            await Run("import", "progress", report.Zip, "--as", DemoUsers.StateAdmin, "--password", Password, "--complete-roster"),
            await Run("import", "roster", report.Zip, "--as", DemoUsers.StateAdmin, "--password", Password),
            await Run("import", "progress", report.Zip, "--as", DemoUsers.StateAdmin, "--password"),
            await Run("import", "progress", "--as", DemoUsers.StateAdmin),
        };

        foreach (var (exit, _, stdout, stderr) in runs)
        {
            Assert.Equal(CommandLine.Usage, exit);
            Assert.Equal("", stdout);
            Assert.Contains("Usage:", stderr);
        }
        Assert.Contains("--as <login>", runs[0].Err);
        Assert.Contains("--complete-roster is for rosters", runs[2].Err);
        Assert.Equal(before, DatabaseState());
        Assert.Equal(0, Db.Scalar("SELECT COUNT(*) FROM ImportBatches"));
    }

    [Fact]
    public async Task A_viewer_or_an_unknown_login_exits_1_and_writes_nothing()
    {
        var report = ReportZip();
        var before = DatabaseState();

        var viewer = await Run("import", "progress", report.Zip, "--as", DemoUsers.LucknowViewer, "--password", Password, "--commit");
        var nobody = await Run("import", "progress", report.Zip, "--as", "nobody@up.gov.in", "--password", Password, "--commit");
        var noFile = await Run("import", "progress", report.Zip + ".missing", "--as", DemoUsers.StateAdmin, "--password", Password, "--commit");

        Assert.Equal(CommandLine.Failed, viewer.Exit);
        Assert.Contains("may not upload iGOT reports", viewer.Err);
        Assert.Equal(CommandLine.Failed, nobody.Exit);
        Assert.Equal(CommandLine.Failed, noFile.Exit);
        foreach (var run in new[] { viewer, nobody, noFile }) Assert.Equal("", run.Out);
        Assert.Equal(before, DatabaseState());
        Assert.Equal(0, Db.Scalar("SELECT COUNT(*) FROM ImportBatches"));
    }

    [Fact]
    public async Task A_range_office_on_the_command_line_writes_only_its_staff()
    {
        var range = await MeerutRange();
        var staff = ActiveStaff();
        var mine = staff.First(s => range.Scope.Includes(s.DistrictId, s.DepartmentId));
        var theirs = staff.First(s => !range.Scope.Includes(s.DistrictId, s.DepartmentId));
        var file = Files.Csv(EnrolmentHeaders, [Enrolment(mine.Code, null, null, CourseA), Enrolment(theirs.Code, null, null, CourseA)]);

        var (exit, json, stdout, _) = await Run("import", "progress", file, "--as", DemoUsers.MeerutRange, "--commit");

        Assert.Equal(CommandLine.Ok, exit);
        Assert.Equal((1, 1), (json.GetProperty("matched").GetProperty("employeeCode").GetInt32(), json.GetProperty("outsideScope").GetInt32()));
        Assert.Equal(1, TestEnrolments());
        Assert.Equal(1, Db.Scalar($"SELECT COUNT(*) FROM Enrolments WHERE EmployeeId = {mine.Id} AND CourseId = (SELECT Id FROM Courses WHERE Name = '{CourseA}')"));
        Assert.DoesNotContain(theirs.Code, stdout);
    }
}
