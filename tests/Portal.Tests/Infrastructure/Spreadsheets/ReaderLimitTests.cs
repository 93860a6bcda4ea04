using System.IO.Compression;
using System.Text;
using Portal.Web.Features.Rosters;
using Portal.Web.Infrastructure.Spreadsheets;
using Portal.Web.Benchmarks;

namespace Portal.Tests.Infrastructure.Spreadsheets;

/// <summary>What a file controls is bounded by the readers, and whatever a broken file makes them throw is a FileProblemException.</summary>
public sealed class ReaderLimitTests
{
    private static string Temp(string extension) => Path.Combine(Path.GetTempPath(), $"limits-{Guid.NewGuid():N}{extension}");

    private static List<RawRow> ReadAll(string path, SpreadsheetLimits? limits = null)
    {
        using var book = SpreadsheetFile.Open(path, Path.GetFileName(path), limits ?? new SpreadsheetLimits());
        return book.Sheets.SelectMany(s => s.ReadRows()).ToList();
    }

    private static string Sheet(string rowsXml, string? prefix = null, IEnumerable<string>? sharedStrings = null)
    {
        var path = Temp(".xlsx");
        HostileRosterFiles.Workbook(path, w => w.Write(rowsXml), sharedStrings: sharedStrings, sheetPrefix: prefix);
        return path;
    }

    [Fact]
    public void A_cell_in_column_XFD_is_dropped_without_padding_the_row()
    {
        var rows = ReadAll(Sheet("""<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="XFD1" t="inlineStr"><is><t>far</t></is></c></row>"""));

        Assert.Equal("a", rows.Single()[0].Text);
        Assert.Single(rows.Single().Cells);
    }

    [Fact]
    public void Cells_are_kept_up_to_the_column_limit_only()
    {
        var cells = string.Concat(Enumerable.Range(0, 400).Select(i => $"<c t=\"inlineStr\"><is><t>v{i}</t></is></c>"));
        var row = ReadAll(Sheet($"<row r=\"1\">{cells}</row>"), new SpreadsheetLimits { MaxColumns = 300 }).Single();

        Assert.Equal(300, row.Cells.Length);
        Assert.Equal("v299", row[299].Text);
    }

    [Fact]
    public void Cell_references_that_overflow_or_lie_are_skipped_not_thrown()
    {
        var rows = ReadAll(Sheet("""<row r="99999999999"><c r="AAAAAAAAAAAAAAAAAAAAAAAAAAAA1" t="inlineStr"><is><t>x</t></is></c><c r="B1"><v>7</v></c><c r="ZZZZZZ1"><v>8</v></c><c r="1" t="d"><v>0001-01-05</v></c></row>"""));

        var row = rows.Single();
        Assert.Equal("7", row[1].Text);
        Assert.Equal(CellKind.Text, row[2].Kind); // a 'd' cell before 1900 stays text rather than overflowing
        Assert.True(row.Cells.Length <= 3);
    }

    [Fact]
    public void A_long_cell_is_cut_to_the_cell_limit()
    {
        var text = new string('x', 50_000);
        var rows = ReadAll(Sheet($"<row r=\"1\"><c t=\"inlineStr\"><is><t>{text}</t></is></c><c><v>{text}</v></c><c t=\"s\"><v>0</v></c></row>", sharedStrings: [text]));

        Assert.All(rows.Single().Cells, c => Assert.Equal(32_767, c.Text.Length));
    }

    [Fact]
    public void A_value_longer_than_the_token_limit_is_a_file_problem()
    {
        var problem = Assert.Throws<FileProblemException>(() => ReadAll(Sheet($"<row r=\"1\"><c><v>{new string('1', 3 << 20)}</v></c></row>"), new SpreadsheetLimits { MaxXmlTokenBytes = 1 << 20 }));
        Assert.Contains("single value or tag of more than 1 MB", problem.Message);
    }

    [Fact]
    public void Too_many_shared_strings_or_too_much_shared_text_is_a_file_problem()
    {
        var path = Sheet("<row r=\"1\"><c t=\"s\"><v>0</v></c></row>", sharedStrings: Enumerable.Range(0, 1001).Select(i => $"s{i}"));
        Assert.Contains("more than 1,000 different texts", Assert.Throws<FileProblemException>(() => ReadAll(path, new SpreadsheetLimits { MaxSharedStrings = 1000 })).Message);

        var bulky = Sheet("<row r=\"1\"><c t=\"s\"><v>0</v></c></row>", sharedStrings: Enumerable.Range(0, 100).Select(i => new string('k', 20_000)));
        Assert.Contains("of text in its shared-string table", Assert.Throws<FileProblemException>(() => ReadAll(bulky, new SpreadsheetLimits { MaxSharedStringBytes = 1 << 20 })).Message);
    }

    [Fact]
    public void Shared_strings_across_storage_blocks_read_back_exactly()
    {
        // 4 MB blocks: 3,000 strings of 3,000 Hindi characters (9 KB each) fill several.
        var strings = Enumerable.Range(0, 3000).Select(i => i + new string('क', 3000)).ToList();
        var cells = string.Concat(Enumerable.Range(0, 3000).Select(i => $"<row r=\"{i + 1}\"><c t=\"s\"><v>{2999 - i}</v></c></row>"));
        var rows = ReadAll(Sheet(cells, sharedStrings: strings));

        Assert.Equal(3000, rows.Count);
        for (var i = 0; i < 3000; i++) Assert.Equal(strings[2999 - i], rows[i][0].Text);
    }

    [Fact]
    public void More_zip_entries_than_the_limit_is_refused_before_the_archive_is_read()
    {
        var path = Temp(".xlsx");
        HostileRosterFiles.ManyEntries(path, 300);
        var problem = Assert.Throws<FileProblemException>(() => ReadAll(path, new SpreadsheetLimits { MaxZipEntries = 200 }));
        Assert.Contains("more than 200 packed files", problem.Message);
        Assert.Equal(2, ReadAll(path, new SpreadsheetLimits { MaxZipEntries = 400 }).Count);
    }

    [Fact]
    public void A_doctype_is_a_file_problem_not_an_XmlException()
    {
        var path = Sheet("<row r=\"1\"><c><v>1</v></c></row>", prefix: "<?xml version=\"1.0\"?><!DOCTYPE worksheet [<!ENTITY x \"xx\">]>");
        Assert.Contains("DOCTYPE", Assert.Throws<FileProblemException>(() => ReadAll(path)).Message);
    }

    [Fact]
    public void Malformed_xml_in_a_sheet_is_a_file_problem_naming_the_sheet_and_row()
    {
        var path = Sheet("<row r=\"1\"><c><v>1</v></c></row><row r=\"2\"><c><v>2</c></row>");
        var problem = Assert.Throws<FileProblemException>(() => ReadAll(path));
        Assert.Contains("sheet 'Roster', after row 1", problem.Message);
    }

    [Fact]
    public void A_corrupt_deflate_stream_found_mid_sheet_is_a_file_problem()
    {
        var path = Temp(".xlsx");
        RosterFileGenerator.Write(path, 3000);
        long start, length;
        using (var zip = ZipFile.OpenRead(path))
        {
            var entry = zip.Entries.Single(e => e.FullName.Contains("worksheets/sheet1"));
            length = entry.CompressedLength;
            // The local header: 30 bytes plus the name and extra field; ZipArchive does not expose the offset, so find the name.
            var bytes = File.ReadAllBytes(path);
            var name = Encoding.ASCII.GetBytes(entry.FullName);
            var at = bytes.AsSpan().IndexOf(name);
            start = at + name.Length + BitConverter.ToUInt16(bytes, at - 2);
        }
        var data = File.ReadAllBytes(path);
        var random = new Random(3);
        for (var i = 0; i < 64; i++) data[start + length / 2 + i] = (byte)random.Next(256);
        File.WriteAllBytes(path, data);

        var problem = Assert.Throws<FileProblemException>(() => ReadAll(path));
        Assert.Contains("damaged", problem.Message);
    }

    [Fact]
    public void A_csv_field_and_row_are_cut_to_the_limits()
    {
        var path = Temp(".csv");
        File.WriteAllText(path, "a," + new string('z', 100_000) + "," + string.Join(",", Enumerable.Range(0, 1000)) + "\n\"" + new string('q', 40_000) + "\"\n");
        var rows = ReadAll(path);

        Assert.Equal(256, rows[0].Cells.Length);
        Assert.Equal(32_767, rows[0][1].Text.Length);
        Assert.Equal(32_767, rows[1][0].Text.Length);
    }
}
