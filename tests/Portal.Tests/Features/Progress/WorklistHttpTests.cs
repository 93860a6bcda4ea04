using System.Net;
using ClosedXML.Excel;
using Microsoft.Data.Sqlite;
using Portal.Tests.Infrastructure;
using Portal.Web.Data;
using Portal.Web.Features.Access;

namespace Portal.Tests.Features.Progress;

/// <summary>The worklist export link on the real app: uploaders get their own list as .xlsx (audited), viewers nothing.</summary>
public sealed class WorklistHttpTests : IClassFixture<WorklistHttpTests.App>
{
    public sealed class App : PortalAppFactory;

    private readonly App _app;

    public WorklistHttpTests(App app) => _app = app;

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={_app.DatabaseFile}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    [Fact]
    public async Task An_uploader_downloads_the_worklist_of_its_uploads_and_a_viewer_is_refused()
    {
        var (range, _) = await _app.SignInAsync(DemoUsers.MeerutRange);
        var rangeId = _app.Scalar($"SELECT Id FROM Users WHERE LoginName = '{DemoUsers.MeerutRange}'");
        var hrId = _app.Scalar($"SELECT Id FROM Users WHERE LoginName = '{DemoUsers.PoliceHr}'");
        Execute($"""
            INSERT INTO ImportBatches (Kind, FileName, FileSizeBytes, Sha256, UploadedBy, UploadedByUserId, UploadedAt, Outcome, RowsRead, Inserted, Updated, Unchanged, Rejected, Deactivated, CompleteRoster, ErrorCount,
                MatchedRows, UnmatchedRows, AmbiguousRows, OutsideScopeRows, NewCompletions, UpdatedCompletions, Onboarded, NewCourses)
            VALUES (2, 'range.xlsx', 1, '{new string('a', 64)}', 'r', {rangeId}, '2026-11-01 10:00:00', 2, 0,0,0,0,0,0,0,0, 0,0,0,0,0,0,0,0),
                   (2, 'hr.xlsx', 1, '{new string('b', 64)}', 'h', {hrId}, '2026-11-01 10:00:00', 2, 0,0,0,0,0,0,0,0, 0,0,0,0,0,0,0,0);
            INSERT INTO IgotUnmatchedUsers (BatchId, UserKey, Problem, Name, Email, Phone, Rows, Completions, Candidates)
            SELECT Id, 'email:' || FileName || '@x.in', 1, 'User of ' || FileName, FileName || '@x.in', '0123456789', 3, 2, 0 FROM ImportBatches WHERE FileName IN ('range.xlsx', 'hr.xlsx');
            """);

        var response = await range.GetAsync("/progress/worklist.xlsx?problem=Unmatched&search=user");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        using (var workbook = new XLWorkbook(new MemoryStream(await response.Content.ReadAsByteArrayAsync())))
        {
            var sheet = workbook.Worksheet(1);
            var names = sheet.Column(1).CellsUsed().Select(c => c.GetString()).ToList();
            Assert.Contains("User of range.xlsx", names);
            Assert.DoesNotContain("User of hr.xlsx", names);
            Assert.Contains(sheet.CellsUsed(), c => c.GetString() == "0123456789");
        }
        Assert.Equal(1, _app.Scalar($"SELECT COUNT(*) FROM AuditEntries WHERE Action = '{AuditActions.Export}' AND Actor = '{DemoUsers.MeerutRange}' AND Details LIKE 'unmatched iGOT users%1 rows%'"));

        var (viewer, _) = await _app.SignInAsync(DemoUsers.LucknowViewer);
        Assert.NotEqual(HttpStatusCode.OK, (await viewer.GetAsync("/progress/worklist.xlsx")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await viewer.GetAsync("/progress/worklist")).StatusCode);
    }
}
