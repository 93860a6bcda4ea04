using Microsoft.Extensions.DependencyInjection;
using System.Net;
using ClosedXML.Excel;
using Portal.Tests.Infrastructure;
using Portal.Web.Features.Access;

namespace Portal.Tests.Features.Rosters;

public sealed class RosterHttpTests : IClassFixture<RosterHttpTests.App>
{
    public sealed class App : PortalAppFactory;

    private readonly App _app;

    public RosterHttpTests(App app) => _app = app;

    [Fact]
    public async Task The_template_has_a_hint_row_the_headers_and_lists_of_valid_names_and_reads_back_as_an_empty_roster()
    {
        var (client, _) = await _app.SignInAsync(DemoUsers.MeerutRange);

        var response = await client.GetAsync("/rosters/template.xlsx");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using (var workbook = new XLWorkbook(new MemoryStream(bytes)))
        {
            var roster = workbook.Worksheet("Roster");
            Assert.Contains("Required", roster.Cell(1, 1).GetString());
            Assert.Equal("Employee Code", roster.Cell(2, 1).GetString());
            Assert.Equal("iGOT Registered On", roster.Cell(2, 13).GetString());
            var lists = workbook.Worksheet("Lists");
            // The range office's own districts and department: a row for any other would only be rejected.
            Assert.Equal(["Baghpat", "Bulandshahr", "Hapur", "Meerut"], lists.Column(1).CellsUsed().Skip(1).Select(c => c.GetString()).ToArray());
            Assert.Equal(["Police"], lists.Column(3).CellsUsed().Skip(1).Select(c => c.GetString()).ToArray());
            // District, department, designation, group and status cells offer drop-downs of the lists.
            var validated = roster.DataValidations.SelectMany(v => v.Ranges).Select(r => r.RangeAddress.FirstAddress.ColumnNumber).Order().ToArray();
            Assert.Equal([3, 4, 5, 9, 10], validated);
            Assert.Contains(lists.Column(4).CellsUsed(), c => c.GetString() == "Lekhpal");
        }

        // The template itself is a valid (empty) roster: the hint row sits above the header.
        var path = Path.Combine(Path.GetTempPath(), $"template-{Guid.NewGuid():N}.xlsx");
        await File.WriteAllBytesAsync(path, bytes);
        using var book = Portal.Web.Infrastructure.Spreadsheets.SpreadsheetFile.Open(path, "template.xlsx", new());
        var header = Portal.Web.Infrastructure.Spreadsheets.HeaderMatcher.Find(book, Portal.Web.Features.Rosters.RosterColumns.All, "template.xlsx", out var rows);
        Assert.Equal(2, header.HeaderRowNumber);
        Assert.Empty(header.IgnoredColumns);
        rows.Dispose();
    }

    [Fact]
    public async Task Viewers_cannot_download_the_template_or_open_rosters()
    {
        var (client, _) = await _app.SignInAsync(DemoUsers.LucknowViewer);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/rosters/template.xlsx")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/rosters")).StatusCode);
    }

    [Fact]
    public async Task An_error_workbook_is_for_its_uploader_and_the_state_admin_only()
    {
        _app.Services.GetType(); // make sure the host (and its database) is up
        var (range, _) = await _app.SignInAsync(DemoUsers.MeerutRange);
        await range.GetAsync("/");
        var rosters = _app.Services.GetRequiredService<Portal.Web.Features.Rosters.RosterImportService>();
        var access = _app.Services.GetRequiredService<AccessService>();
        var uploader = (await access.FindByLoginAsync(DemoUsers.MeerutRange))!;
        var result = await rosters.PreviewAsync(uploader, RosterFiles.Xlsx([RosterFiles.MeerutConstable("W1", mobile: "1")]), "bad.xlsx");
        Assert.True(result.HasErrorWorkbook);
        var url = $"/rosters/uploads/{result.BatchId}/errors.xlsx";

        Assert.Equal(HttpStatusCode.OK, (await range.GetAsync(url)).StatusCode);
        var (police, _) = await _app.SignInAsync(DemoUsers.PoliceHr);
        Assert.Equal(HttpStatusCode.NotFound, (await police.GetAsync(url)).StatusCode);
        var (admin, _) = await _app.SignInAsync(DemoUsers.StateAdmin);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(url)).StatusCode);
    }
}
