using Microsoft.Extensions.Logging.Abstractions;
using Portal.Tests.Features.Progress;
using Portal.Tests.Features.Rosters;
using Portal.Tests.Features.Uploads;
using Portal.Web.Features.CbPlans;
using static Portal.Tests.Features.Progress.IgotReportFiles;
using Portal.Tests.Features.Localization;

namespace Portal.Tests.Features.CbPlans;

/// <summary>A Hindi reader's CB plan upload: the file's refusal and the rows' errors in Hindi, iGOT's column names as they are.</summary>
public sealed class CbPlanMessagesInHindiTests : RosterImportTestBase
{
    private readonly IgotReportFiles _files = new();

    private CbPlanImportService CbPlans() => new(Db.Factory, Options, TimeProvider.System, NullLogger<CbPlanImportService>.Instance);

    [Fact]
    public async Task A_report_without_the_due_date_column_is_refused_in_Hindi_and_in_English_for_an_English_reader()
    {
        var headers = CbPlanHeaders.Where(h => h != "Due Date of Completion").ToArray();
        var row = CbPlanRow(1).Where((_, i) => CbPlanHeaders[i] != "Due Date of Completion").ToArray();
        var file = _files.Csv(headers, [row], "CBPEnrollmentReport.csv");
        var admin = await Admin();

        CbPlanImportResult hindi, english;
        using (UiLanguage.Hindi()) hindi = await CbPlans().PreviewAsync(admin, file, "CBPEnrollmentReport.csv", null);
        using (UiLanguage.English()) english = await CbPlans().PreviewAsync(admin, file, "CBPEnrollmentReport.csv", null);

        Assert.StartsWith("क्षमता निर्माण (CB) योजना रिपोर्ट 'CBPEnrollmentReport.csv' में 'Due Date of Completion' स्तंभ नहीं है:", hindi.FileProblem);
        Assert.StartsWith("The CB plan report 'CBPEnrollmentReport.csv' has no 'Due Date of Completion' column:", english.FileProblem);
    }

    [Fact]
    public async Task A_row_with_an_empty_due_date_is_rejected_in_Hindi()
    {
        var row = CbPlanRow(1);
        row[Array.IndexOf(CbPlanHeaders, "Due Date of Completion")] = "";
        var file = _files.Csv(CbPlanHeaders, [row], "CBPEnrollmentReport.csv");
        CbPlanImportResult result;
        using (UiLanguage.Hindi()) result = await CbPlans().PreviewAsync(await Admin(), file, "CBPEnrollmentReport.csv", null);

        var error = Assert.Single(result.Errors);
        Assert.Equal("Due Date of Completion", error.Column);
        Assert.Equal("Due Date of Completion खाली है: नियत तिथि के बिना पाठ्यक्रम को ACR रिपोर्ट के किसी रिपोर्टिंग वर्ष में नहीं रखा जा सकता।", error.Message);
    }
}
