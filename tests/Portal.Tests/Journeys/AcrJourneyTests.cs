using System.Text.RegularExpressions;
using ClosedXML.Excel;
using Microsoft.Playwright;
using Portal.Web.Features.Access;
using static Microsoft.Playwright.Assertions;
using static Portal.Tests.Journeys.JourneySteps;

namespace Portal.Tests.Journeys;

/// <summary>
/// The Police HR cell's ACR reports in a real browser: finds Reports, narrows to a district and an office, opens an
/// employee's statement, and exports the office's workbook, whose rows are the office's employees.
/// </summary>
[Collection(JourneyCollection.Name)]
public sealed class AcrJourneyTests(BrowserPortal portal)
{
    [Fact]
    public Task Hr_cell_narrows_to_an_office_opens_a_statement_and_exports_the_office() =>
        portal.RunAsync("acr-reports", async page =>
        {
            await SignInAsync(page, DemoUsers.PoliceHr);
            await page.GetByRole(AriaRole.Link, new() { Name = "Reports", Exact = true }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/reports"));
            await Expect(page.GetByTestId("acr-choices")).ToHaveAttributeAsync("data-ready", "true");
            await Expect(page.GetByTestId("acr-year")).ToContainTextAsync("2025-26");
            await AssertNoSeriousAccessibilityViolationsAsync(page);

            // A district, then its first office: the counts narrow, and the employee list follows.
            await page.GetByTestId("acr-count-row").Locator("a").Filter(new() { HasTextRegex = new Regex("^Meerut$") }).ClickAsync();
            await Expect(page.GetByTestId("acr-counts")).ToContainTextAsync("Office");
            var office = (await page.GetByTestId("acr-count-row").First.Locator("a").InnerTextAsync()).Trim();
            await page.GetByTestId("acr-count-row").First.Locator("a").ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("office="));
            await Expect(page.GetByTestId("acr-choices")).ToHaveAttributeAsync("data-ready", "true");
            // The list has followed the choice when its rows are the office's (the Office column).
            await Expect(page.GetByTestId("acr-employee-row").First).ToContainTextAsync(office);
            await Expect(page.GetByTestId("acr-count-row")).ToHaveCountAsync(1);
            var total = ParseIndian((await page.GetByTestId("acr-count-total").Locator("th").Last.InnerTextAsync()).Trim());
            Assert.True(total > 0, $"office '{office}' has no employees");

            // The first employee's statement: the same verdict as in the list.
            var row = page.GetByTestId("acr-employee-row").First;
            var code = (await row.GetByTestId("acr-statement-link").InnerTextAsync()).Trim();
            var verdict = (await row.GetByTestId("acr-employee-verdict").InnerTextAsync()).Trim();
            var listUrl = page.Url;
            await row.GetByTestId("acr-statement-link").ClickAsync();
            await Expect(page.GetByTestId("statement-code")).ToContainTextAsync(code);
            await Expect(page.GetByTestId("statement-verdict")).ToContainTextAsync(verdict);
            await AssertNoSeriousAccessibilityViolationsAsync(page);

            // The office's workbook: the employees sheet first, one row per employee of the office.
            await page.GotoAsync(listUrl);
            await Expect(page.GetByTestId("acr-choices")).ToHaveAttributeAsync("data-ready", "true");
            var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("acr-export").ClickAsync());
            var file = Path.Combine(Path.GetTempPath(), $"acr-journey-{Guid.NewGuid():N}.xlsx");
            await download.SaveAsAsync(file);
            try
            {
                using var workbook = new XLWorkbook(file);
                var sheet = workbook.Worksheets.First();
                var header = sheet.RowsUsed().First(r => r.CellsUsed().Any(c => c.GetString() == "Employee Code"));
                var headers = header.CellsUsed().Select(c => c.GetString()).ToList();
                Assert.Contains("Learning Hours", headers);
                Assert.Contains("Verdict", headers);
                var codeColumn = header.CellsUsed().First(c => c.GetString() == "Employee Code").Address.ColumnNumber;
                var codes = sheet.RowsUsed().Where(r => r.RowNumber() > header.RowNumber()).Select(r => r.Cell(codeColumn).GetString()).ToList();
                Assert.Equal(total, codes.Count);
                Assert.Contains(code, codes);
            }
            finally { File.Delete(file); }
        });
}
