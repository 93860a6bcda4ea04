using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Portal.Web.Data;

namespace Portal.Web.Features.Rosters;

/// <summary>
/// Reads and writes roster rows with prepared ADO.NET commands inside the import's EF transaction: a million
/// rows in seconds, where change tracking would take minutes. Plain SQL that SQLite and SQL Server both accept.
/// New employees are inserted many rows per statement.
/// </summary>
internal sealed class EmployeeWriter : IDisposable
{
    /// <summary>Codes looked up per query (SQL Server allows 2,100 parameters a command).</summary>
    public const int LookupBatch = 1_000;
    // Small: Microsoft.Data.Sqlite binds parameters by name, which costs O(n²) in a statement's parameter count.
    private const int InsertBatch = 4;

    private static readonly string[] Columns =
        ["EmployeeCode", "Name", "DesignationId", "DepartmentId", "DistrictId", "OfficeId", "Mobile", "Email", "Group", "Status", "DateOfJoining", "IgotUserId", "OnboardedOn"];

    private readonly DbConnection _connection;
    private readonly DbTransaction? _transaction;
    private readonly bool _prepare;
    private readonly DateTime _now;
    private readonly DbCommand _lookup;
    private DbCommand? _insertMany, _insertOne, _update, _deactivate, _insertOffice, _insertJson;
    private const int JsonBatch = 500;
    private readonly System.Buffers.ArrayBufferWriter<byte> _json = new(1 << 17);
    private System.Text.Json.Utf8JsonWriter? _jsonWriter;
    private int _jsonRows;
    private readonly List<object?[]> _pendingInserts = new(InsertBatch);

    public EmployeeWriter(PortalDbContext db, DateTime now, bool forWriting)
    {
        _connection = db.Database.GetDbConnection();
        _transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        if (forWriting && _transaction is null) throw new InvalidOperationException("Roster rows are written only inside the import's transaction.");
        _prepare = db.Database.IsSqlite(); // SqlClient would need explicit sizes to prepare
        _now = now;
        if (_prepare) Execute("PRAGMA cache_size = -65536;"); // 64 MB: a large import touches every index of Employees

        const string select = "SELECT \"Id\", \"EmployeeCode\", \"Name\", \"DesignationId\", \"DepartmentId\", \"DistrictId\", \"OfficeId\", " +
            "\"Mobile\", \"Email\", \"Group\", \"Status\", \"DateOfJoining\", \"IgotUserId\", \"OnboardedOn\" FROM \"Employees\" ";
        _lookup = _prepare
            // SQLite: one JSON-array parameter, and insist on the unique index (stale statistics can make it scan).
            ? Command(select + "INDEXED BY \"IX_Employees_EmployeeCode\" WHERE \"EmployeeCode\" IN (SELECT value FROM json_each(@codes))", ["codes"])
            : Command(select + $"WHERE \"EmployeeCode\" IN ({string.Join(", ", Enumerable.Range(0, LookupBatch).Select(i => $"@c{i}"))})",
                Enumerable.Range(0, LookupBatch).Select(i => $"c{i}"));
        if (!forWriting) return;

        if (_prepare)
        {
            // SQLite: a chunk of new rows travels as one JSON array and SQLite unpacks it, instead of thirteen
            // named parameters bound per row (Microsoft.Data.Sqlite looks each name up on every execution).
            _insertJson = Command(
                $"INSERT INTO \"Employees\" ({string.Join(", ", Columns.Select(c => $"\"{c}\""))}, \"CreatedAt\", \"UpdatedAt\") " +
                $"SELECT {string.Join(", ", Columns.Select((_, i) => $"value ->> {i}"))}, @Now, @Now FROM json_each(@rows)",
                ["rows", "Now"]);
            _jsonWriter = new System.Text.Json.Utf8JsonWriter(_json);
        }
        _insertMany = InsertCommand(InsertBatch);
        _insertOne = InsertCommand(1);
        _update = Command(
            $"UPDATE \"Employees\" SET {string.Join(", ", Columns.Skip(1).Select(c => $"\"{c}\" = @{c}"))}, \"UpdatedAt\" = @Now WHERE \"Id\" = @Id",
            [.. Columns.Skip(1), "Now", "Id"]);
        _insertOffice = Command(_prepare
                ? "INSERT INTO \"Offices\" (\"Name\", \"DistrictId\", \"DepartmentId\") VALUES (@Name, @DistrictId, @DepartmentId) RETURNING \"Id\""
                : "INSERT INTO \"Offices\" (\"Name\", \"DistrictId\", \"DepartmentId\") OUTPUT INSERTED.\"Id\" VALUES (@Name, @DistrictId, @DepartmentId)",
            ["Name", "DistrictId", "DepartmentId"]);
        _deactivate = Command(
            $"UPDATE \"Employees\" SET \"Status\" = {(int)EmployeeStatus.Inactive}, \"UpdatedAt\" = @Now WHERE \"Id\" = @Id AND \"Status\" = {(int)EmployeeStatus.Active}",
            ["Now", "Id"]);
    }

    private DbCommand InsertCommand(int rows)
    {
        var sql = new StringBuilder($"INSERT INTO \"Employees\" ({string.Join(", ", Columns.Select(c => $"\"{c}\""))}, \"CreatedAt\", \"UpdatedAt\") VALUES ");
        var parameters = new List<string>();
        for (var r = 0; r < rows; r++)
        {
            if (r > 0) sql.Append(", ");
            sql.Append('(').Append(string.Join(", ", Columns.Select(c => $"@{c}{r}"))).Append(", @Now, @Now)");
            parameters.AddRange(Columns.Select(c => $"{c}{r}"));
        }
        parameters.Add("Now");
        return Command(sql.ToString(), parameters);
    }

    private DbCommand Command(string sql, IEnumerable<string> parameters)
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
        if (_prepare) command.Prepare();
        return command;
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>The stored employees among up to <see cref="LookupBatch"/> codes (unused parameters stay NULL and match nothing).</summary>
    public Dictionary<string, StoredEmployee> Find(IReadOnlyList<string> codes)
    {
        if (codes.Count > LookupBatch) throw new ArgumentOutOfRangeException(nameof(codes));
        if (_prepare) _lookup.Parameters[0].Value = System.Text.Json.JsonSerializer.Serialize(codes);
        else for (var i = 0; i < LookupBatch; i++) _lookup.Parameters[i].Value = i < codes.Count ? codes[i] : DBNull.Value;
        var found = new Dictionary<string, StoredEmployee>(StringComparer.Ordinal);
        using var reader = _lookup.ExecuteReader();
        while (reader.Read())
        {
            var e = new StoredEmployee(
                reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetInt32(4), reader.GetInt32(5),
                reader.IsDBNull(6) ? null : reader.GetInt32(6), reader.IsDBNull(7) ? null : reader.GetString(7), reader.IsDBNull(8) ? null : reader.GetString(8),
                (ServiceGroup)reader.GetInt32(9), (EmployeeStatus)reader.GetInt32(10), Date(reader, 11), reader.IsDBNull(12) ? null : reader.GetString(12), Date(reader, 13));
            found[e.EmployeeCode] = e;
        }
        return found;
    }

    private static DateOnly? Date(DbDataReader reader, int i) =>
        reader.IsDBNull(i) ? null : reader.GetFieldValue<DateOnly>(i);

    public void Insert(RosterRow row, int? officeId)
    {
        if (_jsonWriter is { } w)
        {
            if (_jsonRows == 0) w.WriteStartArray();
            w.WriteStartArray();
            w.WriteStringValue(row.EmployeeCode);
            w.WriteStringValue(row.Name);
            w.WriteNumberValue(row.DesignationId);
            w.WriteNumberValue(row.DepartmentId);
            w.WriteNumberValue(row.DistrictId);
            if (officeId is > 0) w.WriteNumberValue(officeId.Value); else w.WriteNullValue();
            WriteString(w, row.Mobile);
            WriteString(w, row.Email);
            w.WriteNumberValue((int)(row.Group ?? ServiceGroup.Others));
            w.WriteNumberValue((int)(row.Status ?? EmployeeStatus.Active));
            WriteString(w, row.DateOfJoining?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            WriteString(w, row.IgotUserId);
            WriteString(w, row.IgotRegisteredOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteEndArray();
            if (++_jsonRows == JsonBatch) Flush();
            return;
        }
        _pendingInserts.Add(
        [
            row.EmployeeCode, row.Name, row.DesignationId, row.DepartmentId, row.DistrictId, officeId is > 0 ? officeId : null, row.Mobile, row.Email,
            (int)(row.Group ?? ServiceGroup.Others), (int)(row.Status ?? EmployeeStatus.Active), row.DateOfJoining, row.IgotUserId, row.IgotRegisteredOn,
        ]);
        if (_pendingInserts.Count == InsertBatch) Flush();
    }

    /// <summary>Writes the inserts still buffered; call before anything that reads Employees again.</summary>
    private static void WriteString(System.Text.Json.Utf8JsonWriter w, string? value)
    {
        if (value is null) w.WriteNullValue(); else w.WriteStringValue(value);
    }

    public void Flush()
    {
        if (_jsonWriter is { } w && _jsonRows > 0)
        {
            w.WriteEndArray();
            w.Flush();
            _insertJson!.Parameters[0].Value = System.Text.Encoding.UTF8.GetString(_json.WrittenSpan);
            _insertJson.ExecuteNonQuery();
            _json.Clear();
            w.Reset(_json);
            _jsonRows = 0;
        }
        if (_pendingInserts.Count == 0) return;
        if (_pendingInserts.Count == InsertBatch)
        {
            var p = _insertMany!.Parameters;
            for (var r = 0; r < InsertBatch; r++)
                for (var c = 0; c < Columns.Length; c++)
                    p[r * Columns.Length + c].Value = _pendingInserts[r][c] ?? DBNull.Value;
            _insertMany.ExecuteNonQuery();
        }
        else
        {
            foreach (var values in _pendingInserts)
            {
                for (var c = 0; c < Columns.Length; c++) _insertOne!.Parameters[c].Value = values[c] ?? DBNull.Value;
                _insertOne!.ExecuteNonQuery();
            }
        }
        _pendingInserts.Clear();
    }

    public void Update(int id, MergedEmployee m)
    {
        object?[] values =
        [
            m.Name, m.DesignationId, m.DepartmentId, m.DistrictId, m.OfficeId is > 0 ? m.OfficeId : null, m.Mobile, m.Email,
            (int)m.Group, (int)(m.Status ?? EmployeeStatus.Active), m.DateOfJoining, m.IgotUserId, m.OnboardedOn,
        ];
        var p = _update!.Parameters;
        for (var c = 0; c < values.Length; c++) p[c].Value = values[c] ?? DBNull.Value;
        p[values.Length + 1].Value = id; // after @Now
        _update.ExecuteNonQuery();
    }

    /// <summary>Creates an office and returns its id (SQLite RETURNING / SQL Server OUTPUT).</summary>
    public int InsertOffice(string name, int districtId, int departmentId)
    {
        _insertOffice!.Parameters[0].Value = name;
        _insertOffice.Parameters[1].Value = districtId;
        _insertOffice.Parameters[2].Value = departmentId;
        return Convert.ToInt32(_insertOffice.ExecuteScalar());
    }

    public void Deactivate(int id)
    {
        _deactivate!.Parameters[1].Value = id;
        _deactivate.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _lookup.Dispose();
        _insertMany?.Dispose();
        _insertOne?.Dispose();
        _update?.Dispose();
        _deactivate?.Dispose();
        _insertOffice?.Dispose();
        _insertJson?.Dispose();
        _jsonWriter?.Dispose();
    }
}
