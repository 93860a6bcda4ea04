using System.Buffers;
using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Portal.Web.Features.Rosters;
using Portal.Web.Features.Uploads;

namespace Portal.Web.Data.Providers;

/// <summary>
/// SQLite: prepared commands; a chunk of codes is looked up, and a chunk of new rows inserted, as one JSON array that
/// SQLite unpacks (json_each), instead of a named parameter per value (Microsoft.Data.Sqlite looks each name up on
/// every execution, which costs O(n²) in a statement's parameter count).
/// </summary>
internal sealed class SqliteEmployeeWriter : EmployeeWriter
{
    private const int JsonBatch = 500;

    // Insist on the unique index: stale statistics can make SQLite scan.
    public static string LookupSql => SelectStored + "INDEXED BY \"IX_Employees_EmployeeCode\" WHERE \"EmployeeCode\" IN (SELECT value FROM json_each(@codes))";

    public static string InsertJsonSql =>
        $"INSERT INTO \"Employees\" ({InsertColumns}) SELECT {string.Join(", ", Columns.Select((_, i) => $"value ->> {i}"))}, @Now, @Now FROM json_each(@rows)";

    public static string InsertOfficeSql =>
        "INSERT INTO \"Offices\" (\"Name\", \"DistrictId\", \"DepartmentId\") VALUES (@Name, @DistrictId, @DepartmentId) RETURNING \"Id\"";

    private readonly DbCommand _lookup;
    private readonly DbCommand? _insertJson;
    private readonly ArrayBufferWriter<byte> _json = new(1 << 17);
    private readonly Utf8JsonWriter? _jsonWriter;
    private int _jsonRows;

    public SqliteEmployeeWriter(PortalDbContext db, DateTime now, bool forWriting) : base(db, now, forWriting)
    {
        Execute("PRAGMA cache_size = -65536;"); // 64 MB: a large import touches every index of Employees
        _lookup = Command(LookupSql, ["codes"]);
        if (!forWriting) return;
        _insertJson = Command(InsertJsonSql, ["rows", "Now"]);
        _jsonWriter = new Utf8JsonWriter(_json);
        CreateWriteCommands(InsertOfficeSql);
    }

    protected override void Ready(DbCommand command) => command.Prepare();

    public override Dictionary<string, StoredEmployee> Find(IReadOnlyList<string> codes)
    {
        if (codes.Count > LookupBatch) throw new ArgumentOutOfRangeException(nameof(codes));
        _lookup.Parameters[0].Value = JsonSerializer.Serialize(codes);
        return ReadStored(_lookup);
    }

    public override void Insert(RosterRow row, int? officeId)
    {
        var w = _jsonWriter!;
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
        WriteString(w, row.DateOfJoining?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        WriteString(w, row.IgotUserId);
        WriteString(w, row.IgotRegisteredOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        w.WriteEndArray();
        if (++_jsonRows == JsonBatch) Flush();
    }

    private static void WriteString(Utf8JsonWriter w, string? value)
    {
        if (value is null) w.WriteNullValue(); else w.WriteStringValue(value);
    }

    public override void Flush()
    {
        if (_jsonWriter is not { } w || _jsonRows == 0) return;
        w.WriteEndArray();
        w.Flush();
        _insertJson!.Parameters[0].Value = Encoding.UTF8.GetString(_json.WrittenSpan);
        _insertJson.ExecuteNonQuery();
        _json.Clear();
        w.Reset(_json);
        _jsonRows = 0;
    }

    public override void Dispose()
    {
        base.Dispose();
        _lookup.Dispose();
        _insertJson?.Dispose();
        _jsonWriter?.Dispose();
    }
}
