using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Portal.Web.Features.Rosters;
using Portal.Web.Features.Uploads;

namespace Portal.Web.Data.Providers;

/// <summary>
/// SQLite: per-row foreign key checks off for the import's connection (a third of the insert cost; the import takes
/// every id from reference data read in its transaction, and foreign_key_check verifies them all before commit), and
/// a large load goes in without the secondary indexes of Employees: once the new rows are many (against the table's
/// size) they are dropped inside the transaction and rebuilt before it commits. SQLite's DDL is transactional, so a
/// failure brings them back with everything else; readers keep their snapshot, indexes included.
/// </summary>
internal sealed class SqliteRosterBulkLoad : RosterBulkLoad
{
    private const int DropIndexesFrom = 50_000;
    /// <summary>Changed rows from which the planner's statistics are refreshed after the commit (cheap when little changed).</summary>
    private const int OptimizeFrom = 10_000;

    public const string ForeignKeysOffSql = "PRAGMA foreign_keys = OFF;";
    public const string ForeignKeysOnSql = "PRAGMA foreign_keys = ON;";
    public const string ForeignKeyCheckSql = "PRAGMA foreign_key_check(\"Employees\");";
    // Sort on both cores (the reading thread has finished by now), spilling to temp files beyond a 16 MB cache: in
    // memory the wide dashboard list index pushed the peak past 500 MB, and it was no faster.
    public const string RebuildSettingsSql = "PRAGMA temp_store = FILE; PRAGMA threads = 2; PRAGMA cache_size = -16384;";
    public const string OptimizeSql = "PRAGMA optimize;";

    /// <summary>The secondary indexes of Employees with their CREATE statements; the unique code index only when it serves no lookups.</summary>
    public static string IndexesSql(bool keepCodeIndex) =>
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'Employees' AND sql IS NOT NULL"
        + (keepCodeIndex ? " AND name <> 'IX_Employees_EmployeeCode'" : "");

    public static string DropIndexSql(string name) => $"DROP INDEX \"{name}\";";

    private readonly PortalDbContext _db;
    private long _rowsAtStart = -1;
    private List<string>? _dropped;

    private SqliteRosterBulkLoad(PortalDbContext db) => _db = db;

    public static async Task<RosterBulkLoad> StartAsync(PortalDbContext db, CancellationToken ct)
    {
        await db.Database.ExecuteSqlRawAsync(ForeignKeysOffSql, ct);
        return new SqliteRosterBulkLoad(db);
    }

    public override void Begin(long rowsAtStart) => _rowsAtStart = rowsAtStart;

    public override async Task NoteInsertsAsync(int newRows, CancellationToken ct)
    {
        // Into an empty table, always (rebuilding costs less than maintaining); otherwise when the new rows are many
        // and at least a quarter of the table.
        if (_dropped is not null || _rowsAtStart < 0 || (_rowsAtStart > 0 && (newRows < DropIndexesFrom || newRows * 4L < _rowsAtStart))) return;
        // The unique code index serves the lookups, so it stays unless there is nothing to look up.
        var indexes = await QueryAsync(IndexesSql(keepCodeIndex: _rowsAtStart > 0), ct);
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
        await using var check = _db.Database.GetDbConnection().CreateCommand();
        check.Transaction = _db.Database.CurrentTransaction!.GetDbTransaction();
        check.CommandText = ForeignKeyCheckSql;
        await using var reader = await check.ExecuteReaderAsync(ct);
        if (await reader.ReadAsync(ct))
            throw new InvalidOperationException("An imported row refers to a district, department, designation or office that does not exist.");
    }

    public override async Task AfterCommitAsync(int changedRows, CancellationToken ct)
    {
        // Keep the query planner's statistics in step after a large change.
        if (changedRows > OptimizeFrom) await _db.Database.ExecuteSqlRawAsync(OptimizeSql, ct);
    }

    public override async ValueTask DisposeAsync() => await _db.Database.ExecuteSqlRawAsync(ForeignKeysOnSql);

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
