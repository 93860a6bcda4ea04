using System.Data.Common;
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
        var result = raw.sqlite3_prepare_v2(_db, sql, out _statement, out var rest);
        if (result != raw.SQLITE_OK) Throw(result);
        if (!string.IsNullOrWhiteSpace(rest))
        {
            _statement.Dispose();
            throw new ArgumentException("One statement is read at a time.", nameof(sql));
        }
    }

    /// <summary>
    /// The rows of a command EF Core made for a query (its SQL, with the context's query filters, and its parameters),
    /// prepared on the command's connection with each parameter bound by name. The command is not run, only read.
    /// </summary>
    public SqliteUtf8Rows(DbCommand command) : this((SqliteConnection)(command.Connection ?? throw new ArgumentException("The command has no connection.", nameof(command))), command.CommandText)
    {
        try
        {
            var bound = new HashSet<int>();
            foreach (DbParameter parameter in command.Parameters)
                if (Bind(parameter) is > 0 and var index) bound.Add(index);
            // As Microsoft.Data.Sqlite does: a parameter left unbound would read as NULL and quietly match nothing.
            if (bound.Count != raw.sqlite3_bind_parameter_count(_statement))
                throw new InvalidOperationException("The command does not give a value for every parameter of its SQL.");
        }
        catch
        {
            _statement.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Binds a parameter of the kinds EF Core's SQLite queries carry (text, a JSON array of ids among them; whole
    /// numbers, reals, dates, NULL) and gives its number in the SQL; 0 for one the SQL does not use (left, as
    /// Microsoft.Data.Sqlite leaves it).
    /// </summary>
    private int Bind(DbParameter parameter)
    {
        var name = parameter.ParameterName;
        if (name.Length > 0 && name[0] is not ('@' or '$' or ':')) name = "@" + name;
        var index = raw.sqlite3_bind_parameter_index(_statement, name);
        if (index == 0) return 0;
        var result = parameter.Value switch
        {
            null or DBNull => raw.sqlite3_bind_null(_statement, index),
            string text => raw.sqlite3_bind_text(_statement, index, text),
            int number => raw.sqlite3_bind_int64(_statement, index, number),
            long number => raw.sqlite3_bind_int64(_statement, index, number),
            bool flag => raw.sqlite3_bind_int64(_statement, index, flag ? 1 : 0),
            double real => raw.sqlite3_bind_double(_statement, index, real),
            // As Microsoft.Data.Sqlite writes a date (and so as EF Core stores one).
            DateOnly date => raw.sqlite3_bind_text(_statement, index, date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
            var other => throw new NotSupportedException($"A parameter of type {other.GetType().Name} is not read this way."),
        };
        if (result != raw.SQLITE_OK) Throw(result);
        return index;
    }

    public override bool Read()
    {
        var result = raw.sqlite3_step(_statement);
        if (result == raw.SQLITE_ROW) return true;
        if (result != raw.SQLITE_DONE) Throw(result);
        return false;
    }

    public override bool IsNull(int column) => raw.sqlite3_column_type(_statement, column) == raw.SQLITE_NULL;

    public override int GetInt32(int column) => raw.sqlite3_column_int(_statement, column);

    public override bool GetBoolean(int column) => raw.sqlite3_column_int(_statement, column) != 0;

    /// <summary>"yyyy-MM-dd", as Microsoft.Data.Sqlite writes a <see cref="DateOnly"/>, read digit by digit; any other form as its reader would.</summary>
    public override DateOnly? GetDate(int column)
    {
        if (IsNull(column)) return null;
        var text = raw.sqlite3_column_blob(_statement, column);
        if (text.Length == 10 && text[4] == (byte)'-' && text[7] == (byte)'-'
            && Digits(text[..4]) is var year and > 0 && Digits(text.Slice(5, 2)) is var month and > 0 && Digits(text.Slice(8, 2)) is var day and > 0
            && month <= 12 && day <= DateTime.DaysInMonth(year, month))
            return new DateOnly(year, month, day);
        return DateOnly.FromDateTime(DateTime.Parse(System.Text.Encoding.UTF8.GetString(text), System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The number the ASCII digits spell, or -1 if any is not a digit.</summary>
    private static int Digits(ReadOnlySpan<byte> digits)
    {
        var value = 0;
        foreach (var b in digits)
        {
            if (b is < (byte)'0' or > (byte)'9') return -1;
            value = value * 10 + (b - '0');
        }
        return value;
    }

    public override ReadOnlySpan<byte> GetUtf8(int column) => raw.sqlite3_column_blob(_statement, column);

    public override string? GetString(int column) => IsNull(column) ? null : System.Text.Encoding.UTF8.GetString(raw.sqlite3_column_blob(_statement, column));

    public override void Dispose() => _statement.Dispose();

    private void Throw(int result) =>
        throw new SqliteException(raw.sqlite3_errmsg(_db).utf8_to_string(), result, raw.sqlite3_extended_errcode(_db));
}
