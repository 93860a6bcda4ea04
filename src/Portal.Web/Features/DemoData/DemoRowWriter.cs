using System.Data;
using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Portal.Web.Data;

namespace Portal.Web.Features.DemoData;

public readonly record struct EmployeeRow(
    int Id, string EmployeeCode, string Name, int DesignationId, int DepartmentId, int DistrictId, int? OfficeId,
    string? Mobile, string? Email, ServiceGroup Group, EmployeeStatus Status, DateOnly? DateOfJoining,
    string? IgotUserId, DateOnly? OnboardedOn, DateTime Timestamp);

public readonly record struct EnrolmentRow(
    int Id, int EmployeeId, int CourseId, EnrolmentStatus Status, int ProgressPercent,
    DateOnly? EnrolledOn, DateOnly? CompletedOn, int LearningMinutes);

/// <summary>
/// Writes generated rows in bulk, bypassing EF change tracking: prepared statements in large
/// transactions on SQLite, SqlBulkCopy on SQL Server. Explicit ids, so enrolments can point at employees.
/// </summary>
internal abstract class DemoRowWriter : IAsyncDisposable
{
    public static async Task<DemoRowWriter> OpenAsync(PortalDbContext db, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        var connection = db.Database.GetDbConnection();
        return connection switch
        {
            SqliteConnection sqlite => new SqliteWriter(sqlite),
            SqlConnection sqlServer => new SqlServerWriter(sqlServer),
            _ => throw new NotSupportedException($"No bulk writer for {connection.GetType().Name}."),
        };
    }

    public abstract ValueTask AddEmployeeAsync(EmployeeRow row, CancellationToken ct);
    public abstract ValueTask AddEnrolmentAsync(EnrolmentRow row, CancellationToken ct);
    public abstract Task CompleteAsync(CancellationToken ct);
    public abstract ValueTask DisposeAsync();

    protected static object Db(object? value) => value ?? DBNull.Value;

    private sealed class SqliteWriter : DemoRowWriter
    {
        private const int RowsPerTransaction = 500_000;
        private readonly SqliteConnection _connection;
        private SqliteTransaction _transaction;
        private readonly SqliteCommand _employee;
        private readonly SqliteCommand _enrolment;
        private int _rowsInTransaction;

        public SqliteWriter(SqliteConnection connection)
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

    /// <summary>SqlBulkCopy in chunks; employees of a chunk always go in before their enrolments.</summary>
    private sealed class SqlServerWriter(SqlConnection connection) : DemoRowWriter
    {
        private const int ChunkRows = 100_000;
        private readonly DataTable _employees = Table(
            ("Id", typeof(int)), ("EmployeeCode", typeof(string)), ("Name", typeof(string)), ("DesignationId", typeof(int)),
            ("DepartmentId", typeof(int)), ("DistrictId", typeof(int)), ("OfficeId", typeof(int)), ("Mobile", typeof(string)),
            ("Email", typeof(string)), ("Group", typeof(int)), ("Status", typeof(int)), ("DateOfJoining", typeof(DateTime)),
            ("IgotUserId", typeof(string)), ("OnboardedOn", typeof(DateTime)), ("CreatedAt", typeof(DateTime)), ("UpdatedAt", typeof(DateTime)));
        private readonly DataTable _enrolments = Table(
            ("Id", typeof(int)), ("EmployeeId", typeof(int)), ("CourseId", typeof(int)), ("Status", typeof(int)),
            ("ProgressPercent", typeof(int)), ("EnrolledOn", typeof(DateTime)), ("CompletedOn", typeof(DateTime)), ("LearningMinutes", typeof(int)));

        private static DataTable Table(params (string Name, Type Type)[] columns)
        {
            var table = new DataTable();
            foreach (var (name, type) in columns) table.Columns.Add(name, type);
            return table;
        }

        private static object Date(DateOnly? d) => d is { } v ? v.ToDateTime(TimeOnly.MinValue) : DBNull.Value;

        public override async ValueTask AddEmployeeAsync(EmployeeRow r, CancellationToken ct)
        {
            _employees.Rows.Add(r.Id, r.EmployeeCode, r.Name, r.DesignationId, r.DepartmentId, r.DistrictId, Db(r.OfficeId), Db(r.Mobile),
                Db(r.Email), (int)r.Group, (int)r.Status, Date(r.DateOfJoining), Db(r.IgotUserId), Date(r.OnboardedOn), r.Timestamp, r.Timestamp);
            if (_employees.Rows.Count + _enrolments.Rows.Count >= ChunkRows) await FlushAsync(ct);
        }

        public override async ValueTask AddEnrolmentAsync(EnrolmentRow r, CancellationToken ct)
        {
            _enrolments.Rows.Add(r.Id, r.EmployeeId, r.CourseId, (int)r.Status, r.ProgressPercent, Date(r.EnrolledOn), Date(r.CompletedOn), r.LearningMinutes);
            if (_employees.Rows.Count + _enrolments.Rows.Count >= ChunkRows) await FlushAsync(ct);
        }

        private async Task FlushAsync(CancellationToken ct)
        {
            await CopyAsync("Employees", _employees, ct);
            await CopyAsync("Enrolments", _enrolments, ct);
        }

        private async Task CopyAsync(string tableName, DataTable rows, CancellationToken ct)
        {
            if (rows.Rows.Count == 0) return;
            using var copy = new SqlBulkCopy(connection, SqlBulkCopyOptions.KeepIdentity | SqlBulkCopyOptions.CheckConstraints | SqlBulkCopyOptions.TableLock, null)
            {
                DestinationTableName = tableName,
                BulkCopyTimeout = 0,
            };
            foreach (DataColumn column in rows.Columns) copy.ColumnMappings.Add(column.ColumnName, column.ColumnName);
            await copy.WriteToServerAsync(rows, ct);
            rows.Clear();
        }

        public override Task CompleteAsync(CancellationToken ct) => FlushAsync(ct);

        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
