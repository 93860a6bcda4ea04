using System.Buffers;
using System.Data.Common;
using System.Text;

namespace Portal.Web.Data.Providers;

/// <summary>
/// A forward-only read of a query's rows by column position, whose text columns are given as UTF-8 bytes, valid until
/// the next <see cref="Read"/>: how the progress import reads a state's whole roster without making a string of every
/// code and e-mail, and the ACR statements read lakhs of completions without a provider's reader's checks on every
/// value. <see cref="DatabaseDialect.ReadUtf8Rows"/> and <see cref="DatabaseDialect.ReadRows"/> open one.
/// </summary>
internal abstract class Utf8Rows : IDisposable
{
    public abstract bool Read();

    public abstract bool IsNull(int column);

    public abstract int GetInt32(int column);

    public abstract bool GetBoolean(int column);

    /// <summary>The column's date (null for NULL), as EF Core stores a <see cref="DateOnly"/> on the provider.</summary>
    public abstract DateOnly? GetDate(int column);

    /// <summary>The column's text as UTF-8 (empty for NULL).</summary>
    public abstract ReadOnlySpan<byte> GetUtf8(int column);

    /// <summary>The column's text (null for NULL).</summary>
    public abstract string? GetString(int column);

    public abstract void Dispose();
}

/// <summary><see cref="Utf8Rows"/> through any ADO.NET reader: each text read as a string and encoded into one reused buffer.</summary>
internal sealed class AdoUtf8Rows(DbCommand command, DbDataReader reader) : Utf8Rows
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(256);

    public override bool Read() => reader.Read();

    public override bool IsNull(int column) => reader.IsDBNull(column);

    public override int GetInt32(int column) => reader.GetInt32(column);

    public override bool GetBoolean(int column) => reader.GetBoolean(column);

    public override DateOnly? GetDate(int column) => reader.IsDBNull(column) ? null : reader.GetFieldValue<DateOnly>(column);

    public override string? GetString(int column) => reader.IsDBNull(column) ? null : reader.GetString(column);

    public override ReadOnlySpan<byte> GetUtf8(int column)
    {
        if (reader.IsDBNull(column)) return [];
        var text = reader.GetString(column);
        var needed = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (needed > _buffer.Length)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(needed);
        }
        return _buffer.AsSpan(0, Encoding.UTF8.GetBytes(text, _buffer));
    }

    public override void Dispose()
    {
        reader.Dispose();
        command.Dispose();
        ArrayPool<byte>.Shared.Return(_buffer);
    }
}
