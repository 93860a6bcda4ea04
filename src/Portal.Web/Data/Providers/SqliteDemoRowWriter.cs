using Microsoft.Data.Sqlite;
using Portal.Web.Features.DemoData;

namespace Portal.Web.Data.Providers;

/// <summary>SQLite: prepared statements in large transactions, with fsync off for a seed (all-or-nothing for a new file).</summary>
internal sealed class SqliteDemoRowWriter : DemoRowWriter
{
    private const int RowsPerTransaction = 500_000;
    private readonly SqliteConnection _connection;
    private SqliteTransaction _transaction;
    private readonly SqliteCommand _employee;
    private readonly SqliteCommand _enrolment;
    private int _rowsInTransaction;

    public SqliteDemoRowWriter(SqliteConnection connection)
    {
        _connection = connection;
        // A seed is all-or-nothing for a new file; no need to fsync every commit.
        Exec("PRAGMA synchronous=OFF; PRAGMA cache_size=-262144; PRAGMA temp_store=MEMORY;");
        _transaction = connection.BeginTransaction();
        _employee = Prepare("""
            INSERT INTO Employees (Id, EmployeeCode, Name, DesignationId, DepartmentId, DistrictId, OfficeId, Mobile, Email,
                "Group", Status, DateOfJoining, IgotUserId, OnboardedOn, CreatedAt, UpdatedAt)
            VALUES ($id, $code, $name, $designation, $department, $district, $office, $mobile, $email,
                $group, $status, $doj, $igot, $onboarded, $ts, $ts)
            """, "$id", "$code", "$name", "$designation", "$department", "$district", "$office", "$mobile", "$email",
            "$group", "$status", "$doj", "$igot", "$onboarded", "$ts");
        _enrolment = Prepare("""
            INSERT INTO Enrolments (Id, EmployeeId, CourseId, Status, ProgressPercent, EnrolledOn, CompletedOn, LearningMinutes)
            VALUES ($id, $employee, $course, $status, $progress, $enrolled, $completed, $minutes)
            """, "$id", "$employee", "$course", "$status", "$progress", "$enrolled", "$completed", "$minutes");
    }

    private void Exec(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = _transaction;
        foreach (var p in parameters) command.Parameters.Add(new SqliteParameter { ParameterName = p });
        command.Prepare();
        return command;
    }

    public override ValueTask AddEmployeeAsync(EmployeeRow r, CancellationToken ct)
    {
        var p = _employee.Parameters;
        p[0].Value = r.Id; p[1].Value = r.EmployeeCode; p[2].Value = r.Name; p[3].Value = r.DesignationId;
        p[4].Value = r.DepartmentId; p[5].Value = r.DistrictId; p[6].Value = Db(r.OfficeId); p[7].Value = Db(r.Mobile);
        p[8].Value = Db(r.Email); p[9].Value = (int)r.Group; p[10].Value = (int)r.Status; p[11].Value = Db(r.DateOfJoining);
        p[12].Value = Db(r.IgotUserId); p[13].Value = Db(r.OnboardedOn); p[14].Value = r.Timestamp;
        _employee.ExecuteNonQuery();
        return Tick(ct);
    }

    public override ValueTask AddEnrolmentAsync(EnrolmentRow r, CancellationToken ct)
    {
        var p = _enrolment.Parameters;
        p[0].Value = r.Id; p[1].Value = r.EmployeeId; p[2].Value = r.CourseId; p[3].Value = (int)r.Status;
        p[4].Value = r.ProgressPercent; p[5].Value = Db(r.EnrolledOn); p[6].Value = Db(r.CompletedOn); p[7].Value = r.LearningMinutes;
        _enrolment.ExecuteNonQuery();
        return Tick(ct);
    }

    private ValueTask Tick(CancellationToken ct)
    {
        if (++_rowsInTransaction < RowsPerTransaction) return ValueTask.CompletedTask;
        ct.ThrowIfCancellationRequested();
        _transaction.Commit();
        _transaction.Dispose();
        _transaction = _connection.BeginTransaction();
        _employee.Transaction = _transaction;
        _enrolment.Transaction = _transaction;
        _rowsInTransaction = 0;
        return ValueTask.CompletedTask;
    }

    public override Task CompleteAsync(CancellationToken ct)
    {
        _transaction.Commit();
        Exec("PRAGMA synchronous=NORMAL; ANALYZE;");
        return Task.CompletedTask;
    }

    public override ValueTask DisposeAsync()
    {
        _employee.Dispose();
        _enrolment.Dispose();
        _transaction.Dispose();
        return ValueTask.CompletedTask;
    }
}
