using System.Data.Common;
using System.Text;
using Portal.Web.Features.Progress;

namespace Portal.Web.Data.Providers;

/// <summary>
/// SQLite: prepared commands; a chunk's employees are looked up as one JSON array that SQLite unpacks (json_each),
/// instead of a named parameter per id (Microsoft.Data.Sqlite looks each name up on every execution), and new
/// enrolments go in one prepared single-row INSERT each (in one transaction, SQLite's fastest plain path).
/// </summary>
internal sealed class SqliteEnrolmentWriter : EnrolmentWriter
{
    // Insist on the unique index: stale statistics can make SQLite scan.
    public static string LookupSql => SelectStored + "INDEXED BY \"IX_Enrolments_EmployeeId_CourseId\" WHERE \"EmployeeId\" IN (SELECT value FROM json_each(@ids))";

    public static string InsertSql => $"INSERT INTO \"Enrolments\" ({string.Join(", ", Columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", Columns.Select(c => "@" + c))})";

    private readonly DbCommand _lookup;
    private readonly DbCommand? _insert;
    private readonly StringBuilder _ids = new(16 * LookupBatch);

    public SqliteEnrolmentWriter(PortalDbContext db, DateTime now, bool forWriting) : base(db, now, forWriting)
    {
        Execute("PRAGMA cache_size = -65536;"); // 64 MB: a large upload touches every index of Enrolments
        _lookup = Command(LookupSql, ["ids"]);
        if (!forWriting) return;
        _insert = Command(InsertSql, Columns);
        CreateWriteCommands();
    }

    protected override void Ready(DbCommand command) => command.Prepare();

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

    public override void Insert(int employeeId, int courseId, EnrolmentState state)
    {
        var values = ValuesOf(employeeId, courseId, state);
        var p = _insert!.Parameters;
        for (var c = 0; c < values.Length; c++) p[c].Value = values[c] ?? DBNull.Value;
        _insert.ExecuteNonQuery();
    }

    public override void Flush() { }

    public override void Dispose()
    {
        base.Dispose();
        _lookup.Dispose();
        _insert?.Dispose();
    }
}
