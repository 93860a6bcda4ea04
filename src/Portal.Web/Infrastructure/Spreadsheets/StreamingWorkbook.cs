using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;

namespace Portal.Web.Infrastructure.Spreadsheets;

/// <summary>A column's width (in characters) for columns <see cref="From"/> to <see cref="To"/> (1-based), with an optional default style.</summary>
public sealed record SheetColumn(int From, int To, double Width, int? Style = null);

/// <summary>
/// Writes a one-sheet .xlsx file streaming (<see cref="StreamingWorkbookWriter"/> writes several): the package parts are fixed text and the sheet goes row by row through an
/// <see cref="XmlWriter"/> into the zip, so a million rows cost no more memory than ten (ClosedXML keeps every cell in
/// memory). Text is written as inline strings, which Excel never evaluates: "=SUM(A1)", "+91..." and "@x" stay text,
/// and "00123" keeps its zeros. The file is written beside its path and moved into place only when complete.
/// </summary>
public static class StreamingWorkbook
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    internal const string MainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    internal const string RelNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    internal const string PackageRelNs = "http://schemas.openxmlformats.org/package/2006/relationships";

    /// <summary>Writes <paramref name="path"/>: one sheet named <paramref name="sheetName"/> whose rows <paramref name="writeRows"/> adds.</summary>
    public static void Write(string path, string sheetName, IReadOnlyList<SheetColumn> columns, int frozenRows, Action<StreamingSheet> writeRows) =>
        // Nothing in it waits: the task is complete when it returns.
        WriteAsync(path, sheetName, columns, frozenRows, sheet => { writeRows(sheet); return Task.CompletedTask; }).GetAwaiter().GetResult();

    /// <summary>
    /// As <see cref="Write(string, string, IReadOnlyList{SheetColumn}, int, Action{StreamingSheet})"/>, for rows read
    /// asynchronously (a database query streamed with <c>await foreach</c>).
    /// </summary>
    public static async Task WriteAsync(string path, string sheetName, IReadOnlyList<SheetColumn> columns, int frozenRows, Func<StreamingSheet, Task> writeRows)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = path + $".{Guid.NewGuid():N}.tmp";
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
                await WriteAsync(file, sheetName, columns, frozenRows, writeRows);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>Writes the workbook into <paramref name="output"/>, which stays open.</summary>
    public static async Task WriteAsync(Stream output, string sheetName, IReadOnlyList<SheetColumn> columns, int frozenRows, Func<StreamingSheet, Task> writeRows)
    {
        using var workbook = new StreamingWorkbookWriter(output);
        await writeRows(workbook.AddSheet(sheetName, columns, frozenRows));
        workbook.Complete();
    }

    internal static void Part(ZipArchive zip, string name, string xml)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name, CompressionLevel.Fastest).Open(), new UTF8Encoding(false));
        writer.Write(xml);
    }

    internal static void FreezeRows(XmlWriter xml, int rows)
    {
        xml.WriteStartElement("sheetViews", MainNs);
        xml.WriteStartElement("sheetView", MainNs);
        xml.WriteAttributeString("workbookViewId", "0");
        xml.WriteStartElement("pane", MainNs);
        xml.WriteAttributeString("ySplit", rows.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("topLeftCell", "A" + (rows + 1).ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("activePane", "bottomLeft");
        xml.WriteAttributeString("state", "frozen");
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    internal static void Column(XmlWriter xml, SheetColumn column)
    {
        xml.WriteStartElement("col", MainNs);
        xml.WriteAttributeString("min", column.From.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("max", column.To.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("width", column.Width.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("customWidth", "1");
        if (column.Style is { } s) xml.WriteAttributeString("style", s.ToString(CultureInfo.InvariantCulture));
        xml.WriteEndElement();
    }

    /// <summary>Characters XML cannot hold (control characters, lone surrogates — a broken file may have them) become U+FFFD.</summary>
    public static string XmlSafe(string text)
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
        clean.Append(text, 0, bad);
        for (var i = bad; i < text.Length; i++)
        {
            var ch = text[i];
            if (XmlConvert.IsXmlChar(ch)) clean.Append(ch);
            else if (char.IsHighSurrogate(ch) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { clean.Append(ch).Append(text[i + 1]); i++; }
            else clean.Append('\uFFFD');
        }
        return clean.ToString();
    }
}

/// <summary>
/// The cell styles (cellXfs indexes) of every streaming workbook. The first seven are the error workbook's, in its
/// order, so that it can move onto <see cref="StreamingWorkbook"/> without changing a cell.
/// </summary>
public static class SheetStyles
{
    public const int Normal = 0;
    public const int Bold = 1;
    public const int BoldDarkRed = 2;
    /// <summary>Dark red, wrapped: an error message.</summary>
    public const int DarkRedWrapped = 3;
    /// <summary>dd-mm-yyyy.</summary>
    public const int Date = 4;
    /// <summary>Light red fill: a bad cell.</summary>
    public const int Marked = 5;
    public const int MarkedDate = 6;
    /// <summary>A whole number with Indian digit grouping (1,23,456).</summary>
    public const int Number = 7;
    /// <summary>A heading line: bold and larger.</summary>
    public const int Title = 8;
    /// <summary>A number with two decimals (hours, percentages).</summary>
    public const int TwoDecimals = 9;
    /// <summary>A share (0.423) shown as a percentage with one decimal (42.3%), as the pages show rates.</summary>
    public const int Percent = 10;
    /// <summary>A number with one decimal.</summary>
    public const int OneDecimal = 11;

    // Fonts: 0 normal, 1 bold, 2 dark red, 3 bold dark red, 4 bold 14pt. Fills: 2 is the light red of a bad cell.
    internal static readonly string Xml = $"""
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="{StreamingWorkbook.MainNs}"><numFmts count="4"><numFmt numFmtId="164" formatCode="dd\-mm\-yyyy"/><numFmt numFmtId="165" formatCode="{System.Security.SecurityElement.Escape(TableWorkbook.IndianNumberFormat)}"/><numFmt numFmtId="166" formatCode="0.0%"/><numFmt numFmtId="167" formatCode="0.0"/></numFmts><fonts count="5"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font><font><sz val="11"/><color rgb="FF8B0000"/><name val="Calibri"/></font><font><b/><sz val="11"/><color rgb="FF8B0000"/><name val="Calibri"/></font><font><b/><sz val="14"/><name val="Calibri"/></font></fonts><fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFFFC7CE"/><bgColor indexed="64"/></patternFill></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="12"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="0" fontId="3" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment wrapText="1"/></xf><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="0" fontId="0" fillId="2" borderId="0" xfId="0" applyFill="1"/><xf numFmtId="164" fontId="0" fillId="2" borderId="0" xfId="0" applyNumberFormat="1" applyFill="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="0" fontId="4" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="167" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>
        """;
}

/// <summary>
/// The rows of a sheet being written: <see cref="NextRow"/> starts a row, then cells are added left to right by their
/// 0-based column. Rows are numbered from 1 in order; a cell not written is empty.
/// </summary>
public sealed class StreamingSheet
{
    /// <summary>Excel's limit on the characters of a cell; longer text is cut (a file Excel refuses helps nobody).</summary>
    public const int MaxCellText = 32_767;

    private readonly XmlWriter _xml;
    private bool _inRow;
    // A sheet has millions of cells: each cell's reference ("C1234"), style and number are written from these buffers,
    // not from a string made per cell (that garbage, collected while an export's other threads hold their work in
    // memory, cost more than writing the XML).
    private readonly char[] _rowDigits = new char[11];
    private int _rowDigitCount;
    private readonly char[] _text = new char[64];
    private static readonly string[] Letters = [.. Enumerable.Range(0, 128).Select(HeaderMatcher.ColumnLetter)];
    private static readonly string[] Styles = [.. Enumerable.Range(0, 32).Select(i => i.ToString(CultureInfo.InvariantCulture))];

    internal StreamingSheet(XmlWriter xml) => _xml = xml;

    /// <summary>The number of the row being written (1-based); 0 before the first.</summary>
    public int RowNumber { get; private set; }

    /// <summary>Ends the current row, if any, and starts the next.</summary>
    public StreamingSheet NextRow()
    {
        EndRow();
        RowNumber++;
        RowNumber.TryFormat(_rowDigits, out _rowDigitCount, provider: CultureInfo.InvariantCulture);
        _xml.WriteStartElement("row", StreamingWorkbook.MainNs);
        _xml.WriteStartAttribute("r");
        _xml.WriteChars(_rowDigits, 0, _rowDigitCount);
        _xml.WriteEndAttribute();
        _inRow = true;
        return this;
    }

    /// <summary>Leaves <paramref name="rows"/> rows empty (no XML at all for them).</summary>
    public StreamingSheet SkipRows(int rows)
    {
        EndRow();
        RowNumber += rows;
        return this;
    }

    internal void EndRow()
    {
        if (!_inRow) return;
        _xml.WriteEndElement();
        _inRow = false;
    }

    /// <summary>An inline string: never a formula or a number, whatever it starts with. Null writes nothing unless styled.</summary>
    public StreamingSheet Text(int column, string? text, int style = SheetStyles.Normal)
    {
        if (text is null) return style == SheetStyles.Normal ? this : Value(column, null, null, style);
        if (text.Length > MaxCellText) text = text[..(char.IsHighSurrogate(text[MaxCellText - 2]) ? MaxCellText - 2 : MaxCellText - 1)] + "…";
        StartCell(column, style);
        _xml.WriteAttributeString("t", "inlineStr");
        _xml.WriteStartElement("is", StreamingWorkbook.MainNs);
        _xml.WriteStartElement("t", StreamingWorkbook.MainNs);
        if (NeedsSpacePreserved(text)) _xml.WriteAttributeString("xml", "space", null, "preserve");
        _xml.WriteString(StreamingWorkbook.XmlSafe(text));
        _xml.WriteEndElement();
        _xml.WriteEndElement();
        _xml.WriteEndElement();
        return this;
    }

    /// <summary>
    /// Whether Excel would change the text's white space unless told to keep it (leading or trailing, line breaks,
    /// tabs, runs of spaces): most cells have none, and the attribute costs the XML writer more than the text.
    /// </summary>
    private static bool NeedsSpacePreserved(string text) =>
        text.Length > 0 && (char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1]) || text.AsSpan().IndexOfAny('\n', '\r', '\t') >= 0 || text.Contains("  ", StringComparison.Ordinal));

    public StreamingSheet Number(int column, double value, int style = SheetStyles.Number)
    {
        if (!double.IsFinite(value)) return Text(column, null, style);
        StartCell(column, style);
        WriteNumber(value);
        _xml.WriteEndElement();
        return this;
    }

    /// <summary>A date as Excel's serial day number, shown with <paramref name="style"/> (dd-mm-yyyy by default).</summary>
    public StreamingSheet Date(int column, DateTime value, int style = SheetStyles.Date) => Number(column, value.ToOADate(), style);

    public StreamingSheet Boolean(int column, bool value, int style = SheetStyles.Normal) => Value(column, "b", value ? "1" : "0", style);

    /// <summary>
    /// A cell with a raw value (<paramref name="type"/> "b", "n" or null for a number) already in the form the sheet XML
    /// holds; null <paramref name="value"/> writes an empty cell with a style (a marked blank).
    /// </summary>
    public StreamingSheet Value(int column, string? type, string? value, int style)
    {
        StartCell(column, style);
        if (type is not null) _xml.WriteAttributeString("t", type);
        if (value is not null) _xml.WriteElementString("v", StreamingWorkbook.MainNs, value);
        _xml.WriteEndElement();
        return this;
    }

    /// <summary>A number as the shortest text that reads back as the same double (what "R" gives).</summary>
    private void WriteNumber(double value)
    {
        _xml.WriteStartElement("v", StreamingWorkbook.MainNs);
        if (value.TryFormat(_text, out var length, "R", CultureInfo.InvariantCulture)) _xml.WriteChars(_text, 0, length);
        else _xml.WriteString(value.ToString("R", CultureInfo.InvariantCulture));
        _xml.WriteEndElement();
    }

    private void StartCell(int column, int style)
    {
        if (!_inRow) throw new InvalidOperationException("Start a row (NextRow) before writing cells.");
        _xml.WriteStartElement("c", StreamingWorkbook.MainNs);
        var letters = column < Letters.Length ? Letters[column] : HeaderMatcher.ColumnLetter(column);
        letters.CopyTo(_text);
        Array.Copy(_rowDigits, 0, _text, letters.Length, _rowDigitCount);
        _xml.WriteStartAttribute("r");
        _xml.WriteChars(_text, 0, letters.Length + _rowDigitCount);
        _xml.WriteEndAttribute();
        if (style != SheetStyles.Normal) _xml.WriteAttributeString("s", style >= 0 && style < Styles.Length ? Styles[style] : style.ToString(CultureInfo.InvariantCulture));
    }
}
