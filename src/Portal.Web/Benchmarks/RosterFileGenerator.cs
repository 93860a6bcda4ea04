using System.Globalization;
using System.IO.Compression;
using System.Xml;
using Portal.Web.Features.DemoData;

namespace Portal.Web.Benchmarks;

/// <summary>
/// Writes a valid roster .xlsx of any size the way Excel stores one: shared strings for text, numbers for
/// codes and mobiles, date serials with a date style. Streams, so a million rows take seconds and little memory.
/// Used by the import benchmark and by tests.
/// </summary>
public static class RosterFileGenerator
{
    public static readonly string[] Headers =
        ["Employee Code", "Name", "Designation", "Department", "District", "Office", "Mobile", "Email", "Group", "Status", "Date of Joining", "iGOT User ID", "iGOT Registered On"];

    public static void Write(string path, int rows, int seed = 1, int firstCode = 1)
    {
        var rng = new Random(seed);
        var districts = DemoStateCatalog.Divisions.SelectMany(d => d.Districts).Select(d => d.Name).ToArray();
        var departments = DemoStateCatalog.Departments.Select(d => d.Name).ToArray();
        var strings = new List<string>();
        var index = new Dictionary<string, int>();
        int S(string s)
        {
            if (!index.TryGetValue(s, out var i)) { i = strings.Count; strings.Add(s); index[s] = i; }
            return i;
        }

        File.Delete(path);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        Part(zip, "[Content_Types].xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>
            """);
        Part(zip, "_rels/.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
            """);
        Part(zip, "xl/workbook.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Roster" sheetId="1" r:id="rId1"/></sheets></workbook>
            """);
        Part(zip, "xl/_rels/workbook.xml.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>
            """);
        // Style 1 = built-in date format 14 (what Excel uses for a typed date).
        Part(zip, "xl/styles.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>
            """);

        var settings = new XmlWriterSettings { Encoding = new System.Text.UTF8Encoding(false) };
        using (var stream = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Fastest).Open())
        using (var w = XmlWriter.Create(stream, settings))
        {
            w.WriteStartDocument(true);
            w.WriteStartElement("worksheet", "http://schemas.openxmlformats.org/spreadsheetml/2006/main");
            w.WriteStartElement("dimension");
            w.WriteAttributeString("ref", $"A1:M{rows + 1}");
            w.WriteEndElement();
            w.WriteStartElement("sheetData");
            Row(w, 1, Headers.Select(h => Cell.Shared(S(h))).ToArray());
            for (var i = 0; i < rows; i++)
            {
                var code = firstCode + i;
                var department = rng.Next(departments.Length);
                var designations = DemoStateCatalog.DesignationsOf(departments[department]);
                var district = districts[rng.Next(districts.Length)];
                var first = DemoStateCatalog.FirstNamesEnglish[rng.Next(DemoStateCatalog.FirstNamesEnglish.Length)];
                var last = DemoStateCatalog.LastNamesEnglish[rng.Next(DemoStateCatalog.LastNamesEnglish.Length)];
                var joined = new DateTime(1995, 1, 1).AddDays(rng.Next(30 * 365)).ToOADate();
                var onboarded = rng.NextDouble() < 0.8;
                Row(w, i + 2,
                [
                    // Half the codes typed as numbers, half as text: both happen in real rosters.
                    i % 2 == 0 ? Cell.Number(code) : Cell.Shared(S($"UP/{code:D7}")),
                    Cell.Shared(S($"{first} {last}")),
                    Cell.Shared(S(designations[rng.Next(designations.Length)].Designation)),
                    Cell.Shared(S(departments[department])),
                    Cell.Shared(S(district)),
                    Cell.Shared(S($"{DemoStateCatalog.Departments[department].OfficePrefix} {1 + rng.Next(3)}, {district}")),
                    Cell.Number(6_000_000_000L + rng.NextInt64(3_999_999_999L)),
                    rng.NextDouble() < 0.5 ? Cell.Shared(S($"emp{code}@up.gov.in")) : Cell.None,
                    Cell.Shared(S(rng.NextDouble() < 0.8 ? "C" : "Group B")),
                    Cell.Shared(S("Active")),
                    Cell.Date(joined),
                    onboarded ? Cell.Shared(S($"igot-{code}")) : Cell.None,
                    onboarded ? Cell.Date(new DateTime(2024, 1, 1).AddDays(rng.Next(600)).ToOADate()) : Cell.None,
                ]);
            }
            w.WriteEndElement();
            w.WriteEndElement();
        }

        using (var stream = zip.CreateEntry("xl/sharedStrings.xml", CompressionLevel.Fastest).Open())
        using (var w = XmlWriter.Create(stream, settings))
        {
            w.WriteStartDocument(true);
            w.WriteStartElement("sst", "http://schemas.openxmlformats.org/spreadsheetml/2006/main");
            w.WriteAttributeString("count", strings.Count.ToString(CultureInfo.InvariantCulture));
            w.WriteAttributeString("uniqueCount", strings.Count.ToString(CultureInfo.InvariantCulture));
            foreach (var s in strings)
            {
                w.WriteStartElement("si");
                w.WriteElementString("t", s);
                w.WriteEndElement();
            }
            w.WriteEndElement();
        }
    }

    private readonly record struct Cell(char Kind, double Value)
    {
        public static readonly Cell None = new('-', 0);
        public static Cell Shared(int index) => new('s', index);
        public static Cell Number(double value) => new('n', value);
        public static Cell Date(double serial) => new('d', serial);
    }

    private static void Row(XmlWriter w, int number, Cell[] cells)
    {
        w.WriteStartElement("row");
        w.WriteAttributeString("r", number.ToString(CultureInfo.InvariantCulture));
        for (var c = 0; c < cells.Length; c++)
        {
            var cell = cells[c];
            if (cell.Kind == '-') continue;
            w.WriteStartElement("c");
            w.WriteAttributeString("r", Portal.Web.Infrastructure.Spreadsheets.HeaderMatcher.ColumnLetter(c) + number.ToString(CultureInfo.InvariantCulture));
            if (cell.Kind == 's') w.WriteAttributeString("t", "s");
            if (cell.Kind == 'd') w.WriteAttributeString("s", "1");
            w.WriteElementString("v", cell.Value.ToString("R", CultureInfo.InvariantCulture));
            w.WriteEndElement();
        }
        w.WriteEndElement();
    }

    private static void Part(ZipArchive zip, string name, string content)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new System.Text.UTF8Encoding(false));
        writer.Write(content.Trim());
    }
}
