using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using Portal.Web.Resources;

namespace Portal.Web.Infrastructure.Spreadsheets;

/// <summary>
/// Reads .xlsx sheets by streaming their XML (XmlReader over the zip part): a 1,000,000-row sheet in a few
/// seconds and tens of MB, where a DOM reader needs minutes and gigabytes. Handles shared and inline
/// strings, numbers, booleans, date styles, and sparse rows and cells. Every part is read through a counter
/// that stops zip bombs.
/// </summary>
internal sealed class XlsxSpreadsheet : ISpreadsheet
{
    private const string MainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string RelNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private const string PackageRelNs = "http://schemas.openxmlformats.org/package/2006/relationships";

    private readonly ZipArchive _zip;
    private readonly FileStream _file;
    private readonly string _originalName;
    private readonly SpreadsheetLimits _limits;
    private readonly SharedStrings _sharedStrings;
    private readonly HashSet<int> _dateStyles = [];
    private long _inflated;
    private long _progressRead;
    private long _progressTotal = 1;

    public IReadOnlyList<ISheet> Sheets { get; private set; } = [];
    public double Progress => Math.Min(1, (double)Interlocked.Read(ref _progressRead) / Interlocked.Read(ref _progressTotal));

    private XlsxSpreadsheet(FileStream file, ZipArchive zip, string originalName, SpreadsheetLimits limits)
    {
        _file = file;
        _zip = zip;
        _originalName = originalName;
        _limits = limits;
        _sharedStrings = new SharedStrings(limits.MaxCellChars);
    }

    public static XlsxSpreadsheet Open(string path, string originalName, SpreadsheetLimits limits)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            // The zip's directory is read whole when the archive opens: count its entries first, so that a file
            // of a million tiny entries is refused before anything is allocated for them.
            CheckEntryCount(file, originalName, limits);
            var zip = new ZipArchive(file, ZipArchiveMode.Read);
            if (zip.Entries.Count > limits.MaxZipEntries) throw TooManyEntries(originalName, zip.Entries.Count, limits);
            var book = new XlsxSpreadsheet(file, zip, originalName, limits);
            book.Load();
            return book;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private static FileProblemException TooManyEntries(string originalName, long count, SpreadsheetLimits limits) => new(
        count > limits.MaxZipEntries
            ? SharedText.L["The file '{0}' holds more than {1} packed files; an Excel workbook holds a few dozen. It may be damaged or malicious; save a fresh copy from Excel.", originalName, IndianFormat.Number(limits.MaxZipEntries)]
            : SharedText.L["The file '{0}' holds {1} packed files; an Excel workbook holds a few dozen. It may be damaged or malicious; save a fresh copy from Excel.", originalName, IndianFormat.Number(count)]);

    /// <summary>
    /// Walks the zip's central directory (located by the end record, zip64 too) and counts its entries, stopping
    /// as soon as there are more than the limit. A directory that cannot be walked is left for ZipArchive to refuse.
    /// </summary>
    /// <remarks>Also used for iGOT report zips (<paramref name="tooMany"/> words the refusal for them).</remarks>
    internal static void CheckEntryCount(FileStream file, string originalName, SpreadsheetLimits limits, Func<long, FileProblemException>? tooMany = null)
    {
        tooMany ??= count => TooManyEntries(originalName, count, limits);
        var length = file.Length;
        var tailLength = (int)Math.Min(length, 22 + 65535);
        var tail = new byte[tailLength];
        file.Position = length - tailLength;
        file.ReadExactly(tail);
        var end = -1;
        for (var i = tailLength - 22; i >= 0; i--)
            if (tail[i] == 0x50 && tail[i + 1] == 0x4B && tail[i + 2] == 0x05 && tail[i + 3] == 0x06) { end = i; break; }
        if (end < 0) { file.Position = 0; return; }
        long entries = BitConverter.ToUInt16(tail, end + 10);
        long directoryStart = BitConverter.ToUInt32(tail, end + 16);
        if ((entries == 0xFFFF || directoryStart == 0xFFFFFFFF) && end >= 20
            && tail[end - 20] == 0x50 && tail[end - 19] == 0x4B && tail[end - 18] == 0x06 && tail[end - 17] == 0x07)
        {
            var zip64End = BitConverter.ToInt64(tail, end - 20 + 8);
            if (zip64End >= 0 && zip64End + 56 <= length)
            {
                var record = new byte[56];
                file.Position = zip64End;
                file.ReadExactly(record);
                if (record[0] == 0x50 && record[1] == 0x4B && record[2] == 0x06 && record[3] == 0x06)
                {
                    entries = BitConverter.ToInt64(record, 32);
                    directoryStart = BitConverter.ToInt64(record, 48);
                }
            }
        }
        if (entries > limits.MaxZipEntries || entries < 0) throw tooMany(entries);

        // The declared count may lie: walk the headers as ZipArchive will.
        if (directoryStart >= 0 && directoryStart < length)
        {
            using var reader = new BufferedStream(new NonClosing(file), 1 << 16);
            reader.Position = directoryStart;
            var header = new byte[46];
            var count = 0;
            while (reader.ReadAtLeast(header, 46, throwOnEndOfStream: false) == 46
                   && header[0] == 0x50 && header[1] == 0x4B && header[2] == 0x01 && header[3] == 0x02)
            {
                if (++count > limits.MaxZipEntries) throw tooMany(count);
                var skip = BitConverter.ToUInt16(header, 28) + BitConverter.ToUInt16(header, 30) + BitConverter.ToUInt16(header, 32);
                reader.Seek(skip, SeekOrigin.Current);
            }
        }
        file.Position = 0;
    }

    /// <summary>Lets a BufferedStream borrow the file without closing it.</summary>
    private sealed class NonClosing(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => inner.Position = value; }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private void Load()
    {
        // The workbook part is wherever the package's relationships say (most writers use xl/workbook.xml).
        var workbookPath = ReadRelationships("_rels/.rels", "").Values
            .Where(r => r.Type.EndsWith("/officeDocument")).Select(r => r.Target).FirstOrDefault() ?? "xl/workbook.xml";
        if (_zip.GetEntry("mimetype") is { } mimetype && new StreamReader(OpenPart(mimetype)).ReadToEnd().Contains("opendocument.spreadsheet"))
            throw new FileProblemException(SharedText.L["The file '{0}' is an OpenDocument spreadsheet (.ods). In LibreOffice use File > Save As and choose \"Excel 2007-365 (.xlsx)\", then upload that.", _originalName]);
        var workbook = _zip.GetEntry(workbookPath)
            ?? throw new FileProblemException(SharedText.L["The file '{0}' is a zip file but not an Excel workbook. Upload the roster as .xlsx or .csv.", _originalName]);
        var folder = workbookPath.Contains('/') ? workbookPath[..(workbookPath.LastIndexOf('/') + 1)] : "";
        var targets = ReadRelationships($"{folder}_rels/{Path.GetFileName(workbookPath)}.rels", folder);

        var sheets = new List<ISheet>();
        string? sharedStringsPart = null, stylesPart = null;
        foreach (var (type, target) in targets.Values)
        {
            if (type.EndsWith("/sharedStrings")) sharedStringsPart = target;
            if (type.EndsWith("/styles")) stylesPart = target;
        }

        using (var reader = XmlReader.Create(OpenPart(workbook), ReaderSettings))
        {
            while (reader.Read())
            {
                if (reader is { NodeType: XmlNodeType.Element, LocalName: "sheet" })
                {
                    if (sheets.Count >= _limits.MaxSheets)
                        throw new FileProblemException(SharedText.L["The workbook '{0}' has more than {1} sheets. Put the roster in a workbook of its own.", _originalName, _limits.MaxSheets]);
                    var name = reader.GetAttribute("name") ?? $"Sheet{sheets.Count + 1}";
                    var id = reader.GetAttribute("id", RelNs);
                    if (id is not null && targets.TryGetValue(id, out var t) && _zip.GetEntry(t.Target) is { } entry && t.Type.EndsWith("/worksheet"))
                        sheets.Add(new Sheet(this, name, entry));
                }
            }
        }
        if (sheets.Count == 0) throw new FileProblemException(SharedText.L["The workbook '{0}' has no worksheets.", _originalName]);

        if (sharedStringsPart is not null && _zip.GetEntry(sharedStringsPart) is { } sst) LoadSharedStrings(sst);
        if (stylesPart is not null && _zip.GetEntry(stylesPart) is { } styles) LoadDateStyles(styles);
        Sheets = sheets;
        _progressTotal = Math.Max(1, sheets.Sum(s => ((Sheet)s).Entry.Length));
    }

    private static readonly XmlReaderSettings ReaderSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
        CheckCharacters = false,
        CloseInput = true,
    };

    /// <summary>rId → (type, zip path) from a .rels part.</summary>
    private Dictionary<string, (string Type, string Target)> ReadRelationships(string relsPath, string baseDir)
    {
        var result = new Dictionary<string, (string, string)>();
        if (_zip.GetEntry(relsPath) is not { } entry) return result;
        using var reader = XmlReader.Create(OpenPart(entry), ReaderSettings);
        while (reader.Read())
        {
            if (reader is not { NodeType: XmlNodeType.Element, LocalName: "Relationship" }) continue;
            var id = reader.GetAttribute("Id");
            var type = reader.GetAttribute("Type") ?? "";
            var target = reader.GetAttribute("Target");
            if (id is null || target is null || reader.GetAttribute("TargetMode") == "External") continue;
            if (result.Count >= _limits.MaxRelationships)
                throw new FileProblemException(SharedText.L["The file '{0}' is damaged: one of its parts lists more than {1} links. Save a fresh copy from Excel.", _originalName, IndianFormat.Number(_limits.MaxRelationships)]);
            var full = target.StartsWith('/') ? target.TrimStart('/') : NormalisePath(baseDir + target);
            result[id] = (type, full);
        }
        return result;
    }

    private static string NormalisePath(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part == "..") { if (parts.Count > 0) parts.RemoveAt(parts.Count - 1); }
            else if (part is not ("." or "")) parts.Add(part);
        }
        return string.Join('/', parts);
    }

    private void LoadSharedStrings(ZipArchiveEntry entry)
    {
        using var reader = XmlReader.Create(OpenPart(entry), ReaderSettings);
        reader.MoveToContent();
        while (!reader.EOF)
        {
            if (reader is { NodeType: XmlNodeType.Element, LocalName: "si" })
            {
                if (_sharedStrings.Count >= _limits.MaxSharedStrings)
                    throw new FileProblemException(SharedText.L["The file '{0}' has more than {1} different texts (its shared-string table), more than a roster of {2} rows can hold. It may be damaged or malicious; save a fresh copy from Excel, or split it.", _originalName, IndianFormat.Number(_limits.MaxSharedStrings), RosterRowLimit]);
                _sharedStrings.Add(ReadRichText(reader, _limits.MaxCellChars));
                if (_sharedStrings.Bytes > _limits.MaxSharedStringBytes)
                    throw new FileProblemException(SharedText.L["The file '{0}' holds more than {1} of text in its shared-string table, more than a roster of {2} rows can hold. It may be damaged or malicious; save a fresh copy from Excel, or split it.", _originalName, SpreadsheetFile.Megabytes(_limits.MaxSharedStringBytes), RosterRowLimit]);
            }
            else reader.Read();
        }
    }

    /// <summary>
    /// The text of an &lt;si&gt; or &lt;is&gt; element: its &lt;t&gt; runs, without phonetic runs (&lt;rPh&gt;).
    /// Starts on the element and ends on the node after it (never calls Read() after a Read*Content*, which would skip a node).
    /// </summary>
    private const string RosterRowLimit = "10,00,000";

    private static string ReadRichText(XmlReader reader, int maxChars)
    {
        if (reader.IsEmptyElement) { reader.Read(); return ""; }
        var depth = reader.Depth;
        var text = new StringBuilder();
        reader.Read();
        while (!reader.EOF && reader.Depth > depth)
        {
            if (reader is { NodeType: XmlNodeType.Element, LocalName: "rPh" }) reader.Skip();
            else if (reader is { NodeType: XmlNodeType.Element, LocalName: "t" })
            {
                var run = reader.ReadElementContentAsString();
                if (text.Length < maxChars) text.Append(run, 0, Math.Min(run.Length, maxChars - text.Length));
            }
            else reader.Read();
        }
        reader.Read(); // past the end tag
        return text.ToString();
    }

    /// <summary>Which cell styles (cellXfs indexes) show numbers as dates.</summary>
    private void LoadDateStyles(ZipArchiveEntry entry)
    {
        var customFormats = new Dictionary<int, string>();
        using var reader = XmlReader.Create(OpenPart(entry), ReaderSettings);
        var inCellXfs = false;
        var xfIndex = 0;
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.EndElement && reader.LocalName == "cellXfs") inCellXfs = false;
            if (reader.NodeType != XmlNodeType.Element) continue;
            switch (reader.LocalName)
            {
                case "numFmt" when int.TryParse(reader.GetAttribute("numFmtId"), out var id):
                    if (customFormats.Count >= _limits.MaxStyles) break;
                    var code = reader.GetAttribute("formatCode") ?? "";
                    customFormats[id] = code.Length > 256 ? code[..256] : code;
                    break;
                case "cellXfs":
                    inCellXfs = !reader.IsEmptyElement;
                    break;
                case "xf" when inCellXfs && xfIndex < _limits.MaxStyles:
                    var fmt = int.TryParse(reader.GetAttribute("numFmtId"), out var f) ? f : 0;
                    if (IsDateFormat(fmt, customFormats.GetValueOrDefault(fmt))) _dateStyles.Add(xfIndex);
                    xfIndex++;
                    break;
            }
        }
    }

    internal static bool IsDateFormat(int id, string? code)
    {
        if (id is >= 14 and <= 22 or >= 45 and <= 47 or >= 27 and <= 36 or >= 50 and <= 58) return true;
        if (string.IsNullOrEmpty(code)) return false;
        // Strip quoted text, escapes and [colour]/[$-locale] sections, then look for day/month/year tokens.
        var plain = new StringBuilder();
        for (var i = 0; i < code.Length; i++)
        {
            var ch = code[i];
            if (ch == '"') { i = code.IndexOf('"', i + 1); if (i < 0) break; continue; }
            if (ch == '\\' || ch == '_' || ch == '*') { i++; continue; }
            if (ch == '[') { i = code.IndexOf(']', i + 1); if (i < 0) break; continue; }
            plain.Append(char.ToLowerInvariant(ch));
        }
        var s = plain.ToString();
        return s.Contains('d') || s.Contains('y') || (s.Contains('m') && !s.Contains('h') && !s.Contains('s'));
    }

    private Stream OpenPart(ZipArchiveEntry entry)
    {
        if (entry.Length > _limits.MaxPartBytes) throw Bomb(entry.Length);
        // Buffered: XmlReader asks for small blocks, which DeflateStream serves slowly one by one.
        return new BufferedStream(new InflationGuard(entry.Open(), this, entry.CompressedLength), 1 << 16);
    }

    private FileProblemException TokenTooLong() => new(
        SharedText.L["The file '{0}' holds a single value or tag of more than {1}, far more than any cell of a roster. It may be damaged or malicious; save a fresh copy from Excel.", _originalName, SpreadsheetFile.Megabytes(_limits.MaxXmlTokenBytes)]);

    private FileProblemException Bomb(long bytes) => new(
        SharedText.L["The file '{0}' expands to more than {1} when unpacked, which is more than a roster can be. It may be damaged or malicious; save a fresh copy from Excel.", _originalName, SpreadsheetFile.Megabytes(Math.Min(bytes, _limits.MaxPartBytes))]);

    /// <summary>Counts inflated bytes: caps each part, the total, and the compression ratio.</summary>
    private sealed class InflationGuard(Stream inner, XlsxSpreadsheet owner, long compressed) : Stream
    {
        private long _read;

        /// <summary>Bytes since the last '&gt;' (the length of the tag or value being read).</summary>
        private long _sinceTagEnd;

        public override int Read(byte[] buffer, int offset, int count) => Count(buffer.AsSpan(offset, inner.Read(buffer, offset, count)));
        public override int Read(Span<byte> buffer) => Count(buffer[..inner.Read(buffer)]);

        private int Count(Span<byte> block)
        {
            var n = block.Length;
            var first = block.IndexOf((byte)'>');
            if (first < 0) _sinceTagEnd += n;
            else
            {
                if (_sinceTagEnd + first > owner._limits.MaxXmlTokenBytes) throw owner.TokenTooLong();
                _sinceTagEnd = n - 1 - block.LastIndexOf((byte)'>');
            }
            if (_sinceTagEnd > owner._limits.MaxXmlTokenBytes) throw owner.TokenTooLong();
            _read += n;
            var total = Interlocked.Add(ref owner._inflated, n);
            var limits = owner._limits;
            if (_read > limits.MaxPartBytes || total > limits.MaxInflatedBytes) throw owner.Bomb(_read);
            if (_read > limits.RatioCheckFromBytes && _read > compressed * limits.MaxCompressionRatio) throw owner.Bomb(_read);
            return n;
        }

        public long BytesRead => _read;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        protected override void Dispose(bool disposing) { if (disposing) inner.Dispose(); base.Dispose(disposing); }
    }

    private sealed class Sheet(XlsxSpreadsheet book, string name, ZipArchiveEntry entry) : ISheet
    {
        public string Name => name;
        public ZipArchiveEntry Entry => entry;

        public IEnumerable<RawRow> ReadRows(CancellationToken ct = default)
        {
            var stream = book.OpenPart(entry);
            var guard = (InflationGuard)((BufferedStream)stream).UnderlyingStream;
            using var reader = XmlReader.Create(stream, ReaderSettings);
            // Atomised names: the hot loop compares references, not strings.
            var names = new Names(reader.NameTable);
            var cells = new List<RawCell>(32);
            var nextRow = 1;
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element || !ReferenceEquals(reader.LocalName, names.Row)) continue;
                var rowNumber = int.TryParse(reader.GetAttribute("r"), NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : nextRow;
                nextRow = rowNumber < int.MaxValue ? rowNumber + 1 : rowNumber;
                cells.Clear();
                if (!reader.IsEmptyElement) ReadCells(reader, cells, names, book._limits);
                if ((rowNumber & 1023) == 0)
                {
                    ct.ThrowIfCancellationRequested();
                    Interlocked.Exchange(ref book._progressRead, guard.BytesRead);
                }
                yield return new RawRow(rowNumber, cells.ToArray());
            }
            Interlocked.Exchange(ref book._progressRead, Interlocked.Read(ref book._progressTotal));
        }

        private sealed class Names(XmlNameTable table)
        {
            public readonly string Row = table.Add("row");
            public readonly string C = table.Add("c");
            public readonly string V = table.Add("v");
            public readonly string Is = table.Add("is");
            public readonly string R = table.Add("r");
            public readonly string T = table.Add("t");
            public readonly string S = table.Add("s");
        }

        /// <summary>Starts on a non-empty &lt;row&gt;; ends on its end tag.</summary>
        private void ReadCells(XmlReader reader, List<RawCell> cells, Names names, SpreadsheetLimits limits)
        {
            reader.Read();
            var next = 0;
            while (!reader.EOF)
            {
                var type = reader.NodeType;
                if (type == XmlNodeType.EndElement && ReferenceEquals(reader.LocalName, names.Row)) return;
                if (type == XmlNodeType.Element && ReferenceEquals(reader.LocalName, names.C)) next = ReadCell(reader, cells, names, limits, next);
                else reader.Read();
            }
        }

        /// <summary>
        /// Starts on &lt;c&gt;; ends on the node after it. Returns the column the next cell without a reference is in.
        /// Cells at or beyond <see cref="SpreadsheetLimits.MaxColumns"/> are skipped: nothing is stored or padded for them.
        /// </summary>
        private int ReadCell(XmlReader reader, List<RawCell> cells, Names names, SpreadsheetLimits limits, int next)
        {
            // One pass over the attributes, compared by reference (GetAttribute would search for each).
            int? column = null;
            string? type = null;
            var style = 0;
            var empty = reader.IsEmptyElement;
            while (reader.MoveToNextAttribute())
            {
                var name = reader.LocalName;
                if (ReferenceEquals(name, names.R)) column = ColumnIndex(reader.Value);
                else if (ReferenceEquals(name, names.T)) type = reader.Value;
                else if (ReferenceEquals(name, names.S)) style = int.TryParse(reader.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
            }
            reader.MoveToElement();
            var index = column ?? next;
            if (index >= limits.MaxColumns)
            {
                if (empty) reader.Read(); else reader.Skip();
                return index == int.MaxValue ? next : index + 1;
            }
            string? value = null;
            if (empty)
            {
                reader.Read();
            }
            else
            {
                var depth = reader.Depth;
                reader.Read();
                while (!reader.EOF && reader.Depth > depth)
                {
                    if (reader.NodeType == XmlNodeType.Element && ReferenceEquals(reader.LocalName, names.V))
                    {
                        if (reader.IsEmptyElement) { value = ""; reader.Read(); continue; }
                        reader.Read();
                        value = "";
                        while (reader.NodeType is XmlNodeType.Text or XmlNodeType.SignificantWhitespace or XmlNodeType.CDATA or XmlNodeType.Whitespace)
                        {
                            if (value.Length < limits.MaxCellChars) value = value.Length == 0 ? reader.Value : value + reader.Value;
                            reader.Read();
                        }
                        if (value.Length > limits.MaxCellChars) value = value[..limits.MaxCellChars];
                        if (reader.NodeType == XmlNodeType.EndElement) reader.Read(); // past </v>
                    }
                    else if (reader.NodeType == XmlNodeType.Element && ReferenceEquals(reader.LocalName, names.Is)) value = ReadRichText(reader, limits.MaxCellChars);
                    else if (reader.NodeType == XmlNodeType.Element) reader.Skip(); // <f> formulas and extensions
                    else reader.Read();
                }
                reader.Read(); // past </c>
            }
            while (cells.Count < index) cells.Add(RawCell.Empty);
            var cell = ToCell(type, style, value);
            if (index < cells.Count) cells[index] = cell; else cells.Add(cell);
            return index + 1;
        }

        private RawCell ToCell(string? type, int style, string? value)
        {
            if (value is null) return RawCell.Empty;
            switch (type)
            {
                case "s":
                    return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < book._sharedStrings.Count
                        ? Text(book._sharedStrings.Get(i)) : RawCell.Empty;
                case "inlineStr":
                case "str":
                    return Text(value);
                case "b":
                    return new RawCell(CellKind.Boolean, value == "1" ? "TRUE" : "FALSE");
                case "e":
                    return new RawCell(CellKind.Error, value);
                case "d":
                    // ISO 8601 date cell (strict OOXML): turn into an Excel serial so callers see one date form.
                    return DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var d) && d.Year >= 1900
                        ? new RawCell(CellKind.Date, d.ToOADate().ToString("R", CultureInfo.InvariantCulture))
                        : Text(value);
                default:
                    return new RawCell(book._dateStyles.Contains(style) ? CellKind.Date : CellKind.Number, value);
            }
        }

        private static RawCell Text(string value) => value.Length == 0 ? RawCell.Empty : new RawCell(CellKind.Text, value);

        /// <summary>"AB12" → 27 (0-based column); beyond XFD → int.MaxValue; no letters → null.</summary>
        private static int? ColumnIndex(string? reference)
        {
            if (string.IsNullOrEmpty(reference)) return null;
            var index = 0;
            var letters = 0;
            foreach (var ch in reference)
            {
                if (ch is >= 'A' and <= 'Z') { index = index * 26 + (ch - 'A' + 1); letters++; }
                else if (ch is >= 'a' and <= 'z') { index = index * 26 + (ch - 'a' + 1); letters++; }
                else break;
                if (index > 16384) return int.MaxValue; // beyond XFD (and before the arithmetic could overflow)
            }
            return letters == 0 ? null : index - 1;
        }
    }

    /// <summary>
    /// The shared-string table as UTF-8 in blocks of 4 MB: a million-row roster can hold two million distinct
    /// strings, which as .NET strings would take several times the memory. Blocks (not one doubling buffer) so
    /// that growing never needs twice the memory at once. Strings are made on use.
    /// </summary>
    private sealed class SharedStrings(int maxChars)
    {
        private const int BlockShift = 22;
        private const int BlockSize = 1 << BlockShift;
        private readonly List<byte[]> _blocks = [];
        private int _used = BlockSize;
        /// <summary>Per string: (block &lt;&lt; 22 | offset) in the high 32 bits, the byte length in the low 32.</summary>
        private long[] _spans = new long[1024];
        private int _count;

        public int Count => _count;
        /// <summary>UTF-8 bytes held.</summary>
        public long Bytes { get; private set; }

        public void Add(string value)
        {
            if (value.Length > maxChars) value = value[..maxChars];
            var needed = Encoding.UTF8.GetByteCount(value); // at most 3 × 32,767: always fits a block
            if (_used + needed > BlockSize)
            {
                _blocks.Add(new byte[BlockSize]);
                _used = 0;
            }
            var block = _blocks.Count - 1;
            var written = Encoding.UTF8.GetBytes(value, 0, value.Length, _blocks[block], _used);
            if (_count == _spans.Length) Array.Resize(ref _spans, _spans.Length * 2);
            _spans[_count++] = ((long)((block << BlockShift) | _used) << 32) | (uint)written;
            _used += written;
            Bytes += written;
        }

        // Strings early in the table are the ones rows repeat (designations, districts, departments): keep those made.
        private readonly string?[] _made = new string?[1 << 16];

        public string Get(int index)
        {
            if (index < _made.Length && _made[index] is { } made) return made;
            var span = _spans[index];
            var position = (int)(span >> 32);
            var text = Encoding.UTF8.GetString(_blocks[position >> BlockShift], position & (BlockSize - 1), (int)(span & 0xFFFFFFFF));
            if (index < _made.Length) _made[index] = text;
            return text;
        }
    }

    public void Dispose()
    {
        _zip.Dispose();
        _file.Dispose();
    }
}
