using System.Text.Json;
using Microsoft.Data.Sqlite;
using Portal.Tests.Features.Progress;
using Portal.Web.Cli;
using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Features.Progress;
using static Portal.Tests.Features.Progress.IgotReportFiles;

namespace Portal.Tests.Features.CbPlans;

/// <summary>`import cbplan` from the command line: the same service, one JSON object on stdout, exit codes as for progress.</summary>
public sealed class CbPlanCliTests : ProgressUploadTestBase
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

    private static string[] Plan(string? code, string? email, string course, string due = "2025-09-30") =>
        ["Cli User", email ?? "", "", code ?? "", "Uttar Pradesh Police", "Constable", course, "true", "2025-04-01", "Not Started", due, ""];

    private string Zip(List<Staff> staff) => Files.Zip(
    [
        ("CBPEnrollmentReport.csv", CsvBytes(CbPlanHeaders,
        [
            Plan(staff[0].Code, null, CourseA),
            Plan(null, staff[1].Email, CourseA),
            Plan(null, "cli.stranger@example.org", CourseA),
            Plan(staff[2].Code, null, CourseA, due: "31/31/2025"),
        ])),
    ]);

    private long AllocationsOfCourseA() =>
        Db.Scalar($"SELECT COUNT(*) FROM CbPlanAllocations a JOIN Courses c ON c.Id = a.CourseId WHERE c.Name = '{CourseA}'");

    [Fact]
    public async Task A_dry_run_prints_one_json_object_and_a_commit_writes_what_it_counted()
    {
        var zip = Zip(ActiveStaff());

        var (exit, json, stdout, _) = await Run("import", "cbplan", zip, "--as", DemoUsers.StateAdmin, "--password", Password);

        Assert.Equal(CommandLine.Ok, exit);
        Assert.Single(stdout.Trim().Split('\n'));
        Assert.Equal("previewed", json.GetProperty("status").GetString());
        Assert.Equal(4, json.GetProperty("rows").GetInt32());
        var matched = json.GetProperty("matched");
        Assert.Equal((1, 1, 0, 0), (matched.GetProperty("employeeCode").GetInt32(), matched.GetProperty("email").GetInt32(), matched.GetProperty("mobile").GetInt32(), matched.GetProperty("linked").GetInt32()));
        Assert.Equal((1, 0, 0, 1), (json.GetProperty("unmatched").GetInt32(), json.GetProperty("ambiguous").GetInt32(), json.GetProperty("outsideScope").GetInt32(), json.GetProperty("rejected").GetInt32()));
        var allocations = json.GetProperty("allocations");
        Assert.Equal(["new", "updated", "unchanged"], allocations.EnumerateObject().Select(p => p.Name));
        Assert.Equal((2, 0, 0), (allocations.GetProperty("new").GetInt32(), allocations.GetProperty("updated").GetInt32(), allocations.GetProperty("unchanged").GetInt32()));
        Assert.Equal(1, json.GetProperty("newCourses").GetInt32());
        Assert.Equal("CBPEnrollmentReport.csv", json.GetProperty("report").GetString());
        var error = json.GetProperty("errors").EnumerateArray().Single();
        Assert.Equal((5, "Due Date of Completion"), (error.GetProperty("row").GetInt32(), error.GetProperty("column").GetString()));
        Assert.True(File.Exists(json.GetProperty("errorWorkbook").GetString()));
        Assert.True(File.Exists(json.GetProperty("worklist").GetString()));
        Assert.Equal(0, AllocationsOfCourseA());
        var audit = Db.Rows($"SELECT Details, Channel FROM AuditEntries WHERE Action = '{AuditActions.CbPlanImport}'", r => (r.GetString(0), r.GetString(1))).Single();
        Assert.Contains("previewed", audit.Item1);
        Assert.Equal(AuditChannels.Cli, audit.Item2);
        Assert.DoesNotContain(Password, audit.Item1 + stdout);

        (exit, json, _, _) = await Run("import", "cbplan", zip, "--as", DemoUsers.StateAdmin, "--password", Password, "--commit");

        Assert.Equal(CommandLine.Ok, exit);
        Assert.Equal("committed", json.GetProperty("status").GetString());
        Assert.Equal(2, json.GetProperty("allocations").GetProperty("new").GetInt32());
        Assert.Equal(2, AllocationsOfCourseA());
        Assert.Equal((int)ImportKind.CbPlan, Batch(json.GetProperty("batchId").GetInt32()).Kind);
    }

    [Fact]
    public async Task A_wrong_password_exits_2_and_bad_arguments_exit_64()
    {
        var zip = Zip(ActiveStaff());

        var (exit, json, _, _) = await Run("import", "cbplan", zip, "--as", DemoUsers.StateAdmin, "--password", "not-the-password", "--commit");

        Assert.Equal(CommandLine.FileRejected, exit);
        Assert.Equal("rejected", json.GetProperty("status").GetString());
        Assert.Equal(IgotReportFile.WrongPasswordMessage, json.GetProperty("message").GetString());
        Assert.Equal(0, AllocationsOfCourseA());

        (exit, _, _, var err) = await Run("import", "cbplan", zip, "--password", Password);
        Assert.Equal(CommandLine.Usage, exit);
        Assert.Contains("--as", err);
        (exit, _, _, _) = await Run("import", "cbplan", zip, "--as", DemoUsers.StateAdmin, "--complete-roster");
        Assert.Equal(CommandLine.Usage, exit);
        (exit, _, _, _) = await Run("import", "cbplans", zip, "--as", DemoUsers.StateAdmin);
        Assert.Equal(CommandLine.Usage, exit);
        Assert.Contains("import cbplan <file>", CommandLine.UsageText);
    }
}
