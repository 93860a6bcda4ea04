using System.IO.Compression;
using System.Text;
using Portal.Web.Resources;

namespace Portal.Web.Infrastructure.Spreadsheets;

/// <summary>
/// Recognises what an uploaded file really is (not what its name says) and opens it. Its refusals are worded in the
/// current UI culture: the uploader's language on a page, English in the command line.
/// </summary>
public static class SpreadsheetFile
{
    /// <summary>
    /// Opens an .xlsx or .csv file, or throws <see cref="FileProblemException"/> saying why it cannot be read.
    /// Whatever a broken file makes the readers throw (XML errors, a corrupt deflate stream, bad numbers...), on
    /// opening or later while its rows are read, comes out as a <see cref="FileProblemException"/> too.
    /// </summary>
    public static ISpreadsheet Open(string path, string originalName, SpreadsheetLimits limits)
    {
        ISpreadsheet book;
        try
        {
            book = OpenUnguarded(path, originalName, limits);
        }
        catch (Exception ex) when (AsFileProblem(ex, originalName, null, null) is { } problem)
        {
            throw problem;
        }
        return new GuardedSpreadsheet(book, originalName);
    }

    /// <summary>
    /// The uploader's words for what a reader threw, or null for failures that are not the file's (the server's
    /// disk, cancellation, memory) and must stay what they are.
    /// </summary>
    internal static FileProblemException? AsFileProblem(Exception ex, string originalName, string? sheet, int? afterRow)
    {
        if (ex is FileProblemException problem) return problem;
        if (ex is OperationCanceledException or OutOfMemoryException or UnauthorizedAccessException
            || (ex is IOException && ex is not EndOfStreamException)) return null;
        var where = sheet is null ? "" : afterRow is { } row && row > 0
            ? SharedText.L[" (sheet '{0}', after row {1})", sheet, row].Value
            : SharedText.L[" (sheet '{0}')", sheet].Value;
        return ex switch
        {
            System.Xml.XmlException x when x.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase) =>
                new FileProblemException(SharedText.L["The file '{0}' holds a document type declaration (DOCTYPE){1}, which Excel never writes. It may be damaged or malicious; save a fresh copy from Excel and upload that.", originalName, where]),
            System.Xml.XmlException =>
                new FileProblemException(SharedText.L["The file '{0}' is damaged: part of it is not well-formed{1}. Save it again from Excel and upload it.", originalName, where]),
            InvalidDataException or EndOfStreamException =>
                new FileProblemException(SharedText.L["The file '{0}' is damaged or incomplete{1} (perhaps the upload or the download before it was cut short). Save it again from Excel and upload it.", originalName, where]),
            _ => new FileProblemException(SharedText.L["The file '{0}' is damaged and cannot be read{1}. Save it again from Excel (or as CSV UTF-8) and upload it.", originalName, where]),
        };
    }

    private static ISpreadsheet OpenUnguarded(string path, string originalName, SpreadsheetLimits limits)
    {
        var info = new FileInfo(path);
        if (info.Length == 0) throw new FileProblemException(SharedText.L["The file '{0}' is empty.", originalName]);
        if (info.Length > limits.MaxFileBytes)
            throw new FileProblemException(SharedText.L["The file '{0}' is {1}; the limit is {2}. Split it, or remove extra sheets and columns.", originalName, Megabytes(info.Length), Megabytes(limits.MaxFileBytes)]);

        var head = new byte[8];
        using (var probe = File.OpenRead(path)) _ = probe.Read(head, 0, head.Length);

        if (head is [0x50, 0x4B, 0x03 or 0x05, 0x04 or 0x06, ..])
            return OpenXlsx(path, originalName, limits);
        if (head is [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
            throw new FileProblemException(IsEncryptedOfficeFile(path)
                ? SharedText.L["The file '{0}' is password-protected. Remove the password in Excel (File > Info > Protect Workbook) and upload it again.", originalName]
                : SharedText.L["The file '{0}' is an old Excel 97-2003 workbook (.xls). Open it in Excel or LibreOffice and save it as .xlsx, then upload that.", originalName]);
        if (head is [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..])
            throw new FileProblemException(SharedText.L["The file '{0}' is UTF-16 (\"Unicode Text\"). In Excel use Save As > \"CSV UTF-8 (Comma delimited)\", or upload the .xlsx.", originalName]);
        if (head is [0x25, 0x50, 0x44, 0x46, ..])
            throw new FileProblemException(SharedText.L["The file '{0}' is a PDF document, not a spreadsheet. Upload the roster as .xlsx or .csv.", originalName]);
        if (LooksLikeText(path))
            return new CsvSpreadsheet(path, originalName, limits);
        throw new FileProblemException(SharedText.L["The file '{0}' is not a spreadsheet that can be read. Upload the roster as .xlsx (Excel) or .csv (UTF-8).", originalName]);
    }

    private static ISpreadsheet OpenXlsx(string path, string originalName, SpreadsheetLimits limits)
    {
        try
        {
            return XlsxSpreadsheet.Open(path, originalName, limits);
        }
        catch (InvalidDataException)
        {
            throw new FileProblemException(SharedText.L["The file '{0}' is damaged or incomplete{1} (perhaps the upload or the download before it was cut short). Save it again from Excel and upload it.", originalName, ""]);
        }
    }

    /// <summary>
    /// Encrypted .xlsx files are OLE compound files holding an "EncryptedPackage" stream. Its name is in the
    /// compound file's directory, which the header locates (it may sit anywhere in a large file).
    /// </summary>
    private static bool IsEncryptedOfficeFile(string path)
    {
        var marker = Encoding.Unicode.GetBytes("EncryptedPackage");
        using var stream = File.OpenRead(path);
        var header = new byte[512];
        if (stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length) return false;
        var sectorShift = BitConverter.ToUInt16(header, 0x1E);
        var firstDirectorySector = BitConverter.ToUInt32(header, 0x30);
        var regions = new List<long> { 0 };
        if (sectorShift is >= 9 and <= 16 && firstDirectorySector < 0xFFFFFFFA)
            regions.Add((firstDirectorySector + 1L) << sectorShift);
        var buffer = new byte[256 * 1024];
        foreach (var start in regions)
        {
            if (start >= stream.Length) continue;
            stream.Position = start;
            var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            if (buffer.AsSpan(0, read).IndexOf(marker) >= 0) return true;
        }
        return false;
    }

    /// <summary>Text if the first 64 KB hold no NUL bytes and few control characters.</summary>
    private static bool LooksLikeText(string path)
    {
        using var stream = File.OpenRead(path);
        var buffer = new byte[64 * 1024];
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        var controls = 0;
        foreach (var b in buffer.AsSpan(0, read))
        {
            if (b == 0) return false;
            if (b < 0x09 || b is > 0x0D and < 0x20) controls++;
        }
        return controls <= read / 100;
    }

    /// <summary>Passes a spreadsheet through, turning whatever its readers throw into a <see cref="FileProblemException"/>.</summary>
    private sealed class GuardedSpreadsheet(ISpreadsheet inner, string originalName) : ISpreadsheet
    {
        public IReadOnlyList<ISheet> Sheets { get; } = inner.Sheets.Select(s => (ISheet)new GuardedSheet(s, originalName)).ToList();
        public double Progress => inner.Progress;
        public void Dispose() => inner.Dispose();
    }

    private sealed class GuardedSheet(ISheet inner, string originalName) : ISheet
    {
        public string Name => inner.Name;

        public IEnumerable<RawRow> ReadRows(CancellationToken ct = default)
        {
            IEnumerator<RawRow> rows;
            try { rows = inner.ReadRows(ct).GetEnumerator(); }
            catch (Exception ex) when (AsFileProblem(ex, originalName, inner.Name, null) is { } problem) { throw problem; }
            using (rows)
            {
                var last = 0;
                while (true)
                {
                    bool more;
                    try
                    {
                        more = rows.MoveNext();
                    }
                    catch (Exception ex) when (AsFileProblem(ex, originalName, inner.Name, last) is { } problem)
                    {
                        throw problem;
                    }
                    if (!more) yield break;
                    last = rows.Current.RowNumber;
                    yield return rows.Current;
                }
            }
        }
    }

    public static string Megabytes(long bytes) =>
        bytes < 1024 * 1024 ? $"{Math.Max(1, (int)Math.Ceiling(bytes / 1024.0))} KB" : $"{bytes / (1024.0 * 1024):0.#} MB";
}
