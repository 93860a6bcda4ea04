using System.Text.RegularExpressions;
using ClosedXML.Excel;
using Microsoft.Playwright;
using Portal.Web.Features.Access;
using static Microsoft.Playwright.Assertions;
using static Portal.Tests.Journeys.JourneySteps;

namespace Portal.Tests.Journeys;

/// <summary>
/// The Meerut range office prepares the weekly meeting: from the dashboard it downloads the review pack (its four
/// districts, the workforce as the raw rows count it) and opens the print page, which passes axe.
/// </summary>
[Collection(JourneyCollection.Name)]
public sealed class ReviewPackJourneyTests(BrowserPortal portal)
{
    [Fact]
    public Task The_range_office_downloads_and_prints_its_review_pack() =>
        portal.RunAsync("review-pack", async page =>
        {
            await SignInAsync(page, DemoUsers.MeerutRange);
            await Expect(page.GetByTestId("review-pack-download")).ToBeVisibleAsync();

            var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("review-pack-download").ClickAsync());
            var file = Path.Combine(Path.GetTempPath(), $"journey-pack-{Guid.NewGuid():N}.xlsx");
            try
            {
                await download.SaveAsAsync(file);
                using var workbook = new XLWorkbook(file);
                var sheet = workbook.Worksheet("Districts");
                var header = sheet.Row(1).CellsUsed().Select(c => c.GetString()).ToList();
                var shown = new Dictionary<string, double>();
                for (var r = 2; !sheet.Cell(r, header.IndexOf("District") + 1).IsEmpty(); r++)
                    shown[sheet.Cell(r, header.IndexOf("District") + 1).GetString()] = sheet.Cell(r, header.IndexOf("Workforce") + 1).GetDouble();
                Assert.Equal(["Baghpat", "Bulandshahr", "Hapur", "Meerut"], shown.Keys.Order());
                foreach (var (district, workforce) in shown)
                    Assert.Equal(portal.Count("""
                        SELECT COUNT(*) FROM Employees e JOIN Districts d ON d.Id = e.DistrictId JOIN Departments p ON p.Id = e.DepartmentId
                        WHERE e.Status = 1 AND p.Name = 'Police' AND d.Name = $district
                        """, ("$district", district)), (long)workforce);
            }
            finally
            {
                File.Delete(file);
            }

            await page.GetByTestId("review-pack-print").ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/review-pack"));
            await Expect(page.GetByTestId("pack-places-row")).ToHaveCountAsync(4);
            await Expect(page.GetByTestId("pack-freshness-row")).ToHaveCountAsync(4);
            await AssertNoSeriousAccessibilityViolationsAsync(page);
        });
}
