using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;

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
    private readonly SharedStrings _sharedStrings = new();
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
    }

    public static XlsxSpreadsheet Open(string path, string originalName, SpreadsheetLimits limits)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            var zip = new ZipArchive(file, ZipArchiveMode.Read);
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

    private void Load()
    {
        // The workbook part is wherever the package's relationships say (most writers use xl/workbook.xml).
        var workbookPath = ReadRelationships("_rels/.rels", "").Values
            .Where(r => r.Type.EndsWith("/officeDocument")).Select(r => r.Target).FirstOrDefault() ?? "xl/workbook.xml";
        if (_zip.GetEntry("mimetype") is { } mimetype && new StreamReader(OpenPart(mimetype)).ReadToEnd().Contains("opendocument.spreadsheet"))
            throw new FileProblemException($"The file '{_originalName}' is an OpenDocument spreadsheet (.ods). In LibreOffice use File > Save As and choose \"Excel 2007-365 (.xlsx)\", then upload that.");
        var workbook = _zip.GetEntry(workbookPath)
            ?? throw new FileProblemException($"The file '{_originalName}' is a zip file but not an Excel workbook. Upload the roster as .xlsx or .csv.");
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
                    var name = reader.GetAttribute("name") ?? $"Sheet{sheets.Count + 1}";
                    var id = reader.GetAttribute("id", RelNs);
                    if (id is not null && targets.TryGetValue(id, out var t) && _zip.GetEntry(t.Target) is { } entry && t.Type.EndsWith("/worksheet"))
                        sheets.Add(new Sheet(this, name, entry));
                }
            }
        }
        if (sheets.Count == 0) throw new FileProblemException($"The workbook '{_originalName}' has no worksheets.");

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
            if (reader is { NodeType: XmlNodeType.Element, LocalName: "si" }) _sharedStrings.Add(ReadRichText(reader));
            else reader.Read();
        }
    }

    /// <summary>
    /// The text of an &lt;si&gt; or &lt;is&gt; element: its &lt;t&gt; runs, without phonetic runs (&lt;rPh&gt;).
    /// Starts on the element and ends on the node after it (never calls Read() after a Read*Content*, which would skip a node).
    /// </summary>
    private static string ReadRichText(XmlReader reader)
    {
        if (reader.IsEmptyElement) { reader.Read(); return ""; }
        var depth = reader.Depth;
        var text = new StringBuilder();
        reader.Read();
        while (!reader.EOF && reader.Depth > depth)
        {
            if (reader is { NodeType: XmlNodeType.Element, LocalName: "rPh" }) reader.Skip();
            else if (reader is { NodeType: XmlNodeType.Element, LocalName: "t" }) text.Append(reader.ReadElementContentAsString());
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
                    customFormats[id] = reader.GetAttribute("formatCode") ?? "";
                    break;
                case "cellXfs":
                    inCellXfs = !reader.IsEmptyElement;
                    break;
                case "xf" when inCellXfs:
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

    private FileProblemException Bomb(long bytes) => new(
        $"The file '{_originalName}' expands to more than {SpreadsheetFile.Megabytes(Math.Min(bytes, _limits.MaxPartBytes))} when unpacked, which is more than a roster can be. It may be damaged or malicious; save a fresh copy from Excel.");

    /// <summary>Counts inflated bytes: caps each part, the total, and the compression ratio.</summary>
    private sealed class InflationGuard(Stream inner, XlsxSpreadsheet owner, long compressed) : Stream
    {
        private long _read;

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));
        public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

        private int Count(int n)
        {
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
                nextRow = rowNumber + 1;
                cells.Clear();
                if (!reader.IsEmptyElement) ReadCells(reader, cells, names);
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
        private void ReadCells(XmlReader reader, List<RawCell> cells, Names names)
        {
            reader.Read();
            while (!reader.EOF)
            {
                var type = reader.NodeType;
                if (type == XmlNodeType.EndElement && ReferenceEquals(reader.LocalName, names.Row)) return;
                if (type == XmlNodeType.Element && ReferenceEquals(reader.LocalName, names.C)) ReadCell(reader, cells, names);
                else reader.Read();
            }
        }

        /// <summary>Starts on &lt;c&gt;; ends on the node after it.</summary>
        private void ReadCell(XmlReader reader, List<RawCell> cells, Names names)
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
            var index = column ?? cells.Count;
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
                            value += reader.Value;
                            reader.Read();
                        }
                        if (reader.NodeType == XmlNodeType.EndElement) reader.Read(); // past </v>
                    }
                    else if (reader.NodeType == XmlNodeType.Element && ReferenceEquals(reader.LocalName, names.Is)) value = ReadRichText(reader);
                    else if (reader.NodeType == XmlNodeType.Element) reader.Skip(); // <f> formulas and extensions
                    else reader.Read();
                }
                reader.Read(); // past </c>
            }
            while (cells.Count < index) cells.Add(RawCell.Empty);
            var cell = ToCell(type, style, value);
            if (index < cells.Count) cells[index] = cell; else cells.Add(cell);
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
                    return DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var d)
                        ? new RawCell(CellKind.Date, d.ToOADate().ToString("R", CultureInfo.InvariantCulture))
                        : Text(value);
                default:
                    return new RawCell(book._dateStyles.Contains(style) ? CellKind.Date : CellKind.Number, value);
            }
        }

        private static RawCell Text(string value) => value.Length == 0 ? RawCell.Empty : new RawCell(CellKind.Text, value);

        /// <summary>"AB12" → 27 (0-based column).</summary>
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
            }
            return letters == 0 || index > 16384 ? null : index - 1;
        }
    }

    /// <summary>
    /// The shared-string table as UTF-8 in one growing buffer: a million-row roster can hold two million
    /// distinct strings, which as .NET strings would take several times the memory. Strings are made on use.
    /// </summary>
    private sealed class SharedStrings
    {
        private byte[] _bytes = new byte[1 << 16];
        private int _length;
        private readonly List<int> _starts = [0];

        public int Count => _starts.Count - 1;

        public void Add(string value)
        {
            var needed = Encoding.UTF8.GetMaxByteCount(value.Length);
            if (_length + needed > _bytes.Length) Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _length + needed));
            _length += Encoding.UTF8.GetBytes(value, 0, value.Length, _bytes, _length);
            _starts.Add(_length);
        }

        // Strings early in the table are the ones rows repeat (designations, districts, departments): keep those made.
        private readonly string?[] _made = new string?[1 << 16];

        public string Get(int index)
        {
            if (index < _made.Length && _made[index] is { } made) return made;
            var text = Encoding.UTF8.GetString(_bytes, _starts[index], _starts[index + 1] - _starts[index]);
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
