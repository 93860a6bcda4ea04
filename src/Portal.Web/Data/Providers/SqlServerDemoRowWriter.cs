using System.Data;
using Microsoft.Data.SqlClient;
using Portal.Web.Features.DemoData;

namespace Portal.Web.Data.Providers;

/// <summary>SqlBulkCopy in chunks; employees of a chunk always go in before their enrolments.</summary>
internal sealed class SqlServerDemoRowWriter(SqlConnection connection) : DemoRowWriter
{
    private const int ChunkRows = 100_000;
    internal const SqlBulkCopyOptions CopyOptions = SqlBulkCopyOptions.KeepIdentity | SqlBulkCopyOptions.CheckConstraints | SqlBulkCopyOptions.TableLock;
    private readonly DataTable _employees = Table(
        ("Id", typeof(int)), ("EmployeeCode", typeof(string)), ("Name", typeof(string)), ("DesignationId", typeof(int)),
        ("DepartmentId", typeof(int)), ("DistrictId", typeof(int)), ("OfficeId", typeof(int)), ("Mobile", typeof(string)),
        ("Email", typeof(string)), ("Group", typeof(int)), ("Status", typeof(int)), ("DateOfJoining", typeof(DateTime)),
        ("IgotUserId", typeof(string)), ("OnboardedOn", typeof(DateTime)), ("CreatedAt", typeof(DateTime)), ("UpdatedAt", typeof(DateTime)));
    private readonly DataTable _enrolments = Table(
        ("Id", typeof(int)), ("EmployeeId", typeof(int)), ("CourseId", typeof(int)), ("Status", typeof(int)),
        ("ProgressPercent", typeof(int)), ("EnrolledOn", typeof(DateTime)), ("CompletedOn", typeof(DateTime)), ("LearningMinutes", typeof(int)));

    /// <summary>Rows waiting for the next copy into Employees and Enrolments (what the tests read: there is no server here).</summary>
    internal DataTable PendingEmployees => _employees;
    internal DataTable PendingEnrolments => _enrolments;

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
        using var copy = new SqlBulkCopy(connection, CopyOptions, null)
        {
            DestinationTableName = tableName,
            BulkCopyTimeout = 0,
        };
        foreach (var (source, destination) in ColumnMappings(rows)) copy.ColumnMappings.Add(source, destination);
        await copy.WriteToServerAsync(rows, ct);
        rows.Clear();
    }

    /// <summary>Each column of the table goes to the destination column of the same name.</summary>
    internal static IEnumerable<(string Source, string Destination)> ColumnMappings(DataTable rows) =>
        rows.Columns.Cast<DataColumn>().Select(c => (c.ColumnName, c.ColumnName));

    public override Task CompleteAsync(CancellationToken ct) => FlushAsync(ct);

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
