using Microsoft.Playwright;
using Portal.Web.Features.Access;
using static Microsoft.Playwright.Assertions;
using static Portal.Tests.Journeys.JourneySteps;

namespace Portal.Tests.Journeys;

/// <summary>What a real browser visit leaves in the audit trail.</summary>
[Collection(JourneyCollection.Name)]
public sealed class AuditJourneyTests(BrowserPortal portal)
{
    [Fact]
    public Task Opening_an_employee_page_is_one_audit_entry_though_the_page_renders_twice() =>
        portal.RunAsync("employee-view-audit", async page =>
        {
            await SignInAsync(page, DemoUsers.LucknowViewer);
            var employee = portal.Rows("""
                SELECT e.Id, e.EmployeeCode FROM Employees e JOIN Districts d ON d.Id = e.DistrictId
                WHERE d.Name = 'Lucknow' ORDER BY e.Id DESC LIMIT 1
                """).Single();
            const string viewed = "SELECT COUNT(*) FROM AuditEntries WHERE Action = 'employee-viewed' AND Actor = $actor AND Details LIKE $code";
            (string, object)[] parameters = [("$actor", DemoUsers.LucknowViewer), ("$code", employee[1] + " (%")];

            // Prerendered HTML first, then the interactive circuit renders the page again.
            await page.RunAndWaitForWebSocketAsync(() => page.GotoAsync($"/employees/{employee[0]}"));
            await Expect(page.GetByTestId("employee-code")).ToHaveTextAsync(employee[1]!);
            await page.WaitForTimeoutAsync(2_000);

            Assert.Equal(1, portal.Count(viewed, parameters));
        });
}
