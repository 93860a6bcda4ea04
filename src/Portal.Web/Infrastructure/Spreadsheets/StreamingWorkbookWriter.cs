using System.IO.Compression;
using System.Security;
using System.Text;
using System.Xml;

namespace Portal.Web.Infrastructure.Spreadsheets;

/// <summary>
/// Writes an .xlsx of several sheets streaming, in bounded memory. A zip is written one entry at a time, so only one
/// sheet can go straight into it (<see cref="AddSheet"/>: it stays open until the next one is added). Sheets whose rows
/// come at the same time as another's (an export's courses beside its employees) or only at the end (a summary of what
/// was written) are <em>spooled</em> (<see cref="AddSpooledSheet"/>): written to a compressed temporary file, copied into
/// the workbook by <see cref="Complete"/> and deleted. The sheets appear in the workbook in the order they were added,
/// whichever way they were written. Excel holds at most <see cref="MaxRows"/> rows a sheet: the caller splits.
/// Sheets may be written on different threads, each sheet on one thread at a time; sheets are added (and
/// <see cref="Complete"/> called) by one thread at a time, with no other sheet being added meanwhile.
/// </summary>
public sealed class StreamingWorkbookWriter : IDisposable
{
    /// <summary>Excel's rows per sheet.</summary>
    public const int MaxRows = 1_048_576;

    private readonly ZipArchive _zip;
    private readonly List<Sheet> _sheets = [];
    private Sheet? _open;
    private bool _completed;

    /// <param name="output">Where the workbook goes; it stays open.</param>
    public StreamingWorkbookWriter(Stream output) => _zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);

    public int SheetCount => _sheets.Count;

    /// <summary>A sheet written straight into the workbook; the sheet written so far this way is ended.</summary>
    public StreamingSheet AddSheet(string name, IReadOnlyList<SheetColumn> columns, int frozenRows)
    {
        EndOpenSheet();
        var number = _sheets.Count + 1;
        var stream = _zip.CreateEntry(EntryName(number), CompressionLevel.Fastest).Open();
        _open = Add(new Sheet(number, UniqueName(name, number), stream, spool: null), columns, frozenRows);
        return _open.Rows;
    }

    /// <summary>A sheet written to a temporary file meanwhile, and into the workbook when it is completed.</summary>
    public StreamingSheet AddSpooledSheet(string name, IReadOnlyList<SheetColumn> columns, int frozenRows)
    {
        var number = _sheets.Count + 1;
        var spool = Path.Combine(Path.GetTempPath(), $"portal-sheet-{Guid.NewGuid():N}.tmp");
        var file = new FileStream(spool, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        // Fastest deflate: a sheet of a million rows is hundreds of MB of XML, a tenth of that compressed.
        var stream = new DeflateStream(file, CompressionLevel.Fastest, leaveOpen: true);
        return Add(new Sheet(number, UniqueName(name, number), stream, file), columns, frozenRows).Rows;
    }

    /// <summary>Ends every sheet, copies the spooled ones in and writes the workbook's parts. The output then holds the file.</summary>
    public void Complete()
    {
        if (_completed) throw new InvalidOperationException("The workbook is already complete.");
        EndOpenSheet();
        foreach (var sheet in _sheets.Where(s => s.Spool is not null))
        {
            sheet.End();
            sheet.Spool!.Position = 0;
            using var entry = _zip.CreateEntry(EntryName(sheet.Number), CompressionLevel.Fastest).Open();
            using (var inflate = new DeflateStream(sheet.Spool, CompressionMode.Decompress, leaveOpen: true))
                inflate.CopyTo(entry, 1 << 16);
            sheet.Spool.Dispose();
        }
        WriteParts();
        _completed = true;
        _zip.Dispose();
    }

    public void Dispose()
    {
        foreach (var sheet in _sheets) sheet.Dispose();
        _zip.Dispose();
    }

    private Sheet Add(Sheet sheet, IReadOnlyList<SheetColumn> columns, int frozenRows)
    {
        if (_completed) throw new InvalidOperationException("The workbook is already complete.");
        _sheets.Add(sheet);
        sheet.Begin(columns, frozenRows);
        return sheet;
    }

    private void EndOpenSheet()
    {
        _open?.End();
        _open = null;
    }

    private string UniqueName(string name, int number)
    {
        var safe = SheetNames.Safe(name, $"Sheet{number}");
        // Excel compares sheet names without case; a repeated name gets " (2)" and so on.
        var unique = safe;
        for (var n = 2; _sheets.Any(s => string.Equals(s.Name, unique, StringComparison.OrdinalIgnoreCase)); n++)
            unique = SheetNames.Safe(safe[..Math.Min(safe.Length, 25)] + $" ({n})", $"Sheet{number}");
        return unique;
    }

    private static string EntryName(int number) => $"xl/worksheets/sheet{number}.xml";

    private void WriteParts()
    {
        var overrides = string.Concat(_sheets.Select(s =>
            $"""<Override PartName="/{EntryName(s.Number)}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"""));
        StreamingWorkbook.Part(_zip, "[Content_Types].xml", $"""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>{overrides}<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>
            """);
        StreamingWorkbook.Part(_zip, "_rels/.rels", $"""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="{StreamingWorkbook.PackageRelNs}"><Relationship Id="rId1" Type="{StreamingWorkbook.RelNs}/officeDocument" Target="xl/workbook.xml"/></Relationships>
            """);
        // rId1 is the styles; sheet n is rId(n+1).
        var relations = string.Concat(_sheets.Select(s =>
            $"""<Relationship Id="rId{s.Number + 1}" Type="{StreamingWorkbook.RelNs}/worksheet" Target="worksheets/sheet{s.Number}.xml"/>"""));
        StreamingWorkbook.Part(_zip, "xl/_rels/workbook.xml.rels", $"""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="{StreamingWorkbook.PackageRelNs}"><Relationship Id="rId1" Type="{StreamingWorkbook.RelNs}/styles" Target="styles.xml"/>{relations}</Relationships>
            """);
        var sheets = string.Concat(_sheets.Select(s =>
            $"""<sheet name="{SecurityElement.Escape(s.Name)}" sheetId="{s.Number}" r:id="rId{s.Number + 1}"/>"""));
        StreamingWorkbook.Part(_zip, "xl/workbook.xml", $"""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="{StreamingWorkbook.MainNs}" xmlns:r="{StreamingWorkbook.RelNs}"><sheets>{sheets}</sheets></workbook>
            """);
        StreamingWorkbook.Part(_zip, "xl/styles.xml", SheetStyles.Xml);
    }

    /// <summary>One sheet's XML as it is written: into the zip entry, or into the deflated <see cref="Spool"/>.</summary>
    private sealed class Sheet(int number, string name, Stream stream, FileStream? spool) : IDisposable
    {
        private XmlWriter _xml = null!;
        private bool _ended;

        public int Number { get; } = number;
        public string Name { get; } = name;
        public FileStream? Spool { get; } = spool;
        public StreamingSheet Rows { get; private set; } = null!;

        public void Begin(IReadOnlyList<SheetColumn> columns, int frozenRows)
        {
            _xml = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), CheckCharacters = true });
            _xml.WriteStartDocument(standalone: true);
            _xml.WriteStartElement("worksheet", StreamingWorkbook.MainNs);
            if (frozenRows > 0) StreamingWorkbook.FreezeRows(_xml, frozenRows);
            if (columns.Count > 0)
            {
                // AdjustToContents would need GDI+, which Linux servers lack: fixed widths.
                _xml.WriteStartElement("cols", StreamingWorkbook.MainNs);
                foreach (var column in columns) StreamingWorkbook.Column(_xml, column);
                _xml.WriteEndElement();
            }
            _xml.WriteStartElement("sheetData", StreamingWorkbook.MainNs);
            Rows = new StreamingSheet(_xml);
        }

        /// <summary>Closes the sheet's XML and its stream (a spool's file stays open to be copied).</summary>
        public void End()
        {
            if (_ended) return;
            _ended = true;
            Rows.EndRow();
            _xml.WriteEndElement(); // sheetData
            _xml.WriteEndElement(); // worksheet
            _xml.Dispose();
            stream.Dispose();
        }

        /// <summary>After a failure: the file is abandoned, so the XML is not ended (its stream may be broken), only closed.</summary>
        public void Dispose()
        {
            if (!_ended)
            {
                _ended = true;
                stream.Dispose();
            }
            Spool?.Dispose();
        }
    }
}
