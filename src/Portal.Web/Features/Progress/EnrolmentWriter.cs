using System.Data.Common;
using Portal.Web.Data;
using Portal.Web.Features.Uploads;

namespace Portal.Web.Features.Progress;

/// <summary>
/// Reads and writes what a progress import changes (enrolments, onboarding dates, first completions, the worklist of
/// unmatched iGOT users) with ADO.NET commands inside the import's EF transaction: a million rows in seconds, where
/// change tracking would take minutes. Every write is buffered and goes to the database many rows per statement
/// (<see cref="Flush"/>), in the order of columns <see cref="ColumnsOf"/> gives; how rows travel (a JSON array, a
/// multi-row VALUES) and how a chunk's enrolments are looked up differ by provider and live in each provider's writer
/// (<see cref="Data.Providers.DatabaseDialect.OpenEnrolmentWriter"/>). Insert or update is decided by the import (it
/// has read the stored row anyway), so no provider's upsert syntax is needed.
/// </summary>
internal abstract class EnrolmentWriter : ImportCommandWriter
{
    /// <summary>Employees looked up per query (SQL Server allows 2,100 parameters a command).</summary>
    public const int LookupBatch = 1_000;

    /// <summary>The stored columns a lookup reads, in the order <see cref="ReadStored"/> expects them.</summary>
    protected const string SelectStored =
        "SELECT \"EmployeeId\", \"CourseId\", \"Status\", \"ProgressPercent\", \"EnrolledOn\", \"CompletedOn\", \"LearningMinutes\" FROM \"Enrolments\" ";

    /// <summary>What is written, one statement (and one buffer of rows) each.</summary>
    public enum Write
    {
        /// <summary>A new enrolment.</summary>
        InsertEnrolment,
        /// <summary>A stored enrolment's values, found by its employee and course.</summary>
        UpdateEnrolment,
        /// <summary>An employee's onboarding date, unless one is stored (a date already stored is never changed); "@Now" is UpdatedAt.</summary>
        Onboard,
        /// <summary>An employee's first completion, as the import computed it from all their enrolments.</summary>
        FirstCompletion,
        /// <summary>
        /// Both at once, for an employee this upload onboards whose completions it changed: one update of the row (and
        /// of the dashboard's list index, which holds both dates) instead of two; the onboarding date as
        /// <see cref="Onboard"/> writes it, "@Now" being UpdatedAt when it is written.
        /// </summary>
        OnboardAndFirstCompletion,
        /// <summary>An iGOT user of the worklist.</summary>
        InsertUnmatchedUser,
    }

    public static readonly IReadOnlyList<Write> Writes = Enum.GetValues<Write>();

    /// <summary>The columns of a write's rows, in the order the writer gives their values (the keys first).</summary>
    public static IReadOnlyList<string> ColumnsOf(Write write) => write switch
    {
        Write.InsertEnrolment or Write.UpdateEnrolment => ["EmployeeId", "CourseId", "Status", "ProgressPercent", "EnrolledOn", "CompletedOn", "LearningMinutes"],
        Write.Onboard => ["Id", "OnboardedOn"],
        Write.FirstCompletion => ["Id", "FirstCompletedOn"],
        Write.OnboardAndFirstCompletion => ["Id", "OnboardedOn", "FirstCompletedOn"],
        Write.InsertUnmatchedUser => ["BatchId", "UserKey", "Problem", "Name", "Email", "Phone", "EmployeeCode", "Designation", "Organisation", "Rows", "Completions", "Candidates"],
        _ => throw new ArgumentOutOfRangeException(nameof(write)),
    };

    /// <summary>How many leading columns of <see cref="ColumnsOf"/> find the row an update changes.</summary>
    public static int KeyColumnsOf(Write write) => write switch
    {
        Write.UpdateEnrolment => 2,
        Write.Onboard or Write.FirstCompletion or Write.OnboardAndFirstCompletion => 1,
        _ => 0,
    };

    /// <summary>Whether a write sets UpdatedAt to "@Now" (when it stores an onboarding date).</summary>
    public static bool StampsUpdatedAt(Write write) => write is Write.Onboard or Write.OnboardAndFirstCompletion;

    /// <summary>The table a write goes to.</summary>
    public static string TableOf(Write write) => write switch
    {
        Write.InsertEnrolment or Write.UpdateEnrolment => "Enrolments",
        Write.Onboard or Write.FirstCompletion or Write.OnboardAndFirstCompletion => "Employees",
        _ => "IgotUnmatchedUsers",
    };

    private RowBatch[] _batches = [];

    protected EnrolmentWriter(PortalDbContext db, DateTime now, bool forWriting) : base(db, now, forWriting, "Enrolments") { }

    /// <summary>The key of an employee's enrolment on a course, as the import's dictionaries hold it.</summary>
    public static long Key(int employeeId, int courseId) => ((long)employeeId << 32) | (uint)courseId;

    /// <summary>Makes the buffers of every <see cref="Write"/> (a writer that only reads has none).</summary>
    protected void CreateBatches() => _batches = [.. Writes.Select(OpenBatch)];

    /// <summary>The provider's buffer of a write's rows, with its statement.</summary>
    protected abstract RowBatch OpenBatch(Write write);

    /// <summary>Adds the stored enrolments of up to <see cref="LookupBatch"/> employees to <paramref name="into"/> (by <see cref="Key"/>).</summary>
    public abstract void Find(IReadOnlyList<int> employeeIds, Dictionary<long, EnrolmentState> into);

    /// <summary>Runs a lookup whose columns are <see cref="SelectStored"/>'s.</summary>
    protected static void ReadStored(DbCommand lookup, Dictionary<long, EnrolmentState> into)
    {
        using var reader = lookup.ExecuteReader();
        while (reader.Read())
            into[Key(reader.GetInt32(0), reader.GetInt32(1))] = new EnrolmentState(
                (EnrolmentStatus)reader.GetInt32(2), reader.GetInt32(3), Date(reader, 4), Date(reader, 5), reader.GetInt32(6));
    }

    /// <summary>Buffers a new enrolment.</summary>
    public void Insert(int employeeId, int courseId, EnrolmentState state) => Enrolment(_batches[(int)Write.InsertEnrolment], employeeId, courseId, state);

    /// <summary>Buffers a stored enrolment's new values.</summary>
    public void Update(int employeeId, int courseId, EnrolmentState state) => Enrolment(_batches[(int)Write.UpdateEnrolment], employeeId, courseId, state);

    private static void Enrolment(RowBatch rows, int employeeId, int courseId, EnrolmentState s)
    {
        rows.BeginRow();
        rows.Int(employeeId);
        rows.Int(courseId);
        rows.Int((int)s.Status);
        rows.Int(s.ProgressPercent);
        rows.Date(s.EnrolledOn);
        rows.Date(s.CompletedOn);
        rows.Int(s.LearningMinutes);
        rows.EndRow();
    }

    /// <summary>Buffers an employee's onboarding date (kept from the database if one is stored by then).</summary>
    public void Onboard(int employeeId, DateOnly on)
    {
        var rows = _batches[(int)Write.Onboard];
        rows.BeginRow();
        rows.Int(employeeId);
        rows.Date(on);
        rows.EndRow();
    }

    /// <summary>Buffers an employee's onboarding date (as <see cref="Onboard"/>) and first completion, in one update.</summary>
    public void OnboardAndSetFirstCompletion(int employeeId, DateOnly onboardedOn, DateOnly? firstCompletedOn)
    {
        var rows = _batches[(int)Write.OnboardAndFirstCompletion];
        rows.BeginRow();
        rows.Int(employeeId);
        rows.Date(onboardedOn);
        rows.Date(firstCompletedOn);
        rows.EndRow();
    }

    /// <summary>Buffers an employee's first completion.</summary>
    public void SetFirstCompletion(int employeeId, DateOnly? on)
    {
        var rows = _batches[(int)Write.FirstCompletion];
        rows.BeginRow();
        rows.Int(employeeId);
        rows.Date(on);
        rows.EndRow();
    }

    /// <summary>Buffers an iGOT user of the worklist of upload <paramref name="batchId"/> (the user's own ids are ignored).</summary>
    public void InsertUnmatchedUser(int batchId, IgotUnmatchedUser user)
    {
        var rows = _batches[(int)Write.InsertUnmatchedUser];
        rows.BeginRow();
        rows.Int(batchId);
        rows.Text(user.UserKey);
        rows.Int((int)user.Problem);
        rows.Text(user.Name);
        rows.Text(user.Email);
        rows.Text(user.Phone);
        rows.Text(user.EmployeeCode);
        rows.Text(user.Designation);
        rows.Text(user.Organisation);
        rows.Int(user.Rows);
        rows.Int(user.Completions);
        rows.Int(user.Candidates);
        rows.EndRow();
    }

    /// <summary>Writes every buffered row; call before anything reads what was written (the next chunk's lookup).</summary>
    public void Flush()
    {
        foreach (var rows in _batches) rows.Flush();
    }

    public override void Dispose()
    {
        foreach (var rows in _batches) rows.Dispose();
    }

    /// <summary>
    /// Rows of one write on their way to the database: values are given in <see cref="ColumnsOf"/> order between
    /// <see cref="BeginRow"/> and <see cref="EndRow"/>; a full batch goes at once, the rest at <see cref="Flush"/>.
    /// </summary>
    protected abstract class RowBatch : IDisposable
    {
        public abstract void BeginRow();
        public abstract void Int(int value);
        public abstract void Date(DateOnly? value);
        public abstract void Text(string? value);
        public abstract void EndRow();
        public abstract void Flush();
        public abstract void Dispose();
    }
}
