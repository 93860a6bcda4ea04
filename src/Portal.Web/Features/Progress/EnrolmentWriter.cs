using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Portal.Web.Data;

namespace Portal.Web.Features.Progress;

/// <summary>
/// Reads and writes enrolments (and onboarding dates) with ADO.NET commands inside the import's EF transaction: a
/// million rows in seconds, where change tracking would take minutes. Updates and onboarding are the same SQL on both
/// providers; how a chunk's enrolments are looked up and how new rows travel differ, and live in each provider's
/// writer (<see cref="Data.Providers.DatabaseDialect.OpenEnrolmentWriter"/>). Insert or update is decided by the
/// import (it has read the stored row anyway), so no provider's upsert syntax is needed.
/// </summary>
internal abstract class EnrolmentWriter : IDisposable
{
    /// <summary>Employees looked up per query (SQL Server allows 2,100 parameters a command).</summary>
    public const int LookupBatch = 1_000;

    /// <summary>The stored columns a lookup reads, in the order <see cref="ReadStored"/> expects them.</summary>
    protected const string SelectStored =
        "SELECT \"EmployeeId\", \"CourseId\", \"Status\", \"ProgressPercent\", \"EnrolledOn\", \"CompletedOn\", \"LearningMinutes\" FROM \"Enrolments\" ";

    /// <summary>The columns of an inserted enrolment, in the order <see cref="ValuesOf"/> gives them.</summary>
    protected static readonly string[] Columns = ["EmployeeId", "CourseId", "Status", "ProgressPercent", "EnrolledOn", "CompletedOn", "LearningMinutes"];

    public static string UpdateSql =>
        "UPDATE \"Enrolments\" SET \"Status\" = @Status, \"ProgressPercent\" = @ProgressPercent, \"EnrolledOn\" = @EnrolledOn, \"CompletedOn\" = @CompletedOn, " +
        "\"LearningMinutes\" = @LearningMinutes WHERE \"EmployeeId\" = @EmployeeId AND \"CourseId\" = @CourseId";
    public static IReadOnlyList<string> UpdateParameters => ["Status", "ProgressPercent", "EnrolledOn", "CompletedOn", "LearningMinutes", "EmployeeId", "CourseId"];

    /// <summary>Onboards an employee that was not onboarded (a date already stored is never changed).</summary>
    public const string OnboardSql = "UPDATE \"Employees\" SET \"OnboardedOn\" = @OnboardedOn, \"UpdatedAt\" = @Now WHERE \"Id\" = @Id AND \"OnboardedOn\" IS NULL";
    public static IReadOnlyList<string> OnboardParameters => ["OnboardedOn", "Now", "Id"];

    /// <summary>Sets an employee's first completion, as the import computed it from all their enrolments.</summary>
    public const string FirstCompletionSql = "UPDATE \"Employees\" SET \"FirstCompletedOn\" = @FirstCompletedOn WHERE \"Id\" = @Id";
    public static IReadOnlyList<string> FirstCompletionParameters => ["FirstCompletedOn", "Id"];

    private readonly DbConnection _connection;
    private readonly DbTransaction? _transaction;
    private readonly DateTime _now;
    private DbCommand? _update, _onboard, _firstCompletion;

    protected EnrolmentWriter(PortalDbContext db, DateTime now, bool forWriting)
    {
        _connection = db.Database.GetDbConnection();
        _transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        if (forWriting && _transaction is null) throw new InvalidOperationException("Enrolments are written only inside the import's transaction.");
        _now = now;
    }

    /// <summary>The key of an employee's enrolment on a course, as the import's dictionaries hold it.</summary>
    public static long Key(int employeeId, int courseId) => ((long)employeeId << 32) | (uint)courseId;

    /// <summary>The writing commands both providers share.</summary>
    protected void CreateWriteCommands()
    {
        _update = Command(UpdateSql, UpdateParameters);
        _onboard = Command(OnboardSql, OnboardParameters);
        _firstCompletion = Command(FirstCompletionSql, FirstCompletionParameters);
    }

    /// <summary>A command on the import's connection and transaction; "@Now" is bound at once, the others to NULL.</summary>
    protected DbCommand Command(string sql, IEnumerable<string> parameters)
    {
        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = "@" + name;
            p.Value = name == "Now" ? _now : DBNull.Value;
            command.Parameters.Add(p);
        }
        Ready(command);
        return command;
    }

    /// <summary>Called once on every command built here, before it first runs.</summary>
    protected virtual void Ready(DbCommand command) { }

    protected void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

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

    private static DateOnly? Date(DbDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetFieldValue<DateOnly>(i);

    /// <summary>A new enrolment's values in <see cref="Columns"/> order.</summary>
    protected static object?[] ValuesOf(int employeeId, int courseId, EnrolmentState s) =>
        [employeeId, courseId, (int)s.Status, s.ProgressPercent, s.EnrolledOn, s.CompletedOn, s.LearningMinutes];

    /// <summary>Buffers a new enrolment; it reaches the table at the latest at <see cref="Flush"/>.</summary>
    public abstract void Insert(int employeeId, int courseId, EnrolmentState state);

    /// <summary>Writes the inserts still buffered; call before anything reads Enrolments again.</summary>
    public abstract void Flush();

    public void Update(int employeeId, int courseId, EnrolmentState s)
    {
        var p = _update!.Parameters;
        p[0].Value = (int)s.Status;
        p[1].Value = s.ProgressPercent;
        p[2].Value = s.EnrolledOn is { } enrolled ? enrolled : DBNull.Value;
        p[3].Value = s.CompletedOn is { } completed ? completed : DBNull.Value;
        p[4].Value = s.LearningMinutes;
        p[5].Value = employeeId;
        p[6].Value = courseId;
        _update.ExecuteNonQuery();
    }

    /// <summary>Sets the employee's onboarding date unless one is stored; true when it was set.</summary>
    public bool Onboard(int employeeId, DateOnly on)
    {
        _onboard!.Parameters[0].Value = on;
        _onboard.Parameters[2].Value = employeeId;
        return _onboard.ExecuteNonQuery() == 1;
    }

    public void SetFirstCompletion(int employeeId, DateOnly? on)
    {
        _firstCompletion!.Parameters[0].Value = on is { } date ? date : DBNull.Value;
        _firstCompletion.Parameters[1].Value = employeeId;
        _firstCompletion.ExecuteNonQuery();
    }

    public virtual void Dispose()
    {
        _firstCompletion?.Dispose();
        _update?.Dispose();
        _onboard?.Dispose();
    }
}
