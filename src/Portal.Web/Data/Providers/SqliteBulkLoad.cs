using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Portal.Web.Features.Uploads;

namespace Portal.Web.Data.Providers;

/// <summary>
/// SQLite. For a table loaded with <see cref="LoadedTable.DefersIndexesAndChecks"/> (the roster's): per-row foreign
/// key checks off for the import's connection (the import takes every id from data read in its transaction, and
/// foreign_key_check verifies them all before commit), and a large load goes in without the table's secondary indexes:
/// once the new rows are many (against the table's size) they are dropped inside the transaction and rebuilt before it
/// commits. SQLite's DDL is transactional, so a failure brings them back with everything else; readers keep their
/// snapshot, indexes included. The index the import's own lookups use stays (<see cref="LoadedTable.LookupIndex"/>).
/// Otherwise (the iGOT report's enrolments) indexes and foreign keys are kept up row by row: that work is done by the
/// writing thread while the reading thread parses the report, where a rebuild and a check of the whole table came
/// after both, on their own. Every setting changed on the connection is put back on dispose.
/// </summary>
internal sealed class SqliteBulkLoad : BulkLoad
{
    /// <summary>A table an import loads in bulk, and what its load must leave alone or check.</summary>
    /// <param name="LookupIndex">The index the import's lookups go through (INDEXED BY): never dropped while there is anything to look up.</param>
    /// <param name="LooksUpWhenEmpty">Whether the import looks rows up even in a table that was empty (then the lookup index always stays).</param>
    /// <param name="CheckedTables">The tables whose foreign keys the import wrote without checking.</param>
    /// <param name="ForeignKeyProblem">The failure when one of them refers to nothing.</param>
    /// <param name="DefersIndexesAndChecks">Whether a large load drops the secondary indexes and leaves foreign keys unchecked
    /// until its end (the roster's: its writes are the import's slowest part), or keeps both up row by row.</param>
    public sealed record LoadedTable(string Name, string LookupIndex, bool LooksUpWhenEmpty, IReadOnlyList<string> CheckedTables, string ForeignKeyProblem,
        bool DefersIndexesAndChecks = true);

    /// <summary>The roster's load: an empty table is not looked up, so then even the code index is rebuilt rather than maintained.</summary>
    public static readonly LoadedTable Employees = new("Employees", "IX_Employees_EmployeeCode", LooksUpWhenEmpty: false, ["Employees"],
        "An imported row refers to a district, department, designation or office that does not exist.");

    /// <summary>
    /// The iGOT report's load: every chunk looks its employees' enrolments up through the unique (employee, course)
    /// index, and the indexes and foreign keys are kept up as the rows go in (measured at 10 lakh rows on an idle
    /// machine: the writing thread was busy 4.4 s of the reading thread's 5.5 s, and the rebuild and check after both
    /// took 3.0 s on their own; maintaining the two secondary indexes costs about 2 s of processor time more on the
    /// writing thread, so that it and the reading thread now take about as long).
    /// </summary>
    public static readonly LoadedTable Enrolments = new("Enrolments", "IX_Enrolments_EmployeeId_CourseId", LooksUpWhenEmpty: true, ["Enrolments", "IgotUnmatchedUsers"],
        "An imported enrolment refers to an employee, course or upload that does not exist.", DefersIndexesAndChecks: false);

    private const int DropIndexesFrom = 50_000;
    /// <summary>Changed rows from which the planner's statistics are refreshed after the commit (cheap when little changed).</summary>
    private const int OptimizeFrom = 10_000;

    public const string ForeignKeysOffSql = "PRAGMA foreign_keys = OFF;";
    public static string ForeignKeyCheckSql(string table) => $"PRAGMA foreign_key_check(\"{table}\");";
    // Sort on both cores (the reading thread has finished by now), spilling to temp files beyond a 16 MB cache: in
    // memory the wide dashboard list index pushed the peak past 500 MB, and it was no faster.
    public const string RebuildSettingsSql = "PRAGMA temp_store = FILE; PRAGMA threads = 2; PRAGMA cache_size = -16384;";
    public const string OptimizeSql = "PRAGMA optimize;";

    /// <summary>The connection settings this load changes, read before and put back after.</summary>
    public static readonly IReadOnlyList<string> Settings = ["foreign_keys", "temp_store", "threads", "cache_size"];

    /// <summary>The secondary indexes of <paramref name="table"/> with their CREATE statements, but for its lookup index when that is kept.</summary>
    public static string IndexesSql(LoadedTable table, bool keepLookupIndex) =>
        $"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = '{table.Name}' AND sql IS NOT NULL"
        + (keepLookupIndex ? $" AND name <> '{table.LookupIndex}'" : "");

    /// <summary>Puts one of <see cref="Settings"/> back (names from that list only; the value is a number).</summary>
    public static string SetSettingSql(string name, long value) => $"PRAGMA {name} = {value.ToString(CultureInfo.InvariantCulture)};";

    public static string DropIndexSql(string name) => $"DROP INDEX \"{name}\";";

    private readonly PortalDbContext _db;
    private readonly LoadedTable _table;
    private readonly List<(string Name, long Value)> _settingsBefore;
    private long _rowsAtStart = -1;
    private List<string>? _dropped;

    private SqliteBulkLoad(PortalDbContext db, LoadedTable table, List<(string, long)> settingsBefore)
    {
        _db = db;
        _table = table;
        _settingsBefore = settingsBefore;
    }

    public static async Task<BulkLoad> StartAsync(PortalDbContext db, LoadedTable table, CancellationToken ct)
    {
        var before = new List<(string, long)>(Settings.Count);
        foreach (var name in Settings)
            before.Add((name, Convert.ToInt64(await ScalarAsync(db, $"PRAGMA {name};", ct), CultureInfo.InvariantCulture)));
        if (table.DefersIndexesAndChecks) await db.Database.ExecuteSqlRawAsync(ForeignKeysOffSql, ct);
        return new SqliteBulkLoad(db, table, before);
    }

    public override void Begin(long rowsAtStart) => _rowsAtStart = rowsAtStart;

    public override async Task NoteInsertsAsync(int newRows, CancellationToken ct)
    {
        // Into an empty table, always (rebuilding costs less than maintaining); otherwise when the new rows are many
        // and at least a quarter of the table.
        if (!_table.DefersIndexesAndChecks || _dropped is not null || _rowsAtStart < 0 || (_rowsAtStart > 0 && (newRows < DropIndexesFrom || newRows * 4L < _rowsAtStart))) return;
        var indexes = await QueryAsync(IndexesSql(_table, keepLookupIndex: _rowsAtStart > 0 || _table.LooksUpWhenEmpty), ct);
        _dropped = [];
        foreach (var (name, sql) in indexes)
        {
            await ExecuteAsync(DropIndexSql(name), ct);
            _dropped.Add(sql);
        }
    }

    public override async Task<double?> RestoreIndexesAsync(CancellationToken ct)
    {
        if (_dropped is null) return 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await ExecuteAsync(RebuildSettingsSql, ct);
        foreach (var sql in _dropped) await ExecuteAsync(sql + ";", ct);
        _dropped = null;
        return clock.Elapsed.TotalSeconds;
    }

    public override async Task VerifyAsync(CancellationToken ct)
    {
        // Checked row by row as they went in.
        if (!_table.DefersIndexesAndChecks) return;
        foreach (var table in _table.CheckedTables)
        {
            await using var check = _db.Database.GetDbConnection().CreateCommand();
            check.Transaction = _db.Database.CurrentTransaction!.GetDbTransaction();
            check.CommandText = ForeignKeyCheckSql(table);
            await using var reader = await check.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct)) throw new InvalidOperationException(_table.ForeignKeyProblem);
        }
    }

    public override async Task AfterCommitAsync(int changedRows, CancellationToken ct)
    {
        // Keep the query planner's statistics in step after a large change.
        if (changedRows > OptimizeFrom) await _db.Database.ExecuteSqlRawAsync(OptimizeSql, ct);
    }

    /// <summary>After the transaction has ended (foreign_keys cannot change inside one): the connection's settings as they were.</summary>
    public override async ValueTask DisposeAsync()
    {
        foreach (var (name, value) in _settingsBefore)
            await _db.Database.ExecuteSqlRawAsync(SetSettingSql(name, value));
    }

    private static async Task<object?> ScalarAsync(PortalDbContext db, string sql, CancellationToken ct)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(ct);
    }

    private async Task ExecuteAsync(string sql, CancellationToken ct)
    {
        await using var command = _db.Database.GetDbConnection().CreateCommand();
        command.Transaction = _db.Database.CurrentTransaction!.GetDbTransaction();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }

    private async Task<List<(string Name, string Sql)>> QueryAsync(string sql, CancellationToken ct)
    {
        await using var command = _db.Database.GetDbConnection().CreateCommand();
        command.Transaction = _db.Database.CurrentTransaction!.GetDbTransaction();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<(string, string)>();
        while (await reader.ReadAsync(ct)) rows.Add((reader.GetString(0), reader.GetString(1)));
        return rows;
    }
}
