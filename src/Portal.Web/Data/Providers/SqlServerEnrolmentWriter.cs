using System.Data.Common;
using System.Text;
using Portal.Web.Features.Progress;

namespace Portal.Web.Data.Providers;

/// <summary>
/// SQL Server: a lookup binds one parameter per employee id (unused ones stay NULL and match nothing), and new
/// enrolments go <see cref="InsertBatch"/> to a multi-row INSERT (one round trip each, rather than one per row).
/// Commands are not prepared, as for the roster's writer.
/// </summary>
internal sealed class SqlServerEnrolmentWriter : EnrolmentWriter
{
    /// <summary>Rows per INSERT: 7 parameters each, well under SQL Server's 2,100 a command.</summary>
    public const int InsertBatch = 200;

    public static string LookupSql => SelectStored + $"WHERE \"EmployeeId\" IN ({string.Join(", ", LookupParameters.Select(p => "@" + p))})";
    public static IReadOnlyList<string> LookupParameters => [.. Enumerable.Range(0, LookupBatch).Select(i => $"e{i}")];

    /// <summary>An INSERT of <paramref name="rows"/> rows: parameters "@{column}{row}".</summary>
    public static string InsertSql(int rows)
    {
        var sql = new StringBuilder($"INSERT INTO \"Enrolments\" ({string.Join(", ", Columns.Select(c => $"\"{c}\""))}) VALUES ");
        for (var r = 0; r < rows; r++)
        {
            if (r > 0) sql.Append(", ");
            sql.Append('(').Append(string.Join(", ", Columns.Select(c => $"@{c}{r}"))).Append(')');
        }
        return sql.ToString();
    }

    public static IReadOnlyList<string> InsertParameters(int rows) => [.. Enumerable.Range(0, rows).SelectMany(r => Columns.Select(c => $"{c}{r}"))];

    private readonly DbCommand _lookup;
    private readonly DbCommand? _insertMany, _insertOne;
    private readonly List<object?[]> _pending = new(InsertBatch);

    public SqlServerEnrolmentWriter(PortalDbContext db, DateTime now, bool forWriting) : base(db, now, forWriting)
    {
        _lookup = Command(LookupSql, LookupParameters);
        if (!forWriting) return;
        _insertMany = Command(InsertSql(InsertBatch), InsertParameters(InsertBatch));
        _insertOne = Command(InsertSql(1), InsertParameters(1));
        CreateWriteCommands();
    }

    public override void Find(IReadOnlyList<int> employeeIds, Dictionary<long, EnrolmentState> into)
    {
        if (employeeIds.Count > LookupBatch) throw new ArgumentOutOfRangeException(nameof(employeeIds));
        for (var i = 0; i < LookupBatch; i++) _lookup.Parameters[i].Value = i < employeeIds.Count ? employeeIds[i] : DBNull.Value;
        ReadStored(_lookup, into);
    }

    public override void Insert(int employeeId, int courseId, EnrolmentState state)
    {
        _pending.Add(ValuesOf(employeeId, courseId, state));
        if (_pending.Count == InsertBatch) Flush();
    }

    public override void Flush()
    {
        if (_pending.Count == 0) return;
        if (_pending.Count == InsertBatch)
        {
            Bind(_insertMany!, _pending);
            _insertMany!.ExecuteNonQuery();
        }
        else
        {
            foreach (var values in _pending)
            {
                Bind(_insertOne!, [values]);
                _insertOne!.ExecuteNonQuery();
            }
        }
        _pending.Clear();
    }

    /// <summary>Puts rows' values into an insert's parameters, in <see cref="InsertParameters"/> order.</summary>
    internal static void Bind(DbCommand insert, IReadOnlyList<object?[]> rows)
    {
        var p = insert.Parameters;
        for (var r = 0; r < rows.Count; r++)
            for (var c = 0; c < Columns.Length; c++)
                p[r * Columns.Length + c].Value = rows[r][c] ?? DBNull.Value;
    }

    public override void Dispose()
    {
        base.Dispose();
        _lookup.Dispose();
        _insertMany?.Dispose();
        _insertOne?.Dispose();
    }
}
