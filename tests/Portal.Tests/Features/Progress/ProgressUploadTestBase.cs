using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Tests.Features.Rosters;
using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Features.Progress;

namespace Portal.Tests.Features.Progress;

/// <summary>
/// iGOT report uploads through <see cref="ProgressImportService"/> (or the CLI) on a private copy of the small seeded
/// state, checked with independent SQL. The reports name courses new to the catalogue ("Progress Upload ..."), so the
/// demo's own enrolments never get in the way.
/// </summary>
public abstract class ProgressUploadTestBase : RosterImportTestBase, IAsyncLifetime
{
    protected const string CourseA = "Progress Upload Course A";
    protected const string CourseB = "Progress Upload Course B";

    protected IgotReportFiles Files { get; } = new();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // The state copies are made from one template: nothing below is true of it by chance.
        Assert.Equal(0, Db.Scalar("SELECT COUNT(*) FROM Courses WHERE Name LIKE 'Progress Upload%'"));
    }

    protected ProgressImportService ProgressService() =>
        new(Db.Factory, Options, TimeProvider.System, NullLogger<ProgressImportService>.Instance);

    protected sealed record Staff(int Id, string Code, string Email, string Mobile, int DistrictId, int DepartmentId);

    /// <summary>Active, onboarded employees whose code, e-mail and mobile nobody else holds, in id order.</summary>
    protected List<Staff> ActiveStaff() => Db.Rows("""
        SELECT e.Id, e.EmployeeCode, e.Email, e.Mobile, e.DistrictId, e.DepartmentId FROM Employees e
        WHERE e.Status = 1 AND e.Email IS NOT NULL AND e.Mobile IS NOT NULL AND e.OnboardedOn IS NOT NULL
          AND (SELECT COUNT(*) FROM Employees x WHERE x.Email = e.Email) = 1 AND (SELECT COUNT(*) FROM Employees x WHERE x.Mobile = e.Mobile) = 1
          AND (SELECT COUNT(*) FROM Employees x WHERE x.EmployeeCode = e.EmployeeCode) = 1
        ORDER BY e.Id
        """, r => new Staff(r.GetInt32(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt32(4), r.GetInt32(5)));

    /// <summary>Enrolments, onboarding, first completions and courses as text: equal before and after means none was written.</summary>
    protected string StaffData() => string.Join("\n",
        Db.Rows("SELECT Id, EmployeeId, CourseId, Status, ProgressPercent, EnrolledOn, CompletedOn, LearningMinutes FROM Enrolments ORDER BY Id", Line)
            .Concat(Db.Rows("SELECT Id, OnboardedOn, FirstCompletedOn, UpdatedAt, Email, Mobile, EmployeeCode FROM Employees ORDER BY Id", Line))
            .Concat(Db.Rows("SELECT Id, Name, DurationMinutes, IgotCourseId FROM Courses ORDER BY Id", Line)));

    /// <summary>The staff data and the worklist: what an upload that failed or was only previewed must leave as it was.</summary>
    protected string DatabaseState() => string.Join("\n", StaffData(),
        string.Join("\n", Db.Rows("SELECT Id, BatchId, UserKey, Problem, Rows, Completions FROM IgotUnmatchedUsers ORDER BY Id", Line)),
        string.Join("\n", Db.Rows("SELECT COUNT(*) FROM SnapshotDirtyDistricts", Line)));

    protected static string Line(SqliteDataReader r) =>
        string.Join("|", Enumerable.Range(0, r.FieldCount).Select(i => r.IsDBNull(i) ? "null" : Convert.ToString(r.GetValue(i), CultureInfo.InvariantCulture)));

    protected long Enrolments() => Db.Scalar("SELECT COUNT(*) FROM Enrolments");
    protected long TestEnrolments() => Db.Scalar("SELECT COUNT(*) FROM Enrolments n JOIN Courses c ON c.Id = n.CourseId WHERE c.Name LIKE 'Progress Upload%'");
    protected long TestCompletions() => Db.Scalar("SELECT COUNT(*) FROM Enrolments n JOIN Courses c ON c.Id = n.CourseId WHERE c.Name LIKE 'Progress Upload%' AND n.Status = 2");
    protected long Onboarded() => Db.Scalar("SELECT COUNT(*) FROM Employees WHERE OnboardedOn IS NOT NULL");
    protected long Courses() => Db.Scalar("SELECT COUNT(*) FROM Courses");
    protected long WorklistRows() => Db.Scalar("SELECT COUNT(*) FROM IgotUnmatchedUsers");

    protected sealed record BatchRow(int Outcome, string? Message, int RowsRead, int MatchedRows, int UnmatchedRows, int AmbiguousRows, int OutsideScopeRows,
        int NewCompletions, int UpdatedCompletions, int Onboarded, int NewCourses, string? WorklistPath, string? ErrorWorkbookPath, bool Finished, int Kind);

    protected BatchRow Batch(int id) => Db.Rows($"""
        SELECT Outcome, Message, RowsRead, MatchedRows, UnmatchedRows, AmbiguousRows, OutsideScopeRows, NewCompletions, UpdatedCompletions, Onboarded, NewCourses,
               WorklistPath, ErrorWorkbookPath, FinishedAt IS NOT NULL, Kind
        FROM ImportBatches WHERE Id = {id}
        """, r => new BatchRow(r.GetInt32(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetInt32(2), r.GetInt32(3), r.GetInt32(4), r.GetInt32(5), r.GetInt32(6),
        r.GetInt32(7), r.GetInt32(8), r.GetInt32(9), r.GetInt32(10), r.IsDBNull(11) ? null : r.GetString(11), r.IsDBNull(12) ? null : r.GetString(12), r.GetBoolean(13), r.GetInt32(14))).Single();

    /// <summary>Every text cell of a workbook's sheets.</summary>
    protected static List<string> CellsOf(string xlsx)
    {
        using var workbook = new ClosedXML.Excel.XLWorkbook(xlsx);
        return workbook.Worksheets.SelectMany(s => s.CellsUsed()).Select(c => c.GetFormattedString()).ToList();
    }

    protected Task<SignedInUser> Viewer() => User(DemoUsers.LucknowViewer);

    public new Task DisposeAsync()
    {
        Files.Dispose();
        return base.DisposeAsync();
    }
}
