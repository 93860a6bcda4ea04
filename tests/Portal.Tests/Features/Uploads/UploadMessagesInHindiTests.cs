using System.Text;
using ClosedXML.Excel;
using Portal.Tests.Features.Rosters;
using Portal.Web.Features.Uploads;
using Portal.Web.Infrastructure.Spreadsheets;
using Portal.Tests.Features.Localization;

namespace Portal.Tests.Features.Uploads;

/// <summary>
/// What the upload machinery words itself (file problems, progress, the error workbook's added column) reaches a Hindi
/// reader in Hindi and an English one unchanged; the uploader's own headings are never translated.
/// </summary>
public sealed class UploadMessagesInHindiTests
{
    private static string Refusal(string path, string name)
    {
        // Some problems show on opening, others (a CSV's encoding) as its rows are read.
        var problem = Assert.Throws<FileProblemException>(() =>
        {
            using var book = SpreadsheetFile.Open(path, name, new SpreadsheetLimits());
            foreach (var sheet in book.Sheets) foreach (var _ in sheet.ReadRows()) { }
        });
        return problem.Message;
    }

    private static string Utf16Csv() =>
        RosterFiles.Bytes([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("Employee Code,Name\r\nA1,Ram\r\n")], ".csv");

    [Fact]
    public void A_UTF_16_CSV_is_refused_in_Hindi_for_a_Hindi_reader_and_in_English_otherwise()
    {
        var path = Utf16Csv();
        using (UiLanguage.Hindi())
        {
            var hindi = Refusal(path, "roster.csv");
            Assert.Equal("फ़ाइल 'roster.csv' UTF-16 (\"Unicode Text\") में है। Excel में Save As > \"CSV UTF-8 (Comma delimited)\" चुनकर सहेजें, या .xlsx फ़ाइल अपलोड करें।", hindi);
        }
        using (UiLanguage.English())
            Assert.Equal("The file 'roster.csv' is UTF-16 (\"Unicode Text\"). In Excel use Save As > \"CSV UTF-8 (Comma delimited)\", or upload the .xlsx.", Refusal(path, "roster.csv"));
    }

    [Fact]
    public void An_ANSI_CSV_an_empty_file_and_a_damaged_workbook_are_refused_in_Hindi()
    {
        using var hindi = UiLanguage.Hindi();
        // "Gāndhī" saved as Windows-1252: the ā is a byte UTF-8 never starts a character with.
        var ansi = RosterFiles.Bytes([.. "Employee Code,Name\nA1,G"u8, 0xE2, .. "ndhi\n"u8], ".csv");
        var notUtf8 = Refusal(ansi, "ansi.csv");
        Assert.StartsWith("फ़ाइल 'ansi.csv' UTF-8 टेक्स्ट नहीं है (पंक्ति ", notUtf8);
        Assert.EndsWith("Excel में Save As > \"CSV UTF-8 (Comma delimited)\" चुनकर सहेजें, या .xlsx फ़ाइल अपलोड करें।", notUtf8);
        Assert.Equal("फ़ाइल 'empty.xlsx' खाली है।", Refusal(RosterFiles.Bytes([], ".xlsx"), "empty.xlsx"));
        var good = File.ReadAllBytes(RosterFiles.Xlsx([RosterFiles.MeerutConstable("T1")]));
        Assert.StartsWith("फ़ाइल 'cut.xlsx' क्षतिग्रस्त या अधूरी है", Refusal(RosterFiles.Bytes(good[..(good.Length / 2)], ".xlsx"), "cut.xlsx"));
    }

    [Fact]
    public void The_progress_texts_and_the_queue_place_are_in_the_readers_language()
    {
        string shown = "";
        var view = new UploadProgressView(() => Task.CompletedTask);
        using (UiLanguage.Hindi())
        {
            Assert.Equal("प्रतीक्षा: आपसे पहले 3 अपलोड हैं", ImportProgress.Queued(3).Phase);
            view.Reporter().Report(new ImportProgress("पंक्तियों की जाँच", 0.5, 12_345));
            shown = view.Text;
        }
        Assert.Equal("पंक्तियों की जाँच: 12,345 पंक्तियाँ", shown);
        using (UiLanguage.English()) Assert.Equal("Waiting: 1 upload ahead of yours", ImportProgress.Queued(1).Phase);
    }

    [Fact]
    public void An_error_workbook_made_for_a_Hindi_reader_has_Hindi_in_its_added_column_and_the_uploaders_own_headings()
    {
        var path = Path.Combine(Path.GetTempPath(), $"errors-{Guid.NewGuid():N}.xlsx");
        try
        {
            var sheet = new StubSheet("Roster");
            var header = new HeaderMap(sheet, 1, new Dictionary<string, int> { ["mobile"] = 1 }, ["Emp Code", "Mobile No"], []);
            var row = new RawRow(3, [new RawCell(CellKind.Text, "A1"), new RawCell(CellKind.Text, "98765")]);
            using (UiLanguage.Hindi())
                ErrorWorkbook.Write(path, header, [(row, [new CellError("mobile", "Mobile (मोबाइल) '98765' में 10 अंक होने चाहिए।")])]);

            using var book = new XLWorkbook(path);
            var ws = book.Worksheet(1);
            Assert.Equal("Roster", ws.Name);
            Assert.Equal(["Emp Code", "Mobile No", "त्रुटियाँ"], [ws.Cell(1, 1).GetString(), ws.Cell(1, 2).GetString(), ws.Cell(1, 3).GetString()]);
            Assert.Equal("[पंक्ति 3] Mobile (मोबाइल) '98765' में 10 अंक होने चाहिए।", ws.Cell(2, 3).GetString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    private sealed class StubSheet(string name) : ISheet
    {
        public string Name => name;
        public IEnumerable<RawRow> ReadRows(CancellationToken ct = default) => [];
    }
}
