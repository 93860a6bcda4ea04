using System.IO.Compression;
using System.Text;
using Portal.Web.Infrastructure.Spreadsheets;

namespace Portal.Tests.Infrastructure.Spreadsheets;

/// <summary>Workbooks as other programs write them, read by the streaming reader.</summary>
public sealed class XlsxReaderTests
{
    private static string Package(params (string Name, string Xml)[] parts)
    {
        var path = Path.Combine(Path.GetTempPath(), $"pkg-{Guid.NewGuid():N}.xlsx");
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (name, xml) in parts)
        {
            using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
            writer.Write(xml);
        }
        return path;
    }

    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string Rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    [Fact]
    public void Reads_a_workbook_at_an_unusual_path_with_prefixed_elements_inline_strings_and_sparse_cells()
    {
        var path = Package(
            ("_rels/.rels", $"""<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="{Rel}/officeDocument" Target="book/main.xml"/></Relationships>"""),
            ("book/main.xml", $"""<x:workbook xmlns:x="{Main}" xmlns:r="{Rel}"><x:sheets><x:sheet name="Data" sheetId="1" r:id="s1"/></x:sheets></x:workbook>"""),
            ("book/_rels/main.xml.rels", $"""<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="s1" Type="{Rel}/worksheet" Target="/book/sheets/one.xml"/><Relationship Id="st" Type="{Rel}/styles" Target="styles.xml"/></Relationships>"""),
            ("book/styles.xml", $"""<styleSheet xmlns="{Main}"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy;@"/></numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs></styleSheet>"""),
            ("book/sheets/one.xml", $"""
                <x:worksheet xmlns:x="{Main}"><x:sheetData>
                  <x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>Employee Code</x:t></x:is></x:c><x:c r="C1" t="inlineStr"><x:is><x:r><x:t>Na</x:t></x:r><x:r><x:t>me</x:t></x:r></x:is></x:c></x:row>
                  <x:row r="4"><x:c r="A4"><x:v>12345</x:v></x:c><x:c r="C4" t="str"><x:f>UPPER("ram")</x:f><x:v>RAM</x:v></x:c><x:c r="D4" s="1"><x:v>45292</x:v></x:c><x:c r="E4" t="b"><x:v>1</x:v></x:c></x:row>
                </x:sheetData></x:worksheet>
                """));

        using var book = SpreadsheetFile.Open(path, "odd.xlsx", new SpreadsheetLimits());
        var rows = book.Sheets.Single().ReadRows().ToList();

        Assert.Equal("Data", book.Sheets[0].Name);
        Assert.Equal([1, 4], rows.Select(r => r.RowNumber));
        Assert.Equal("Employee Code", rows[0][0].Text);
        Assert.True(rows[0][1].IsBlank);
        Assert.Equal("Name", rows[0][2].Text);
        Assert.Equal(new RawCell(CellKind.Number, "12345"), rows[1][0]);
        Assert.Equal(new RawCell(CellKind.Text, "RAM"), rows[1][2]);
        Assert.Equal(new RawCell(CellKind.Date, "45292"), rows[1][3]);
        Assert.Equal(CellKind.Boolean, rows[1][4].Kind);
    }

    [Fact]
    public void Shared_strings_with_rich_text_and_phonetic_runs_keep_every_entry_in_order()
    {
        var path = Package(
            ("xl/workbook.xml", $"""<workbook xmlns="{Main}" xmlns:r="{Rel}"><sheets><sheet name="S" sheetId="1" r:id="a"/></sheets></workbook>"""),
            ("xl/_rels/workbook.xml.rels", $"""<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="a" Type="{Rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="b" Type="{Rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>"""),
            ("xl/sharedStrings.xml", $"""<sst xmlns="{Main}"><si><t>first</t></si><si><r><t>sec</t></r><r><rPr><b/></rPr><t>ond</t></r></si><si><t>third</t><rPh sb="0" eb="1"><t>x</t></rPh></si><si><t xml:space="preserve"> fourth </t></si></sst>"""),
            ("xl/worksheets/sheet1.xml", $"""<worksheet xmlns="{Main}"><sheetData><row><c t="s"><v>0</v></c><c t="s"><v>1</v></c><c t="s"><v>2</v></c><c t="s"><v>3</v></c></row></sheetData></worksheet>"""));

        using var book = SpreadsheetFile.Open(path, "sst.xlsx", new SpreadsheetLimits());
        var row = book.Sheets[0].ReadRows().Single();

        Assert.Equal(["first", "second", "third", " fourth "], row.Cells.Select(c => c.Text));
        Assert.Equal(1, row.RowNumber); // no r attribute: counted
    }

    [Theory]
    [InlineData(14, null, true)]
    [InlineData(0, null, false)]
    [InlineData(164, "dd/mm/yyyy", true)]
    [InlineData(165, "[$-409]d-mmm-yy;@", true)]
    [InlineData(166, "0.00", false)]
    [InlineData(167, "\"Rs.\" #,##0", false)]
    [InlineData(168, "h:mm", false)]
    public void Date_styles_are_recognised(int id, string? code, bool isDate) =>
        Assert.Equal(isDate, XlsxSpreadsheetProbe.IsDateFormat(id, code));

    [Fact]
    public void Utf16_text_gets_a_save_as_utf8_answer()
    {
        var path = Path.Combine(Path.GetTempPath(), $"u16-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "Employee Code,Name\nE1,Ram\n", Encoding.Unicode);
        var error = Assert.Throws<FileProblemException>(() => SpreadsheetFile.Open(path, "roster.csv", new SpreadsheetLimits()));
        Assert.Contains("UTF-16", error.Message);
    }

    [Theory]
    [InlineData(0, "A")]
    [InlineData(25, "Z")]
    [InlineData(26, "AA")]
    [InlineData(701, "ZZ")]
    public void Column_letters(int index, string letters) => Assert.Equal(letters, HeaderMatcher.ColumnLetter(index));

    [Theory]
    [InlineData("  Employee_Code ", "employeecode")]
    [InlineData("E-mail", "email")]
    [InlineData("Mobile (Personal)", "mobilepersonal")]
    [InlineData("कर्मचारी कोड", "कर्मचारीकोड")]
    [InlineData("Date\u00A0of Joining", "dateofjoining")]
    public void Header_keys_fold_case_and_drop_separators(string header, string key) => Assert.Equal(key, HeaderMatcher.Key(header));
}
