using System.Data.Common;
using System.Text;
using Portal.Web.Features.Progress;

namespace Portal.Web.Data.Providers;

/// <summary>
/// SQL Server: a lookup binds one parameter per employee id (unused ones stay NULL and match nothing), and every
/// write's rows go <see cref="RowsPerCommand"/> at a time in a multi-row VALUES (inserted as they are; updates join
/// the VALUES to the table), one round trip each rather than one per row; the rows left at a flush go one per
/// command, so that the server caches two plans a write rather than one per row count. Commands are not prepared,
/// as for the roster's writer.
/// </summary>
internal sealed class SqlServerEnrolmentWriter : EnrolmentWriter
{
    public static string LookupSql => SelectStored + $"WHERE \"EmployeeId\" IN ({string.Join(", ", LookupParameters.Select(p => "@" + p))})";
    public static IReadOnlyList<string> LookupParameters => [.. Enumerable.Range(0, LookupBatch).Select(i => $"e{i}")];

    /// <summary>Rows a command: at most 2,000 parameters (SQL Server takes 2,100) and 1,000 rows (an INSERT's VALUES takes no more).</summary>
    public static int RowsPerCommand(Write write) => Math.Min(1_000, 2_000 / ColumnsOf(write).Count);

    /// <summary>A write's statement for <paramref name="rows"/> rows: parameters "@{column}{row}" (and "@Now" for onboarding).</summary>
    public static string WriteSql(Write write, int rows)
    {
        var table = TableOf(write);
        var columns = ColumnsOf(write);
        var keys = KeyColumnsOf(write);
        var values = new StringBuilder();
        for (var r = 0; r < rows; r++)
        {
            if (r > 0) values.Append(", ");
            values.Append('(').Append(string.Join(", ", columns.Select(c => $"@{c}{r}"))).Append(')');
        }
        var names = string.Join(", ", columns.Select(c => $"\"{c}\""));
        if (keys == 0) return $"INSERT INTO \"{table}\" ({names}) VALUES {values}";
        var set = columns.Skip(keys).Select(c => $"\"{c}\" = v.\"{c}\"").ToList();
        var on = string.Join(" AND ", columns.Take(keys).Select(c => $"t.\"{c}\" = v.\"{c}\""));
        var where = "";
        if (write == Write.Onboard)
        {
            set.Add("\"UpdatedAt\" = @Now");
            where = " WHERE t.\"OnboardedOn\" IS NULL";
        }
        else if (write == Write.OnboardAndFirstCompletion)
        {
            // A stored onboarding date is kept (and then UpdatedAt too); the right-hand sides read the row as it was.
            set[0] = "\"OnboardedOn\" = COALESCE(t.\"OnboardedOn\", v.\"OnboardedOn\")";
            set.Add("\"UpdatedAt\" = CASE WHEN t.\"OnboardedOn\" IS NULL THEN @Now ELSE t.\"UpdatedAt\" END");
        }
        return $"UPDATE t SET {string.Join(", ", set)} FROM \"{table}\" AS t JOIN (VALUES {values}) AS v ({names}) ON {on}{where}";
    }

    public static IReadOnlyList<string> WriteParameters(Write write, int rows) =>
        [.. Enumerable.Range(0, rows).SelectMany(r => ColumnsOf(write).Select(c => $"{c}{r}")), .. StampsUpdatedAt(write) ? ["Now"] : Array.Empty<string>()];

    private readonly DbCommand _lookup;

    public SqlServerEnrolmentWriter(PortalDbContext db, DateTime now, bool forWriting) : base(db, now, forWriting)
    {
        _lookup = Command(LookupSql, LookupParameters);
        if (forWriting) CreateBatches();
    }

    protected override RowBatch OpenBatch(Write write)
    {
        var rows = RowsPerCommand(write);
        return new ValueRows(Command(WriteSql(write, rows), WriteParameters(write, rows)), Command(WriteSql(write, 1), WriteParameters(write, 1)),
            rows * ColumnsOf(write).Count, ColumnsOf(write).Count);
    }

    public override void Find(IReadOnlyList<int> employeeIds, Dictionary<long, EnrolmentState> into)
    {
        if (employeeIds.Count > LookupBatch) throw new ArgumentOutOfRangeException(nameof(employeeIds));
        for (var i = 0; i < LookupBatch; i++) _lookup.Parameters[i].Value = i < employeeIds.Count ? employeeIds[i] : DBNull.Value;
        ReadStored(_lookup, into);
    }

    /// <summary>Puts rows' values (row after row, in column order) into a command's first parameters, in <see cref="WriteParameters"/> order.</summary>
    internal static void Bind(DbCommand command, ReadOnlySpan<object?> values)
    {
        var p = command.Parameters;
        for (var i = 0; i < values.Length; i++) p[i].Value = values[i] ?? DBNull.Value;
    }

    public override void Dispose()
    {
        base.Dispose();
        _lookup.Dispose();
    }

    /// <summary>Rows kept as their values until a full command's worth is there.</summary>
    private sealed class ValueRows(DbCommand many, DbCommand one, int capacity, int columns) : RowBatch
    {
        private readonly object?[] _values = new object?[capacity];
        private int _count;

        public override void BeginRow() { }
        public override void Int(int value) => _values[_count++] = value;
        public override void Date(DateOnly? value) => _values[_count++] = value;
        public override void Text(string? value) => _values[_count++] = value;

        public override void EndRow()
        {
            if (_count == _values.Length) Flush();
        }

        public override void Flush()
        {
            if (_count == _values.Length)
            {
                Bind(many, _values);
                many.ExecuteNonQuery();
            }
            else
            {
                for (var row = 0; row < _count; row += columns)
                {
                    Bind(one, _values.AsSpan(row, columns));
                    one.ExecuteNonQuery();
                }
            }
            _count = 0;
        }

        public override void Dispose()
        {
            many.Dispose();
            one.Dispose();
        }
    }
}
