using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Portal.Tests.Features.Progress;
using Portal.Web.Features.Access;
using Portal.Web.Features.DemoData;
using static Microsoft.Playwright.Assertions;
using static Portal.Tests.Journeys.JourneySteps;

namespace Portal.Tests.Journeys;

/// <summary>
/// A range office brings in its iGOT report in a real browser: finds the Progress page, pastes the zip's password,
/// uploads the encrypted zip iGOT hands out, reads the preview, imports, and sees the dashboard's completions grow.
/// </summary>
[Collection(JourneyCollection.Name)]
public sealed class ProgressJourneyTests(BrowserPortal portal)
{
    [Fact]
    public Task Range_office_uploads_its_encrypted_igot_zip_imports_it_and_the_dashboard_counts_the_completions() =>
        portal.RunAsync("progress-upload", async page =>
        {
            // Three active police staff of Meerut, by code, e-mail and mobile, each completing a course new to the portal.
            var staff = portal.Rows(
                """
                SELECT e.EmployeeCode, e.Email, e.Mobile FROM Employees e
                JOIN Districts d ON d.Id = e.DistrictId JOIN Departments p ON p.Id = e.DepartmentId
                WHERE e.Status = 1 AND d.Name = 'Meerut' AND p.Name = $police AND e.Email IS NOT NULL AND e.Mobile IS NOT NULL
                ORDER BY e.Id LIMIT 3
                """, ("$police", DemoStateCatalog.PoliceDepartment));
            Assert.Equal(3, staff.Count);
            using var files = new IgotReportFiles();
            var zip = files.Zip([("user-enrollment-report.csv", IgotReportFiles.CsvBytes(IgotReportFiles.EnrolmentHeaders,
            [
                IgotReportFiles.Enrolment(staff[0][0], null, null, "Journey: Digital Policing"),
                IgotReportFiles.Enrolment(null, staff[1][1]!.ToUpperInvariant(), null, "Journey: Digital Policing"),
                IgotReportFiles.Enrolment(null, null, "+91 " + staff[2][2], "Journey: Digital Policing"),
            ]))]);

            await SignInAsync(page, DemoUsers.MeerutRange);
            await Expect(page.GetByTestId("updating")).ToHaveCountAsync(0);
            var before = await CardValueAsync(page, "completions");

            await page.GetByRole(AriaRole.Link, new() { Name = "Progress", Exact = true }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/progress$"));
            await Expect(page.GetByTestId("upload-form")).ToHaveAttributeAsync("data-ready", "true");
            await AssertNoSeriousAccessibilityViolationsAsync(page);
            await page.GetByLabel("Zip password (from iGOT)").FillAsync(IgotReportFiles.Password);
            await page.GetByTestId("progress-file").SetInputFilesAsync(zip);

            // The preview: three rows, each matched its own way, three new completions, one new course; nothing written yet.
            await Expect(page.GetByTestId("preview")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("count-rows")).ToHaveTextAsync("3");
            await Expect(page.GetByTestId("count-by-code")).ToHaveTextAsync("1");
            await Expect(page.GetByTestId("count-by-email")).ToHaveTextAsync("1");
            await Expect(page.GetByTestId("count-by-mobile")).ToHaveTextAsync("1");
            await Expect(page.GetByTestId("count-new-completions")).ToHaveTextAsync("3");
            await Expect(page.GetByTestId("count-new-courses")).ToHaveTextAsync("1");
            Assert.Equal(0, portal.Count("SELECT COUNT(*) FROM Courses WHERE Name = 'Journey: Digital Policing'"));
            await AssertNoSeriousAccessibilityViolationsAsync(page);

            await page.GetByTestId("commit").ClickAsync();
            await Expect(page.GetByTestId("committed")).ToBeVisibleAsync();
            Assert.Equal(3, portal.Count("SELECT COUNT(*) FROM Enrolments x JOIN Courses c ON c.Id = x.CourseId WHERE c.Name = 'Journey: Digital Policing' AND x.Status = 2"));

            // Back on the dashboard: it is recounted in the background ("Updating with the latest upload — reload in a
            // minute"); once the snapshot of the upload is made, a reload shows the three completions.
            await page.GetByRole(AriaRole.Link, new() { Name = "Dashboard", Exact = true }).ClickAsync();
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (portal.Count("SELECT COUNT(*) FROM ComplianceSnapshots WHERE Reason LIKE 'progress upload%'") == 0 && DateTime.UtcNow < deadline)
                await Task.Delay(250);
            await page.ReloadAsync();
            await Expect(page.GetByTestId("completions")).ToHaveTextAsync(Portal.Web.Infrastructure.IndianFormat.Number(before + 3));
            await Expect(page.GetByTestId("updating")).ToHaveCountAsync(0);
        });
}
