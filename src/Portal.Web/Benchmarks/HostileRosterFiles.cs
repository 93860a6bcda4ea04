using System.IO.Compression;
using System.Security;
using System.Text;
using Portal.Web.Features.Rosters;

namespace Portal.Web.Benchmarks;

/// <summary>
/// Small files shaped to exhaust a naive reader (for `bench upload-bound` and the tests): each is written as raw
/// .xlsx XML (or CSV), so it can hold what Excel never writes.
/// </summary>
public static class HostileRosterFiles
{
    private const string MainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    /// <summary>The template's header names (every column of the contract).</summary>
    public static IReadOnlyList<string> Header => RosterColumns.All.Select(c => c.DisplayName).ToList();

    /// <summary>The shapes `bench upload-bound` measures, by name.</summary>
    public static readonly IReadOnlyList<(string Name, string Extension, Action<string> Write)> Shapes =
    [
        ("xfd-20000-rows", ".xlsx", path => XfdRows(path, 20_000)),
        ("long-cells-20000-rows", ".xlsx", path => LongCells(path, 20_000)),
        ("one-24mb-value", ".xlsx", path => HugeValue(path, 24 << 20)),
        ("4100000-shared-strings", ".xlsx", path => ManySharedStrings(path, 4_100_000)),
        ("20000-zip-entries", ".xlsx", path => ManyEntries(path, 20_000)),
        ("200000-rejected-csv-rows", ".csv", path => RejectedCsv(path, 200_000)),
    ];

    /// <summary>The template header, then <paramref name="rows"/> rows that each hold one cell, in column XFD (the last).</summary>
    public static void XfdRows(string path, int rows) => Workbook(path, sheet =>
    {
        HeaderRow(sheet);
        for (var r = 2; r <= rows + 1; r++) sheet.Write($"<row r=\"{r}\"><c r=\"XFD{r}\" t=\"inlineStr\"><is><t>x</t></is></c></row>");
    });

    /// <summary>Every cell of every row (and 300 columns beyond the header) is one 32,767-character shared string.</summary>
    public static void LongCells(string path, int rows) => Workbook(path, sheet =>
    {
        HeaderRow(sheet);
        for (var r = 2; r <= rows + 1; r++)
        {
            sheet.Write($"<row r=\"{r}\">");
            for (var c = 0; c < Header.Count + 300; c++) sheet.Write($"<c t=\"s\"><v>{c % 2}</v></c>");
            sheet.Write("</row>");
        }
    }, sharedStrings: [new string('A', 32_767), new string('अ', 32_767)]);

    /// <summary>One data row whose Name is a single inline value of <paramref name="bytes"/> letters.</summary>
    public static void HugeValue(string path, int bytes) => Workbook(path, sheet =>
    {
        HeaderRow(sheet);
        sheet.Write("<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>E1</t></is></c><c r=\"B2\" t=\"inlineStr\"><is><t>");
        var random = new Random(7);
        var block = new char[1 << 16];
        for (var written = 0; written < bytes; written += block.Length)
        {
            for (var i = 0; i < block.Length; i++) block[i] = (char)('a' + random.Next(26));
            sheet.Write(block);
        }
        sheet.Write("</t></is></c></row>");
    });

    /// <summary>A shared-string table of <paramref name="count"/> distinct strings that claims two billion.</summary>
    public static void ManySharedStrings(string path, int count) => Workbook(path, sheet =>
    {
        HeaderRow(sheet);
        sheet.Write("<row r=\"2\"><c r=\"A2\" t=\"s\"><v>2147483646</v></c></row>");
    }, sharedStrings: Enumerable.Range(0, count).Select(i => $"S{i * 7919L % 100_000_007}"), claimedCount: "2147483647");

    /// <summary>A valid one-row roster with <paramref name="entries"/> extra empty files in its zip.</summary>
    public static void ManyEntries(string path, int entries) => Workbook(path, sheet =>
    {
        HeaderRow(sheet);
        sheet.Write("<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>E1</t></is></c></row>");
    }, extraEntries: entries);

    /// <summary>
    /// A CSV whose every row is rejected, each with a different 60-character district (so each asks for a
    /// suggestion) and a bad mobile.
    /// </summary>
    public static void RejectedCsv(string path, int rows)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        writer.WriteLine(string.Join(",", Header.Take(7)));
        for (var r = 0; r < rows; r++)
            writer.WriteLine($"X{r},Ram Kumar,Constable,Police,Meeruth{r:D12}{new string('q', 41)},Thana,98765");
    }

    private static void HeaderRow(StreamWriter sheet)
    {
        sheet.Write("<row r=\"1\">");
        foreach (var h in Header) sheet.Write($"<c t=\"inlineStr\"><is><t>{SecurityElement.Escape(h)}</t></is></c>");
        sheet.Write("</row>");
    }

    /// <summary>A minimal .xlsx: one sheet written by <paramref name="rows"/>, optional shared strings and padding entries.</summary>
    public static void Workbook(string path, Action<StreamWriter> rows, IEnumerable<string>? sharedStrings = null, string? claimedCount = null,
        int extraEntries = 0, string? sheetPrefix = null)
    {
        using var file = File.Create(path);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        Part(zip, "[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>""");
        Part(zip, "_rels/.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
        Part(zip, "xl/workbook.xml", $"""<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MainNs}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Roster" sheetId="1" r:id="rId1"/></sheets></workbook>""");
        Part(zip, "xl/_rels/workbook.xml.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>""");
        if (sharedStrings is not null)
        {
            using var sst = new StreamWriter(zip.CreateEntry("xl/sharedStrings.xml", CompressionLevel.Fastest).Open(), new UTF8Encoding(false), 1 << 16);
            sst.Write($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"{MainNs}\" count=\"{claimedCount ?? "0"}\" uniqueCount=\"{claimedCount ?? "0"}\">");
            foreach (var s in sharedStrings) { sst.Write("<si><t>"); sst.Write(s); sst.Write("</t></si>"); }
            sst.Write("</sst>");
        }
        using (var sheet = new StreamWriter(zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Fastest).Open(), new UTF8Encoding(false), 1 << 16))
        {
            sheet.Write(sheetPrefix ?? "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
            sheet.Write($"<worksheet xmlns=\"{MainNs}\"><sheetData>");
            rows(sheet);
            sheet.Write("</sheetData></worksheet>");
        }
        for (var i = 0; i < extraEntries; i++) zip.CreateEntry($"xl/padding/{i}.bin", CompressionLevel.NoCompression).Open().Dispose();
    }

    private static void Part(ZipArchive zip, string name, string text)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name, CompressionLevel.Fastest).Open(), new UTF8Encoding(false));
        writer.Write(text);
    }
}
