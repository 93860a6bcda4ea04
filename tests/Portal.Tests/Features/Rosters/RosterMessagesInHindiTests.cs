using System.Text;
using ClosedXML.Excel;
using Portal.Tests.Features.Uploads;
using Portal.Web.Data;
using Portal.Web.Features.Rosters;
using Portal.Tests.Features.Localization;

namespace Portal.Tests.Features.Rosters;

/// <summary>
/// A Hindi reader's roster upload: row errors, the error workbook, a refused file, the history's summary and the
/// template's hints in Hindi, with the contract's column headings as they are; an English reader's unchanged.
/// </summary>
public sealed class RosterMessagesInHindiTests : RosterImportTestBase
{
    private static string BadRows() => RosterFiles.Xlsx(
    [
        RosterFiles.MeerutConstable("H1", mobile: "98765"),
        ["H2", "Sita Devi", "Constable", "Police", "Meeruth", null, null, null, null],
    ]);

    [Fact]
    public async Task Row_errors_and_the_error_workbook_are_in_Hindi_for_a_Hindi_uploader()
    {
        var file = BadRows();
        var user = await MeerutRange();
        Portal.Web.Features.Rosters.RosterImportResult result;
        using (UiLanguage.Hindi()) result = await Service().PreviewAsync(user, file, "roster.xlsx");

        Assert.Equal(2, result.Rejected);
        Assert.Contains(result.Errors, e => e is { Row: 2, Column: "Mobile" } && e.Message == "Mobile (मोबाइल) '98765' में 10 अंक होने चाहिए।");
        Assert.Contains(result.Errors, e => e is { Row: 3, Column: "District" } && e.Message == "अज्ञात जनपद 'Meeruth'। क्या आपका आशय Meerut है?");
        Assert.Equal("शीट 'Roster', पंक्ति 1", result.HeaderLocation);
        Assert.StartsWith("जाँचा गया: 0 नए", Db.Rows($"SELECT Message FROM ImportBatches WHERE Id = {result.BatchId}", r => r.GetString(0)).Single());

        using var book = new XLWorkbook(Service().ErrorWorkbookPathOf(result.BatchId));
        var sheet = book.Worksheet(1);
        // The uploader's own headings, then the added column in Hindi.
        Assert.Equal([.. RosterFiles.Headers, "त्रुटियाँ"], sheet.Row(1).CellsUsed().Select(c => c.GetString()).ToArray());
        Assert.StartsWith("[पंक्ति 2] Mobile (मोबाइल)", sheet.Cell(2, RosterFiles.Headers.Length + 1).GetString());
    }

    [Fact]
    public async Task The_same_file_uploaded_again_is_flagged_in_Hindi()
    {
        var file = BadRows();
        var user = await MeerutRange();
        Portal.Web.Features.Rosters.RosterImportResult first, again;
        using (UiLanguage.Hindi())
        {
            first = await Service().PreviewAsync(user, file, "roster.xlsx");
            again = await Service().PreviewAsync(user, file, "roster.xlsx");
        }
        Assert.StartsWith("यही फ़ाइल पहले भी अपलोड की गई थी: 'roster.xlsx',", again.PreviousUpload);
        Assert.EndsWith($"(अपलोड #{first.BatchId}, जाँचा गया)।", again.PreviousUpload);
    }

    [Fact]
    public async Task The_same_file_gives_English_errors_to_an_English_uploader()
    {
        var user = await MeerutRange();
        Portal.Web.Features.Rosters.RosterImportResult result;
        using (UiLanguage.English()) result = await Service().PreviewAsync(user, BadRows(), "roster.xlsx");

        Assert.Contains(result.Errors, e => e.Message == "Mobile '98765' must have 10 digits.");
        Assert.Contains(result.Errors, e => e.Message == "Unknown district 'Meeruth'. Did you mean Meerut?");
        using var book = new XLWorkbook(Service().ErrorWorkbookPathOf(result.BatchId));
        Assert.Equal("Errors", book.Worksheet(1).Cell(1, RosterFiles.Headers.Length + 1).GetString());
    }

    [Fact]
    public async Task A_refused_file_is_recorded_with_the_Hindi_reason_for_a_Hindi_uploader()
    {
        var utf16 = RosterFiles.Bytes([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("Employee Code,Name\r\n")], ".csv");
        var user = await MeerutRange();
        Portal.Web.Features.Rosters.RosterImportResult result;
        using (UiLanguage.Hindi()) result = await Service().PreviewAsync(user, utf16, "roster.csv");

        Assert.True(result.FileRejected);
        Assert.StartsWith("फ़ाइल 'roster.csv' UTF-16", result.FileProblem);
        var batch = Db.Rows($"SELECT Outcome, Message FROM ImportBatches WHERE Id = {result.BatchId}", r => (r.GetInt32(0), r.GetString(1))).Single();
        Assert.Equal(((int)ImportOutcome.Failed, result.FileProblem), batch);
    }

    [Fact]
    public async Task The_templates_hint_row_is_Hindi_for_a_Hindi_reader_and_its_headings_stay_the_contracts()
    {
        var scope = (await MeerutRange()).Scope;
        byte[] hindi, english;
        using (UiLanguage.Hindi()) hindi = await RosterTemplate.BuildAsync(Db.Factory, scope, CancellationToken.None);
        using (UiLanguage.English()) english = await RosterTemplate.BuildAsync(Db.Factory, scope, CancellationToken.None);

        using var hindiBook = new XLWorkbook(new MemoryStream(hindi));
        using var englishBook = new XLWorkbook(new MemoryStream(english));
        var h = hindiBook.Worksheet("Roster");
        var e = englishBook.Worksheet("Roster");
        Assert.Equal("आवश्यक। सेवा पुस्तिका के अनुसार", h.Cell(1, 2).GetString());
        Assert.Equal("Required. As in the service book", e.Cell(1, 2).GetString());
        var headings = RosterColumns.All.Select(c => c.DisplayName).ToArray();
        Assert.Equal(headings, h.Row(2).CellsUsed().Select(c => c.GetString()).ToArray());
        Assert.Equal(headings, e.Row(2).CellsUsed().Select(c => c.GetString()).ToArray());
        Assert.All(h.Row(1).CellsUsed(), c => Assert.Matches("[\u0900-\u097F]", c.GetString()));
        Assert.Equal("जनपद (अंग्रेज़ी नाम)", hindiBook.Worksheet("Lists").Cell(1, 1).GetString());
    }
}
