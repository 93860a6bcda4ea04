using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Portal.Web.Data.Providers;

/// <summary>
/// <see cref="Utf8Rows"/> through SQLite's own API on the connection's handle: its text is UTF-8 already, handed over
/// as it lies in SQLite's row buffer (Microsoft.Data.Sqlite's reader makes a string of each value and asks for its
/// type first, which cost more than the read on a roster of millions).
/// </summary>
internal sealed class SqliteUtf8Rows : Utf8Rows
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    public SqliteUtf8Rows(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        var result = raw.sqlite3_prepare_v2(_db, sql, out _statement);
        if (result != raw.SQLITE_OK) Throw(result);
    }

    public override bool Read()
    {
        var result = raw.sqlite3_step(_statement);
        if (result == raw.SQLITE_ROW) return true;
        if (result != raw.SQLITE_DONE) Throw(result);
        return false;
    }

    public override int GetInt32(int column) => raw.sqlite3_column_int(_statement, column);

    public override ReadOnlySpan<byte> GetUtf8(int column) => raw.sqlite3_column_blob(_statement, column);

    public override void Dispose() => _statement.Dispose();

    private void Throw(int result) =>
        throw new SqliteException(raw.sqlite3_errmsg(_db).utf8_to_string(), result, raw.sqlite3_extended_errcode(_db));
}
