using Bunit;
using ClosedXML.Excel;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Portal.Web.Features.Access;
using Portal.Web.Features.Dashboard;
using Portal.Web.Infrastructure;

namespace Portal.Tests.Features.Dashboard;

/// <summary>Each table's export holds the rows the page shows, in the shown order, with the view's filters.</summary>
[Collection(SeededStateCollection.Name)]
public sealed class DashboardExportTests : PortalBunitContext
{
    public DashboardExportTests(SeededStateFixture state) : base(state.Database)
    {
        Services.AddScoped<FileDownload, RecordingDownload>();
        SignInAs(DemoUsers.StateAdmin);
    }

    private RecordingDownload Downloads => (RecordingDownload)Services.GetRequiredService<FileDownload>();

    private NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    [Fact]
    public void The_district_table_export_has_the_searched_rows_in_the_shown_order_with_figures_as_numbers()
    {
        var constable = (int)Db.Scalar("SELECT Id FROM Designations WHERE Name = 'Constable'");
        Navigation.NavigateTo($"/?designation={constable}");
        var page = Render<Home>();
        page.WaitForElement("[data-testid='row-name']");
        page.Find("input[data-testid='table-search'], [data-testid='table-search'] input").Input("Meerut division");
        page.WaitForAssertion(() => Assert.Equal(6, page.FindAll("[data-testid='row-name']").Count));
        var shownNames = page.FindAll("[data-testid='row-name'] a").Select(a => a.TextContent.Trim()).ToList();
        var shownWorkforce = page.FindAll("[data-testid='row-workforce']").Select(c => c.TextContent.Trim()).ToList();

        page.Find("[data-testid='export-table']").Click();

        var (name, content) = Assert.Single(Downloads.Files);
        Assert.EndsWith(".xlsx", name);
        using var workbook = new XLWorkbook(new MemoryStream(content));
        var sheet = workbook.Worksheets.Single();
        var lines = sheet.Column(1).CellsUsed().Select(c => c.GetString()).ToList();
        Assert.Contains(lines, l => l == "Filters: designation Constable");
        Assert.Contains(lines, l => l.Contains("Meerut division"));
        var header = sheet.RowsUsed().First(r => r.Cell(1).GetString() == "Rank");
        var data = sheet.RowsUsed().Where(r => r.RowNumber() > header.RowNumber()).ToList();
        Assert.Equal(shownNames, data.Select(r => r.Cell(3).GetString()));
        Assert.Equal(shownWorkforce, data.Select(r => IndianFormat.Number((long)r.Cell(5).GetDouble())));
        Assert.Equal(Db.Scalar($"""
            SELECT COUNT(*) FROM Employees e JOIN Districts d ON d.Id = e.DistrictId
            WHERE e.Status = 1 AND e.DesignationId = {constable} AND d.Name = '{shownNames[0]}'
            """), (long)data[0].Cell(5).GetDouble());
        Assert.Equal(XLDataType.Number, data[0].Cell(7).DataType); // rates stay numbers (formatted 0.0%)
    }

    [Fact]
    public void The_employee_export_has_every_page_of_the_filtered_list_in_order()
    {
        var lucknow = (int)Db.Scalar("SELECT Id FROM Districts WHERE Name = 'Lucknow'");
        Navigation.NavigateTo($"/?district={lucknow}&view=employees&status=not-onboarded");
        var page = Render<Home>();
        page.WaitForElement("[data-testid='employee-row']");
        var expected = Db.Rows($"""
            SELECT EmployeeCode FROM Employees e WHERE e.Status = 1 AND e.DistrictId = {lucknow}
            AND (e.OnboardedOn IS NULL OR e.OnboardedOn > '{DateTime.Now:yyyy-MM-dd}') ORDER BY e.Name, e.Id
            """, r => r.GetString(0));
        Assert.StartsWith(IndianFormat.Number(expected.Count) + " employees, not onboarded as of", page.Find("[data-testid='employee-count']").TextContent.Trim());
        Assert.Equal(Math.Min(expected.Count, EmployeeList.PageSize), page.FindAll("[data-testid='employee-row']").Count);

        page.Find("[data-testid='export-employees']").Click();

        page.WaitForAssertion(() => Assert.Single(Downloads.Files));
        using var workbook = new XLWorkbook(new MemoryStream(Downloads.Files[0].Content));
        var sheet = workbook.Worksheets.Single();
        var header = sheet.RowsUsed().First(r => r.Cell(1).GetString() == "Code");
        var codes = sheet.RowsUsed().Where(r => r.RowNumber() > header.RowNumber()).Select(r => r.Cell(1).GetString()).ToList();
        Assert.Equal(expected, codes);
    }

    [Fact]
    public void An_employees_course_export_has_the_courses_as_listed()
    {
        var employee = (int)Db.Scalar("SELECT EmployeeId FROM Enrolments WHERE Status = 2 GROUP BY EmployeeId HAVING COUNT(*) >= 3 LIMIT 1");
        var page = Render<EmployeePage>(p => p.Add(x => x.EmployeeId, employee));
        page.WaitForElement("[data-testid='enrolment-row']");
        var shown = page.FindAll("[data-testid='enrolment-row']").Select(r => (Course: r.Children[0].TextContent.Trim(), Hours: r.Children[6].TextContent.Trim())).ToList();

        page.Find("[data-testid='export-courses']").Click();

        using var workbook = new XLWorkbook(new MemoryStream(Assert.Single(Downloads.Files).Content));
        var sheet = workbook.Worksheets.Single();
        var header = sheet.RowsUsed().First(r => r.Cell(1).GetString() == "Course");
        var rows = sheet.RowsUsed().Where(r => r.RowNumber() > header.RowNumber()).ToList();
        Assert.Equal(shown.Select(s => s.Course), rows.Select(r => r.Cell(1).GetString()));
        Assert.Equal(shown.Select(s => s.Hours), rows.Select(r => r.Cell(7).GetDouble().ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(Db.Scalar($"SELECT COUNT(*) FROM Enrolments WHERE EmployeeId = {employee}"), rows.Count);
    }

    [Fact]
    public void A_viewer_is_offered_no_export()
    {
        SignInAs(DemoUsers.LucknowViewer);
        var page = Render<Home>();
        page.WaitForElement("[data-testid='row-name']");

        Assert.Empty(page.FindAll("[data-testid='export-table']"));
    }
}
