using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using Portal.Web.Infrastructure.Spreadsheets;
using Portal.Web.Resources;

namespace Portal.Web.Features.Uploads;

/// <summary>
/// The rejected rows given back as the uploader sent them: their own header and columns, an "Errors" column,
/// the bad cells highlighted. They fix the rows there and upload the workbook again (the extra column is ignored).
/// Written streaming (XmlWriter into the zip, row by row), so a million rejected rows cost no more memory than ten.
/// The uploader's own headings stay as they were; what the portal adds (the Errors heading, each row's messages, a
/// sheet name it has to make up) is in the current UI culture, the language of the uploader who caused the workbook.
/// </summary>
public static class ErrorWorkbook
{
    /// <summary>The added column's heading, in the uploader's language (an upload ignores it, as any unknown column).</summary>
    public static string ErrorsHeader => SharedText.L["Errors"];

    private const string MainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string RelNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private const string PackageRelNs = "http://schemas.openxmlformats.org/package/2006/relationships";

    // Cell styles (cellXfs indexes) of styles.xml below.
    private const int HeaderStyle = 1, ErrorsHeaderStyle = 2, ErrorsStyle = 3, DateStyle = 4, MarkedStyle = 5, MarkedDateStyle = 6;

    /// <summary>Writes the workbook to a temp file beside <paramref name="path"/> and moves it into place when complete.</summary>
    internal static void Write(string path, HeaderMap header, IEnumerable<(RawRow Row, List<CellError> Errors)> rejected)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + $".{Guid.NewGuid():N}.tmp";
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            using (var zip = new ZipArchive(file, ZipArchiveMode.Create))
            {
                Part(zip, "[Content_Types].xml", """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>
                    """);
                Part(zip, "_rels/.rels", $"""
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <Relationships xmlns="{PackageRelNs}"><Relationship Id="rId1" Type="{RelNs}/officeDocument" Target="xl/workbook.xml"/></Relationships>
                    """);
                Part(zip, "xl/_rels/workbook.xml.rels", $"""
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <Relationships xmlns="{PackageRelNs}"><Relationship Id="rId1" Type="{RelNs}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{RelNs}/styles" Target="styles.xml"/></Relationships>
                    """);
                Part(zip, "xl/workbook.xml", $"""
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <workbook xmlns="{MainNs}" xmlns:r="{RelNs}"><sheets><sheet name="{System.Security.SecurityElement.Escape(SheetNames.Safe(header.Sheet.Name, SharedText.L["Rejected rows"]))}" sheetId="1" r:id="rId1"/></sheets></workbook>
                    """);
                // Fonts: 0 normal, 1 bold, 2 dark red, 3 bold dark red. Fills: 2 is the light red of a bad cell.
                Part(zip, "xl/styles.xml", $"""
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <styleSheet xmlns="{MainNs}"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd\-mm\-yyyy"/></numFmts><fonts count="4"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font><font><sz val="11"/><color rgb="FF8B0000"/><name val="Calibri"/></font><font><b/><sz val="11"/><color rgb="FF8B0000"/><name val="Calibri"/></font></fonts><fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFFFC7CE"/><bgColor indexed="64"/></patternFill></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="7"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="0" fontId="3" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment wrapText="1"/></xf><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="0" fontId="0" fillId="2" borderId="0" xfId="0" applyFill="1"/><xf numFmtId="164" fontId="0" fillId="2" borderId="0" xfId="0" applyNumberFormat="1" applyFill="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>
                    """);
                WriteSheet(zip, header, rejected);
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    private static void Part(ZipArchive zip, string name, string xml)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name, CompressionLevel.Fastest).Open(), new UTF8Encoding(false));
        writer.Write(xml);
    }

    private static void WriteSheet(ZipArchive zip, HeaderMap header, IEnumerable<(RawRow Row, List<CellError> Errors)> rejected)
    {
        var width = header.Headers.Count;
        var errorsColumn = width; // 0-based
        using var stream = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Fastest).Open();
        using var xml = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), CheckCharacters = true });
        xml.WriteStartDocument(standalone: true);
        xml.WriteStartElement("worksheet", MainNs);
        xml.WriteStartElement("sheetViews", MainNs);
        xml.WriteStartElement("sheetView", MainNs);
        xml.WriteAttributeString("workbookViewId", "0");
        xml.WriteStartElement("pane", MainNs);
        xml.WriteAttributeString("ySplit", "1");
        xml.WriteAttributeString("topLeftCell", "A2");
        xml.WriteAttributeString("activePane", "bottomLeft");
        xml.WriteAttributeString("state", "frozen");
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndElement();
        // AdjustToContents would need GDI+, which Linux servers lack: fixed widths.
        xml.WriteStartElement("cols", MainNs);
        if (width > 0) Column(xml, 1, width, 18, null);
        Column(xml, errorsColumn + 1, errorsColumn + 1, 80, ErrorsStyle);
        xml.WriteEndElement();
        xml.WriteStartElement("sheetData", MainNs);

        xml.WriteStartElement("row", MainNs);
        xml.WriteAttributeString("r", "1");
        for (var c = 0; c < width; c++)
            if (header.Headers[c].Length > 0) TextCell(xml, c, 1, header.Headers[c], HeaderStyle);
        TextCell(xml, errorsColumn, 1, ErrorsHeader, ErrorsHeaderStyle);
        xml.WriteEndElement();

        var r = 2;
        var marked = new HashSet<int>();
        var rowLabel = SharedText.L["[row {0}]"].Value; // looked up once: a million rows would otherwise ask a million times
        foreach (var (row, errors) in rejected)
        {
            marked.Clear();
            foreach (var error in errors)
                if (header.ColumnOf(error.Field) is { } c) marked.Add(c);
            xml.WriteStartElement("row", MainNs);
            xml.WriteAttributeString("r", r.ToString(CultureInfo.InvariantCulture));
            for (var c = 0; c < Math.Min(row.Cells.Length, width); c++) Cell(xml, c, r, row.Cells[c], marked.Contains(c));
            TextCell(xml, errorsColumn, r, string.Format(CultureInfo.InvariantCulture, rowLabel, row.RowNumber) + " " + string.Join(" ", errors.Select(e => e.Message)), ErrorsStyle);
            xml.WriteEndElement();
            r++;
        }
        xml.WriteEndElement(); // sheetData
        xml.WriteEndElement(); // worksheet
    }

    private static void Column(XmlWriter xml, int min, int max, double width, int? style)
    {
        xml.WriteStartElement("col", MainNs);
        xml.WriteAttributeString("min", min.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("max", max.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("width", width.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("customWidth", "1");
        if (style is { } s) xml.WriteAttributeString("style", s.ToString(CultureInfo.InvariantCulture));
        xml.WriteEndElement();
    }

    private static void Cell(XmlWriter xml, int column, int row, RawCell raw, bool marked)
    {
        switch (raw.Kind)
        {
            case CellKind.Number when double.TryParse(raw.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n):
                ValueCell(xml, column, row, null, n.ToString("R", CultureInfo.InvariantCulture), marked ? MarkedStyle : 0);
                break;
            case CellKind.Date when double.TryParse(raw.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is >= 1 and < 2958466:
                ValueCell(xml, column, row, null, serial.ToString("R", CultureInfo.InvariantCulture), marked ? MarkedDateStyle : DateStyle);
                break;
            case CellKind.Boolean:
                ValueCell(xml, column, row, "b", raw.Text == "TRUE" ? "1" : "0", marked ? MarkedStyle : 0);
                break;
            case CellKind.Empty:
                if (marked) ValueCell(xml, column, row, null, null, MarkedStyle);
                break;
            default:
                // Text stays text: "00123" keeps its zeros.
                TextCell(xml, column, row, raw.Text, marked ? MarkedStyle : 0);
                break;
        }
    }

    private static void ValueCell(XmlWriter xml, int column, int row, string? type, string? value, int style)
    {
        xml.WriteStartElement("c", MainNs);
        xml.WriteAttributeString("r", HeaderMatcher.ColumnLetter(column) + row.ToString(CultureInfo.InvariantCulture));
        if (style != 0) xml.WriteAttributeString("s", style.ToString(CultureInfo.InvariantCulture));
        if (type is not null) xml.WriteAttributeString("t", type);
        if (value is not null) xml.WriteElementString("v", MainNs, value);
        xml.WriteEndElement();
    }

    private static void TextCell(XmlWriter xml, int column, int row, string text, int style)
    {
        xml.WriteStartElement("c", MainNs);
        xml.WriteAttributeString("r", HeaderMatcher.ColumnLetter(column) + row.ToString(CultureInfo.InvariantCulture));
        if (style != 0) xml.WriteAttributeString("s", style.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("t", "inlineStr");
        xml.WriteStartElement("is", MainNs);
        xml.WriteStartElement("t", MainNs);
        xml.WriteAttributeString("xml", "space", null, "preserve");
        xml.WriteString(XmlSafe(text));
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    /// <summary>Characters XML cannot hold (control characters, lone surrogates — a broken file may have them) become U+FFFD.</summary>
    private static string XmlSafe(string text)
    {
        var bad = -1;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (XmlConvert.IsXmlChar(ch)) continue;
            if (char.IsHighSurrogate(ch) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { i++; continue; }
            bad = i;
            break;
        }
        if (bad < 0) return text;
        var clean = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (XmlConvert.IsXmlChar(ch)) clean.Append(ch);
            else if (char.IsHighSurrogate(ch) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { clean.Append(ch).Append(text[i + 1]); i++; }
            else clean.Append('\uFFFD');
        }
        return clean.ToString();
    }
}
