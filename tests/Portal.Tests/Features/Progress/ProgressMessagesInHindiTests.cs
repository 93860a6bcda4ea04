using ClosedXML.Excel;
using Portal.Tests.Features.Uploads;
using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Features.Progress;
using static Portal.Tests.Features.Progress.IgotReportFiles;
using Portal.Tests.Features.Localization;

namespace Portal.Tests.Features.Progress;

/// <summary>
/// A Hindi reader's iGOT upload: the zip's refusals, row errors and the worklist of unmatched users in Hindi (iGOT's
/// column names as they are), and the English texts unchanged for an English reader.
/// </summary>
public sealed class ProgressMessagesInHindiTests : ProgressUploadTestBase
{
    private async Task<ProgressImportResult> PreviewAsync(string file, string? password)
    {
        var user = await Admin();
        return await ProgressService().PreviewAsync(user, file, Path.GetFileName(file), password);
    }

    [Fact]
    public async Task A_wrong_or_missing_zip_password_is_refused_in_Hindi_and_recorded_so()
    {
        var zip = Files.ReportsZip(ZipEncryption.Aes256);
        ProgressImportResult wrong, missing;
        using (UiLanguage.Hindi())
        {
            wrong = await PreviewAsync(zip, "Xk7#pQ2m@Lw9vRT");
            missing = await PreviewAsync(zip, null);
        }

        Assert.Equal("इस पासवर्ड से यह ज़िप फ़ाइल नहीं खुलती। iGOT से पासवर्ड फिर से कॉपी करें (15 अक्षर)।", wrong.FileProblem);
        Assert.Equal("यह ज़िप फ़ाइल पासवर्ड से सुरक्षित है। iGOT ने डाउनलोड के पास जो पासवर्ड दिखाया था, उसे चिपकाएँ।", missing.FileProblem);
        Assert.Equal(wrong.FileProblem, Db.Rows($"SELECT Message FROM ImportBatches WHERE Id = {wrong.BatchId}", r => r.GetString(0)).Single());

        using (UiLanguage.English())
            Assert.Equal(IgotReportFile.WrongPasswordMessage, (await PreviewAsync(zip, "Xk7#pQ2m@Lw9vRT")).FileProblem);
    }

    [Fact]
    public async Task A_roster_dropped_on_the_progress_page_is_sent_to_the_rosters_page_in_Hindi()
    {
        var roster = Files.Csv(RosterHeaders, [["UP/1", "Ram Kumar", "Constable", "Police", "Meerut", "9876543210", "ram@up.gov.in"]], "roster.csv");
        ProgressImportResult result;
        using (UiLanguage.Hindi()) result = await PreviewAsync(roster, null);
        Assert.Equal("यह कर्मचारी रोस्टर है: इसे रोस्टर पृष्ठ पर अपलोड करें।", result.FileProblem);
    }

    [Fact]
    public async Task Row_errors_name_igots_column_and_say_the_rest_in_Hindi()
    {
        var row = CompletedRow(1);
        row[Array.IndexOf(EnrolmentHeaders, "Completed_On")] = "someday";
        ProgressImportResult result;
        using (UiLanguage.Hindi()) result = await PreviewAsync(Files.EnrolmentCsv(row), null);

        var error = Assert.Single(result.Errors);
        Assert.Equal("Completed_On", error.Column);
        Assert.Equal("Completed_On 'someday' तिथि नहीं है: iGOT तिथि yyyy-mm-dd के रूप में लिखता है (उदाहरण: 2025-04-01)।", error.Message);
    }

    [Fact]
    public async Task The_worklist_of_an_upload_made_in_Hindi_has_Hindi_headings_and_problems()
    {
        var nobody = Enrolment(null, "nobody.anywhere@example.org", null, CourseA);
        ProgressImportResult result;
        using (UiLanguage.Hindi()) result = await PreviewAsync(Files.EnrolmentCsv(nobody), null);

        Assert.True(result.HasWorklist);
        var path = Path.Combine(ImportFolder, result.BatchId.ToString(), ProgressUpload.WorklistFileName);
        using var book = new XLWorkbook(path);
        var sheet = book.Worksheet("बिना मिलान वाले iGOT उपयोगकर्ता");
        Assert.Matches("^'[^']*user-enrollment-report.csv' \\(अपलोड #\\d+\\) के वे iGOT उपयोगकर्ता", sheet.Cell(1, 1).GetString());
        var headings = sheet.RowsUsed().First(r => r.Cell(1).GetString() == "नाम");
        Assert.Equal("कर्मचारी कोड (iGOT के अनुसार)", headings.Cell(4).GetString());
        Assert.Equal("किसी कर्मचारी से मिलान नहीं", sheet.Row(headings.RowNumber() + 1).Cell(7).GetString());
    }

    [Fact]
    public async Task The_worklist_answers_a_Hindi_clerk_in_Hindi_and_an_English_one_in_English()
    {
        var data = new WorklistTestData(Db);
        var clerk = await data.User(DemoUsers.MeerutRange);
        var (_, outside) = await data.EmployeesAsync(clerk, 1);
        WorklistOutcome hindi, english;
        using (UiLanguage.Hindi()) hindi = await data.Service().LinkAsync(clerk, "someone@example.org", outside[0].Id);
        using (UiLanguage.English()) english = await data.Service().LinkAsync(clerk, "someone@example.org", outside[0].Id);

        Assert.False(hindi.Done);
        Assert.Equal("वह कर्मचारी आपके कार्यक्षेत्र में नहीं है (या अब रोस्टर पर नहीं है)। फिर से खोज करें और ऐसा कर्मचारी चुनें जो आपको दिखता हो।", hindi.Message);
        Assert.Equal("That employee is not in your scope (or is no longer on the roster). Search again and choose an employee you can see.", english.Message);
    }
}
