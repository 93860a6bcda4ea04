using System.Buffers;
using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Portal.Web.Features.Progress;

namespace Portal.Web.Data.Providers;

/// <summary>
/// SQLite: prepared commands; a chunk's employees are looked up, and new rows go in, as one JSON array that SQLite
/// unpacks (json_each), <see cref="JsonBatch"/> rows a statement: Microsoft.Data.Sqlite binds each named parameter by
/// name on every execution, so a row per statement costs more than the row's B-tree work. Updates go one row a
/// statement: joined to a JSON array, the planner trusts the tables' statistics, and stale ones (a table analysed
/// when it held one row) make it scan the whole table for each batch, where an equality on a key is always a seek.
/// </summary>
internal sealed class SqliteEnrolmentWriter : EnrolmentWriter
{
    /// <summary>Rows an INSERT: large enough that the statement's own cost vanishes, small enough to stay in the CPU cache.</summary>
    public const int JsonBatch = 500;

    // Insist on the unique index: stale statistics can make SQLite scan.
    public static string LookupSql => SelectStored + "INDEXED BY \"IX_Enrolments_EmployeeId_CourseId\" WHERE \"EmployeeId\" IN (SELECT value FROM json_each(@ids))";

    /// <summary>
    /// A write's statement: an insert's over the JSON array "@rows" of rows (each an array in
    /// <see cref="EnrolmentWriter.ColumnsOf"/> order), an update's over one row, a parameter per column.
    /// </summary>
    public static string WriteSql(Write write)
    {
        var table = TableOf(write);
        var columns = ColumnsOf(write);
        var keys = KeyColumnsOf(write);
        if (keys == 0)
            return $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) " +
                   $"SELECT {string.Join(", ", columns.Select((_, i) => $"value ->> {i}"))} FROM json_each(@rows)";
        var set = columns.Skip(keys).Select(c => $"\"{c}\" = @{c}").ToList();
        var where = columns.Take(keys).Select(c => $"\"{c}\" = @{c}").ToList();
        if (write == Write.Onboard)
        {
            set.Add("\"UpdatedAt\" = @Now");
            where.Add("\"OnboardedOn\" IS NULL");
        }
        else if (write == Write.OnboardAndFirstCompletion)
        {
            // A stored onboarding date is kept (and then UpdatedAt too); the right-hand sides read the row as it was.
            set[0] = "\"OnboardedOn\" = COALESCE(\"OnboardedOn\", @OnboardedOn)";
            set.Add("\"UpdatedAt\" = CASE WHEN \"OnboardedOn\" IS NULL THEN @Now ELSE \"UpdatedAt\" END");
        }
        return $"UPDATE \"{table}\" SET {string.Join(", ", set)} WHERE {string.Join(" AND ", where)}";
    }

    /// <summary>The parameters of <see cref="WriteSql"/>: an insert's rows; an update's columns (and the time for onboarding).</summary>
    public static IReadOnlyList<string> WriteParameters(Write write) =>
        KeyColumnsOf(write) == 0 ? ["rows"] : [.. ColumnsOf(write), .. StampsUpdatedAt(write) ? ["Now"] : Array.Empty<string>()];

    public const string CacheSizeSql = "PRAGMA cache_size;";
    /// <summary>SQLite's page cache during an import: 64 MB (PRAGMA cache_size takes KiB as a negative number, pages as a positive one).</summary>
    public const long ImportCacheSize = -65_536;
    public static string SetCacheSizeSql(long cacheSize) => $"PRAGMA cache_size = {cacheSize.ToString(CultureInfo.InvariantCulture)};";

    private readonly long _cacheSizeBefore;
    private readonly DbCommand _lookup;
    private readonly StringBuilder _ids = new(16 * LookupBatch);

    public SqliteEnrolmentWriter(PortalDbContext db, DateTime now, bool forWriting) : base(db, now, forWriting)
    {
        // 64 MB, whatever a pooled connection was left with (the demo generator's 256 MB would count against the
        // import's memory): a large upload touches every index of Enrolments. Put back on dispose.
        _cacheSizeBefore = Convert.ToInt64(Scalar(CacheSizeSql), CultureInfo.InvariantCulture);
        Execute(SetCacheSizeSql(ImportCacheSize));
        _lookup = Command(LookupSql, ["ids"]);
        if (forWriting) CreateBatches();
    }

    protected override void Ready(DbCommand command) => command.Prepare();

    protected override RowBatch OpenBatch(Write write) => KeyColumnsOf(write) == 0
        ? new JsonRows(Command(WriteSql(write), WriteParameters(write)))
        : new RowByRow(Command(WriteSql(write), WriteParameters(write)));

    public override void Find(IReadOnlyList<int> employeeIds, Dictionary<long, EnrolmentState> into)
    {
        if (employeeIds.Count > LookupBatch) throw new ArgumentOutOfRangeException(nameof(employeeIds));
        _ids.Clear().Append('[');
        for (var i = 0; i < employeeIds.Count; i++)
        {
            if (i > 0) _ids.Append(',');
            _ids.Append(employeeIds[i]);
        }
        _lookup.Parameters[0].Value = _ids.Append(']').ToString();
        ReadStored(_lookup, into);
    }

    public override void Dispose()
    {
        base.Dispose();
        _lookup.Dispose();
        // The connection goes back to the pool as it came.
        Execute(SetCacheSizeSql(_cacheSizeBefore));
    }

    /// <summary>Each row run at once, its values in the command's parameters (in column order).</summary>
    private sealed class RowByRow(DbCommand command) : RowBatch
    {
        private int _next;

        public override void BeginRow() => _next = 0;
        public override void Int(int value) => command.Parameters[_next++].Value = value;
        public override void Date(DateOnly? value) => command.Parameters[_next++].Value = value is { } date ? date : DBNull.Value;
        public override void Text(string? value) => command.Parameters[_next++].Value = value ?? (object)DBNull.Value;
        public override void EndRow() => command.ExecuteNonQuery();
        public override void Flush() { }
        public override void Dispose() => command.Dispose();
    }

    /// <summary>Rows written as a JSON array of arrays into the command's first parameter.</summary>
    private sealed class JsonRows : RowBatch
    {
        // Text as it is (names in Devanagari stay UTF-8); SQLite's JSON reader is the only one that reads this.
        private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        private readonly DbCommand _command;
        private readonly ArrayBufferWriter<byte> _json = new(1 << 16);
        private readonly Utf8JsonWriter _writer;
        private int _rows;

        public JsonRows(DbCommand command)
        {
            _command = command;
            _writer = new Utf8JsonWriter(_json, Options);
        }

        public override void BeginRow()
        {
            if (_rows == 0) _writer.WriteStartArray();
            _writer.WriteStartArray();
        }

        public override void Int(int value) => _writer.WriteNumberValue(value);

        public override void Date(DateOnly? value)
        {
            if (value is not { } date)
            {
                _writer.WriteNullValue();
                return;
            }
            // As Microsoft.Data.Sqlite binds a DateOnly (and EF reads it back).
            Span<char> text = stackalloc char[10];
            date.TryFormat(text, out var length, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            _writer.WriteStringValue(text[..length]);
        }

        public override void Text(string? value)
        {
            if (value is null) _writer.WriteNullValue(); else _writer.WriteStringValue(value);
        }

        public override void EndRow()
        {
            _writer.WriteEndArray();
            if (++_rows == JsonBatch) Flush();
        }

        public override void Flush()
        {
            if (_rows == 0) return;
            _writer.WriteEndArray();
            _writer.Flush();
            _command.Parameters[0].Value = Encoding.UTF8.GetString(_json.WrittenSpan);
            _command.ExecuteNonQuery();
            _json.Clear();
            _writer.Reset(_json);
            _rows = 0;
        }

        public override void Dispose()
        {
            _writer.Dispose();
            _command.Dispose();
        }
    }
}
