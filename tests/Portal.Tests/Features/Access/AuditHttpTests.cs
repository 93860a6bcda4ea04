using System.Net;
using ClosedXML.Excel;
using Portal.Tests.Infrastructure;
using Portal.Web.Features.Access;

namespace Portal.Tests.Features.Access;

/// <summary>Views of an employee's record and the staff export leave an audit entry, through real HTTP.</summary>
public sealed class AuditHttpTests : IClassFixture<AuditHttpTests.App>
{
    public sealed class App : PortalAppFactory;

    private readonly App _app;

    public AuditHttpTests(App app) => _app = app;

    [Fact]
    public async Task Opening_an_employee_page_is_audited_once_with_the_employee_code()
    {
        var (client, _) = await _app.SignInAsync(DemoUsers.LucknowViewer); // starts the app (and seeds its database)
        var id = _app.Scalar("SELECT e.Id FROM Employees e JOIN Districts d ON d.Id = e.DistrictId WHERE d.Name = 'Lucknow' ORDER BY e.Id LIMIT 1 OFFSET 3");
        var code = _app.Rows($"SELECT EmployeeCode FROM Employees WHERE Id = {id}").Single();

        var response = await client.GetAsync($"/employees/{id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(code, await response.Content.ReadAsStringAsync());
        Assert.Equal(1, _app.Scalar($"""
            SELECT COUNT(*) FROM AuditEntries WHERE Action = 'employee-viewed' AND Actor = '{DemoUsers.LucknowViewer}'
            AND Details LIKE '{code} (%' AND Channel = 'web'
            """));
    }

    [Fact]
    public async Task An_employee_outside_the_scope_is_not_found_and_not_audited_as_viewed()
    {
        var (client, _) = await _app.SignInAsync(DemoUsers.HealthHr);
        var id = _app.Scalar($"""
            SELECT e.Id FROM Employees e JOIN Districts d ON d.Id = e.DistrictId JOIN Departments p ON p.Id = e.DepartmentId
            WHERE d.Name = 'Meerut' AND p.Name <> '{DemoUsers.HealthDepartment}' LIMIT 1
            """);
        var before = _app.Scalar($"SELECT COUNT(*) FROM AuditEntries WHERE Action = 'employee-viewed' AND Actor = '{DemoUsers.HealthHr}'");
        var response = await client.GetAsync($"/employees/{id}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(before, _app.Scalar($"SELECT COUNT(*) FROM AuditEntries WHERE Action = 'employee-viewed' AND Actor = '{DemoUsers.HealthHr}'"));
    }

    [Fact]
    public async Task The_staff_export_is_audited_with_its_filters_and_row_count()
    {
        var (client, _) = await _app.SignInAsync(DemoUsers.PoliceHr);

        var response = await client.GetAsync("/export/staff.xlsx");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var workbook = new XLWorkbook(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        var rows = workbook.Worksheets.Single().RowsUsed().Count() - 1;
        var details = _app.Rows($"SELECT Details FROM AuditEntries WHERE Action = 'export' AND Actor = '{DemoUsers.PoliceHr}'").Single();
        Assert.StartsWith("staff list (staff.xlsx), district all, department all;", details);
        Assert.Contains($"; {rows:N0} rows;", details);
        Assert.Contains("exporter's scope:", details);
    }
}
