using System.Net;
using ClosedXML.Excel;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Portal.Tests.Features.Rosters;
using Portal.Tests.Infrastructure;
using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Features.Progress;
using Portal.Web.Features.Rosters;
using static Portal.Tests.Features.Progress.IgotReportFiles;

namespace Portal.Tests.Features.Progress;

/// <summary>
/// An iGOT upload's workbooks on the real app: /progress/uploads/{id}/errors.xlsx and worklist.xlsx are the uploader's
/// (and the state admin's), anyone else's upload is 404, a viewer never reaches them, and every download is an audited export.
/// </summary>
public sealed class ProgressHttpTests : IClassFixture<ProgressHttpTests.App>, IDisposable
{
    public sealed class App : PortalAppFactory;

    private readonly App _app;
    private readonly IgotReportFiles _files = new();

    public ProgressHttpTests(App app) => _app = app;

    public void Dispose() => _files.Dispose();

    private const string Stranger = "http.stranger@example.org";

    private List<(int Id, string Code, string Email, int DistrictId, int DepartmentId)> Staff()
    {
        using var connection = new SqliteConnection($"Data Source={_app.DatabaseFile}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT e.Id, e.EmployeeCode, e.Email, e.DistrictId, e.DepartmentId FROM Employees e
            WHERE e.Status = 1 AND e.Email IS NOT NULL AND (SELECT COUNT(*) FROM Employees x WHERE x.Email = e.Email) = 1 ORDER BY e.Id
            """;
        using var reader = command.ExecuteReader();
        var rows = new List<(int, string, string, int, int)>();
        while (reader.Read()) rows.Add((reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetInt32(4)));
        return rows;
    }

    /// <summary>The Meerut range previews a report with one of its staff's rows rejected and one iGOT user nobody matches.</summary>
    private async Task<(ProgressImportResult Result, string RejectedEmail)> RangePreviewAsync()
    {
        await (await _app.SignInAsync(DemoUsers.MeerutRange)).Client.GetAsync("/");
        var access = _app.Services.GetRequiredService<AccessService>();
        var range = (await access.FindByLoginAsync(DemoUsers.MeerutRange))!;
        var mine = Staff().Where(s => range.Scope.Includes(s.DistrictId, s.DepartmentId)).Take(2).ToList();
        var zip = _files.Zip([("user-enrollment-report.csv", CsvBytes(EnrolmentHeaders,
        [
            Enrolment(mine[0].Code, null, null, "Progress Http Course"),
            Enrolment(null, mine[1].Email, null, "Progress Http Course", enrolled: "not a date"),
            Enrolment(null, Stranger, null, "Progress Http Course", name: "Http Stranger"),
        ]))], ZipEncryption.Aes256);
        var result = await _app.Services.GetRequiredService<ProgressImportService>().PreviewAsync(range, zip, "Meerut reports.zip", Password);
        Assert.True(result.CanCommit, result.FileProblem);
        Assert.True(result.HasErrorWorkbook);
        Assert.True(result.HasWorklist);
        return (result, mine[1].Email);
    }

    private long Exports(string actor, string detailsLike) =>
        _app.Scalar($"SELECT COUNT(*) FROM AuditEntries WHERE Action = '{AuditActions.Export}' AND Actor = '{actor}' AND Details LIKE '{detailsLike}'");

    [Fact]
    public async Task The_uploader_downloads_the_worklist_and_the_rejected_rows_and_each_download_is_audited()
    {
        var (result, rejectedEmail) = await RangePreviewAsync();
        var (range, _) = await _app.SignInAsync(DemoUsers.MeerutRange);

        var worklist = await range.GetAsync($"/progress/uploads/{result.BatchId}/worklist.xlsx");
        var errors = await range.GetAsync($"/progress/uploads/{result.BatchId}/errors.xlsx");

        Assert.Equal(HttpStatusCode.OK, worklist.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", worklist.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Meerut reports-unmatched.xlsx", worklist.Content.Headers.ContentDisposition?.FileNameStar ?? worklist.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        using (var book = new XLWorkbook(new MemoryStream(await worklist.Content.ReadAsByteArrayAsync())))
        {
            var row = Assert.Single(book.Worksheet(UnmatchedWorkbook.SheetName).CellsUsed(), c => c.GetString() == Stranger).WorksheetRow();
            Assert.Equal("Http Stranger", row.Cell(1).GetString());
        }
        Assert.Equal(HttpStatusCode.OK, errors.StatusCode);
        Assert.Equal("Meerut reports-errors.xlsx", errors.Content.Headers.ContentDisposition?.FileNameStar ?? errors.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        using (var book = new XLWorkbook(new MemoryStream(await errors.Content.ReadAsByteArrayAsync())))
            Assert.Contains(book.Worksheet(1).CellsUsed(), c => c.GetString().Equals(rejectedEmail, StringComparison.OrdinalIgnoreCase));

        Assert.Equal(1, Exports(DemoUsers.MeerutRange, $"unmatched iGOT users of upload {result.BatchId}; 1 rows (Meerut reports-unmatched.xlsx)%"));
        Assert.Equal(1, Exports(DemoUsers.MeerutRange, $"rejected rows of upload {result.BatchId}; 1 rows (Meerut reports-errors.xlsx)%"));

        // The state admin may download them too (and is audited as itself).
        var (admin, _) = await _app.SignInAsync(DemoUsers.StateAdmin);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/progress/uploads/{result.BatchId}/worklist.xlsx")).StatusCode);
        Assert.Equal(1, Exports(DemoUsers.StateAdmin, $"unmatched iGOT users of upload {result.BatchId}%"));
    }

    [Fact]
    public async Task Another_uploader_gets_404_and_a_viewer_is_refused_and_neither_is_audited_as_an_export()
    {
        var (result, _) = await RangePreviewAsync();
        string[] urls = [$"/progress/uploads/{result.BatchId}/worklist.xlsx", $"/progress/uploads/{result.BatchId}/errors.xlsx"];
        var exportsBefore = _app.Scalar($"SELECT COUNT(*) FROM AuditEntries WHERE Action = '{AuditActions.Export}'");

        var (police, _) = await _app.SignInAsync(DemoUsers.PoliceHr);
        var (viewer, _) = await _app.SignInAsync(DemoUsers.LucknowViewer);
        foreach (var url in urls)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await police.GetAsync(url)).StatusCode);
            // The group requires the Uploader policy: cookie sign-in answers a forbidden request with a redirect to the "access denied" page (no 403).
            var refused = await viewer.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
            Assert.StartsWith(SignInSetup.DeniedPath, refused.Headers.Location?.OriginalString.Replace("http://localhost", ""));
        }
        Assert.Equal(exportsBefore, _app.Scalar($"SELECT COUNT(*) FROM AuditEntries WHERE Action = '{AuditActions.Export}'"));
    }

    [Fact]
    public async Task Upload_files_are_found_only_under_their_own_kind()
    {
        var (progress, _) = await RangePreviewAsync();
        var access = _app.Services.GetRequiredService<AccessService>();
        var uploader = (await access.FindByLoginAsync(DemoUsers.MeerutRange))!;
        var roster = await _app.Services.GetRequiredService<RosterImportService>()
            .PreviewAsync(uploader, RosterFiles.Xlsx([RosterFiles.MeerutConstable("PH1", mobile: "1")]), "bad.xlsx");
        Assert.True(roster.HasErrorWorkbook);
        var (range, _) = await _app.SignInAsync(DemoUsers.MeerutRange);

        Assert.Equal(HttpStatusCode.OK, (await range.GetAsync($"/rosters/uploads/{roster.BatchId}/errors.xlsx")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await range.GetAsync($"/progress/uploads/{roster.BatchId}/errors.xlsx")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await range.GetAsync($"/rosters/uploads/{progress.BatchId}/errors.xlsx")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await range.GetAsync($"/rosters/uploads/{progress.BatchId}/worklist.xlsx")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await range.GetAsync("/progress/uploads/999999/worklist.xlsx")).StatusCode);
    }
}
