using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SQLitePCL;
using Portal.Web.Features.Progress;

namespace Portal.Web.Data.Providers;

/// <summary>
/// SQLite: a chunk's employees are looked up as one JSON array that SQLite unpacks (json_each); every write is one
/// prepared statement run a row at a time through SQLite's own API on the import's connection (so inside its
/// transaction), its values bound by position: Microsoft.Data.Sqlite binds each named parameter by name on every
/// execution and converts every value through object, which cost more than the row's B-tree work, and the JSON array
/// this writer used before (500 rows a statement) cost its text twice (built here, parsed again by SQLite). A row a
/// statement also keeps updates on an equality on a key, always a seek (joined to a JSON array, the planner trusts the
/// tables' statistics, and stale ones made it scan the whole table for each batch).
/// </summary>
internal sealed class SqliteEnrolmentWriter : EnrolmentWriter
{
    // Insist on the unique index: stale statistics can make SQLite scan.
    public static string LookupSql => SelectStored + "INDEXED BY \"IX_Enrolments_EmployeeId_CourseId\" WHERE \"EmployeeId\" IN (SELECT value FROM json_each(@ids))";

    /// <summary>A write's statement over one row: a parameter per column of <see cref="EnrolmentWriter.ColumnsOf"/> (and "@Now" where it stamps UpdatedAt).</summary>
    public static string WriteSql(Write write)
    {
        var table = TableOf(write);
        var columns = ColumnsOf(write);
        var keys = KeyColumnsOf(write);
        if (keys == 0)
            return $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select(c => "@" + c))})";
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

    /// <summary>The parameters of <see cref="WriteSql"/>: the row's columns (and the time for onboarding).</summary>
    public static IReadOnlyList<string> WriteParameters(Write write) =>
        [.. ColumnsOf(write), .. StampsUpdatedAt(write) ? ["Now"] : Array.Empty<string>()];

    public const string CacheSizeSql = "PRAGMA cache_size;";
    /// <summary>SQLite's page cache during an import: 64 MB (PRAGMA cache_size takes KiB as a negative number, pages as a positive one).</summary>
    public const long ImportCacheSize = -65_536;
    public static string SetCacheSizeSql(long cacheSize) => $"PRAGMA cache_size = {cacheSize.ToString(CultureInfo.InvariantCulture)};";

    private readonly long _cacheSizeBefore;
    private readonly DbCommand _lookup;
    private readonly StringBuilder _ids = new(16 * LookupBatch);
    private readonly SqliteConnection _connection;
    private readonly DateTime _now;

    public SqliteEnrolmentWriter(PortalDbContext db, DateTime now, bool forWriting) : base(db, now, forWriting)
    {
        _connection = (SqliteConnection)db.Database.GetDbConnection();
        _now = now;
        // 64 MB, whatever a pooled connection was left with (the demo generator's 256 MB would count against the
        // import's memory): a large upload touches every index of Enrolments. Put back on dispose.
        _cacheSizeBefore = Convert.ToInt64(Scalar(CacheSizeSql), CultureInfo.InvariantCulture);
        Execute(SetCacheSizeSql(ImportCacheSize));
        _lookup = Command(LookupSql, ["ids"]);
        if (forWriting) CreateBatches();
    }

    protected override void Ready(DbCommand command) => command.Prepare();

    protected override RowBatch OpenBatch(Write write) => new PreparedRow(_connection, WriteSql(write), ColumnsOf(write), _now);

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

    /// <summary>
    /// One statement prepared with SQLite's own API on the connection's handle, each row bound by position and run at
    /// <see cref="EndRow"/>. Values are stored as Microsoft.Data.Sqlite stores them (and EF reads them back): dates as
    /// "yyyy-MM-dd" text, date-times as "yyyy-MM-dd HH:mm:ss.FFFFFFF".
    /// </summary>
    private sealed class PreparedRow : RowBatch
    {
        private readonly sqlite3 _db;
        private readonly sqlite3_stmt _statement;
        /// <summary>The statement's parameter number of each column, in <see cref="EnrolmentWriter.ColumnsOf"/> order.</summary>
        private readonly int[] _parameters;
        private int _next;

        public PreparedRow(SqliteConnection connection, string sql, IReadOnlyList<string> columns, DateTime now)
        {
            _db = connection.Handle ?? throw new InvalidOperationException("The import's connection is not open.");
            Check(raw.sqlite3_prepare_v2(_db, sql, out _statement));
            _parameters = [.. columns.Select(c => raw.sqlite3_bind_parameter_index(_statement, "@" + c))];
            if (_parameters.Any(p => p <= 0)) throw new InvalidOperationException($"The statement '{sql}' lacks a column's parameter.");
            var nowParameter = raw.sqlite3_bind_parameter_index(_statement, "@Now");
            if (nowParameter > 0)
                Check(raw.sqlite3_bind_text(_statement, nowParameter, now.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture)));
        }

        public override void BeginRow() => _next = 0;

        public override void Int(int value) => Check(raw.sqlite3_bind_int(_statement, _parameters[_next++], value));

        public override void Date(DateOnly? value)
        {
            var parameter = _parameters[_next++];
            if (value is not { } date)
            {
                Check(raw.sqlite3_bind_null(_statement, parameter));
                return;
            }
            Span<byte> text = stackalloc byte[10];
            date.TryFormat(text, out var length, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            Check(raw.sqlite3_bind_text(_statement, parameter, text[..length]));
        }

        public override void Text(string? value)
        {
            var parameter = _parameters[_next++];
            Check(value is null ? raw.sqlite3_bind_null(_statement, parameter) : raw.sqlite3_bind_text(_statement, parameter, value));
        }

        public override void EndRow()
        {
            var result = raw.sqlite3_step(_statement);
            // Reset at once: a statement left mid-run would keep its read of the table open.
            raw.sqlite3_reset(_statement);
            if (result != raw.SQLITE_DONE) Throw(result);
        }

        public override void Flush() { }

        public override void Dispose() => _statement.Dispose();

        private void Check(int result)
        {
            if (result != raw.SQLITE_OK) Throw(result);
        }

        private void Throw(int result) =>
            throw new SqliteException(raw.sqlite3_errmsg(_db).utf8_to_string(), result, raw.sqlite3_extended_errcode(_db));
    }
}
