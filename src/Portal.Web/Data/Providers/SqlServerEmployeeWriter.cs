using System.Data.Common;
using System.Text;
using Portal.Web.Features.Rosters;
using Portal.Web.Features.Uploads;

namespace Portal.Web.Data.Providers;

/// <summary>
/// SQL Server: a lookup binds one parameter per code (unused ones stay NULL and match nothing), new rows go in a few
/// per multi-row INSERT, and a new office's id comes back through OUTPUT. Commands are not prepared: SqlClient would
/// need an explicit size for every string parameter.
/// </summary>
internal sealed class SqlServerEmployeeWriter : EmployeeWriter
{
    /// <summary>Rows per INSERT: the number both providers used when they shared this path; SQL Server's 2,100-parameter cap would allow 150.</summary>
    public const int InsertBatch = 4;

    public static string LookupSql => SelectStored + $"WHERE \"EmployeeCode\" IN ({string.Join(", ", LookupParameters.Select(p => "@" + p))})";
    public static IReadOnlyList<string> LookupParameters => [.. Enumerable.Range(0, LookupBatch).Select(i => $"c{i}")];

    /// <summary>An INSERT of <paramref name="rows"/> rows: parameters "@{column}{row}", then "@Now" for both timestamps.</summary>
    public static string InsertSql(int rows)
    {
        var sql = new StringBuilder($"INSERT INTO \"Employees\" ({InsertColumns}) VALUES ");
        for (var r = 0; r < rows; r++)
        {
            if (r > 0) sql.Append(", ");
            sql.Append('(').Append(string.Join(", ", Columns.Select(c => $"@{c}{r}"))).Append(", @Now, @Now)");
        }
        return sql.ToString();
    }

    public static IReadOnlyList<string> InsertParameters(int rows) =>
        [.. Enumerable.Range(0, rows).SelectMany(r => Columns.Select(c => $"{c}{r}")), "Now"];

    public static string InsertOfficeSql =>
        "INSERT INTO \"Offices\" (\"Name\", \"DistrictId\", \"DepartmentId\") OUTPUT INSERTED.\"Id\" VALUES (@Name, @DistrictId, @DepartmentId)";

    private readonly DbCommand _lookup;
    private readonly DbCommand? _insertMany, _insertOne;
    private readonly List<object?[]> _pending = new(InsertBatch);

    public SqlServerEmployeeWriter(PortalDbContext db, DateTime now, bool forWriting) : base(db, now, forWriting)
    {
        _lookup = Command(LookupSql, LookupParameters);
        if (!forWriting) return;
        _insertMany = Command(InsertSql(InsertBatch), InsertParameters(InsertBatch));
        _insertOne = Command(InsertSql(1), InsertParameters(1));
        CreateWriteCommands(InsertOfficeSql);
    }

    public override Dictionary<string, StoredEmployee> Find(IReadOnlyList<string> codes)
    {
        if (codes.Count > LookupBatch) throw new ArgumentOutOfRangeException(nameof(codes));
        for (var i = 0; i < LookupBatch; i++) _lookup.Parameters[i].Value = i < codes.Count ? codes[i] : DBNull.Value;
        return ReadStored(_lookup);
    }

    public override void Insert(RosterRow row, int? officeId)
    {
        _pending.Add(ValuesOf(row, officeId));
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
