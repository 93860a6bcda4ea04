using System.IO.Compression;
using System.Text;
using Portal.Web.Infrastructure.Spreadsheets;

namespace Portal.Web.Features.Uploads;

/// <summary>
/// Rejected rows kept on disk, not in memory: a file whose every row is rejected (a million of them) costs a
/// compressed temp file, not gigabytes. The first errors stay in memory for the preview and the JSON; every row
/// and error is counted. Rows are read back once, in the order they were added, to write the error workbook.
/// The temp file is deleted when the spool is disposed.
/// </summary>
internal sealed class RejectSpool(string folder, int errorsKept) : IDisposable
{
    private FileStream? _file;
    private BinaryWriter? _writer;

    public int Rows { get; private set; }
    public int Errors { get; private set; }
    /// <summary>The first errors, with their row numbers, in the order added.</summary>
    public List<(int Row, CellError Error)> FirstErrors { get; } = [];

    public void Add(RawRow row, IReadOnlyList<CellError> errors)
    {
        if (_writer is null)
        {
            Directory.CreateDirectory(folder);
            _file = new FileStream(Path.Combine(folder, $"rejects-{Guid.NewGuid():N}.tmp"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
            _writer = new BinaryWriter(new GZipStream(_file, CompressionLevel.Fastest, leaveOpen: true), Encoding.UTF8);
        }
        Rows++;
        _writer.Write(row.RowNumber);
        _writer.Write(row.Cells.Length);
        foreach (var cell in row.Cells)
        {
            _writer.Write((byte)cell.Kind);
            _writer.Write(cell.Text);
        }
        _writer.Write(errors.Count);
        foreach (var error in errors)
        {
            _writer.Write(error.Field);
            _writer.Write(error.Message);
            Errors++;
            if (FirstErrors.Count < errorsKept) FirstErrors.Add((row.RowNumber, error));
        }
    }

    /// <summary>The rows as added (call once, after the last <see cref="Add"/>).</summary>
    public IEnumerable<(RawRow Row, List<CellError> Errors)> ReadBack()
    {
        if (_writer is null || _file is null) yield break;
        _writer.Dispose(); // finishes the compressed stream; the file stays open
        _writer = null;
        _file.Position = 0;
        using var reader = new BinaryReader(new GZipStream(_file, CompressionMode.Decompress, leaveOpen: true), Encoding.UTF8);
        for (var i = 0; i < Rows; i++)
        {
            var number = reader.ReadInt32();
            var cells = new RawCell[reader.ReadInt32()];
            for (var c = 0; c < cells.Length; c++) cells[c] = new RawCell((CellKind)reader.ReadByte(), reader.ReadString());
            var errors = new List<CellError>(reader.ReadInt32());
            for (var e = errors.Capacity; e > 0; e--) errors.Add(new CellError(reader.ReadString(), reader.ReadString()));
            yield return (new RawRow(number, cells), errors);
        }
    }

    /// <summary>Two spools' rows merged by row number (each spool is in file order).</summary>
    public static IEnumerable<(RawRow Row, List<CellError> Errors)> Merge(RejectSpool a, RejectSpool b)
    {
        using var left = a.ReadBack().GetEnumerator();
        using var right = b.ReadBack().GetEnumerator();
        var hasLeft = left.MoveNext();
        var hasRight = right.MoveNext();
        while (hasLeft || hasRight)
        {
            if (hasLeft && (!hasRight || left.Current.Row.RowNumber <= right.Current.Row.RowNumber))
            {
                yield return left.Current;
                hasLeft = left.MoveNext();
            }
            else
            {
                yield return right.Current;
                hasRight = right.MoveNext();
            }
        }
    }

    public void Dispose()
    {
        _writer?.Dispose();
        _file?.Dispose();
    }
}
