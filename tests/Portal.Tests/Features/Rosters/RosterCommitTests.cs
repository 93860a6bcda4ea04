using ClosedXML.Excel;
using Microsoft.Data.Sqlite;
using Portal.Web.Data;
using Portal.Web.Features.Access;

namespace Portal.Tests.Features.Rosters;

/// <summary>Preview, commit, cancel, upsert, scope, concurrency, history and the error workbook.</summary>
public sealed class RosterCommitTests : RosterImportTestBase
{
    [Fact]
    public async Task Preview_counts_everything_but_writes_only_the_batch_record()
    {
        var existing = Db.Rows("SELECT EmployeeCode FROM Employees e JOIN Districts d ON d.Id = e.DistrictId JOIN Departments p ON p.Id = e.DepartmentId WHERE d.Name = 'Meerut' AND p.Name = 'Police' LIMIT 1", r => r.GetString(0)).Single();
        var before = Employees();
        var file = RosterFiles.Xlsx([RosterFiles.MeerutConstable("P1"), RosterFiles.MeerutConstable(existing, "Changed Name"), RosterFiles.MeerutConstable("P3", mobile: "1")]);

        var result = await Preview(file);

        Assert.Equal(ImportOutcome.Previewed, result.Outcome);
        Assert.Equal((3, 1, 1, 0, 1), (result.RowsRead, result.New, result.Updated, result.Unchanged, result.Rejected));
        Assert.Contains(result.Changes.Single().Changes, c => c.StartsWith("Name: ") && c.EndsWith("→ Changed Name"));
        Assert.Equal(before, Employees());
        Assert.Null(Field("P1", "Name"));
        Assert.Equal((int)ImportOutcome.Previewed, Db.Scalar($"SELECT Outcome FROM ImportBatches WHERE Id = {result.BatchId}"));
    }

    [Fact]
    public async Task Commit_writes_the_valid_rows_of_a_preview_and_records_the_counts()
    {
        var service = Service();
        var admin = await Admin();
        var file = RosterFiles.Xlsx([RosterFiles.MeerutConstable("C1"), RosterFiles.MeerutConstable("C2"), RosterFiles.MeerutConstable("C3", mobile: "1")]);
        var preview = await service.PreviewAsync(admin, file, "roster.xlsx");

        var committed = await service.CommitAsync(admin, preview.BatchId, completeRoster: false);

        Assert.Equal(ImportOutcome.Committed, committed.Outcome);
        Assert.Equal(2, committed.New);
        Assert.NotNull(Field("C1", "Name"));
        Assert.Null(Field("C3", "Name"));
        var batch = Db.Rows($"SELECT Outcome, Inserted, Rejected, RowsRead, Sha256 FROM ImportBatches WHERE Id = {preview.BatchId}",
            r => (r.GetInt32(0), r.GetInt32(1), r.GetInt32(2), r.GetInt32(3), r.GetString(4))).Single();
        Assert.Equal(((int)ImportOutcome.Committed, 2, 1, 3), (batch.Item1, batch.Item2, batch.Item3, batch.Item4));
        Assert.Equal(64, batch.Item5.Length);
        // A committed batch cannot be committed again.
        await Assert.ThrowsAsync<InvalidOperationException>(() => service.CommitAsync(admin, preview.BatchId, false));
    }

    [Fact]
    public async Task A_cancelled_preview_writes_nothing_and_cannot_be_committed()
    {
        var service = Service();
        var admin = await Admin();
        var preview = await service.PreviewAsync(admin, RosterFiles.Xlsx([RosterFiles.MeerutConstable("X1")]), "r.xlsx");

        await service.CancelAsync(admin, preview.BatchId);

        Assert.Equal((int)ImportOutcome.Cancelled, Db.Scalar($"SELECT Outcome FROM ImportBatches WHERE Id = {preview.BatchId}"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => service.CommitAsync(admin, preview.BatchId, false));
        Assert.Null(Field("X1", "Name"));
    }

    [Fact]
    public async Task A_failure_during_commit_writes_nothing_at_all()
    {
        using (var connection = new SqliteConnection(Db.ConnectionString))
        {
            connection.Open();
            using var trigger = connection.CreateCommand();
            trigger.CommandText = "CREATE TRIGGER fail_on_boom BEFORE INSERT ON Employees WHEN NEW.EmployeeCode = 'BOOM' BEGIN SELECT RAISE(ABORT, 'disk on fire'); END;";
            trigger.ExecuteNonQuery();
        }
        var rows = Enumerable.Range(1, 30).Select(i => RosterFiles.MeerutConstable(i == 20 ? "BOOM" : $"F{i}")).ToArray();
        var before = Employees();

        var result = await Import(RosterFiles.Xlsx(rows));

        Assert.Equal(ImportOutcome.Failed, result.Outcome);
        Assert.True(result.ServerFailure);
        Assert.Contains("nothing was written", result.FileProblem);
        Assert.Equal(before, Employees());
        Assert.Null(Field("F1", "Name"));
        // And the connection pool still enforces foreign keys afterwards.
        Assert.Equal(1, Db.Scalar("PRAGMA foreign_keys"));
    }

    [Fact]
    public async Task Updates_overwrite_given_fields_and_empty_optional_cells_keep_stored_values()
    {
        await Import(RosterFiles.Xlsx([RosterFiles.MeerutConstable("U1", "Old Name", mobile: "9000000001")]));
        var row = RosterFiles.MeerutConstable("U1", "New Name", mobile: null);
        row[6] = null; // mobile left empty
        row[7] = null; // email left empty

        var result = await Import(RosterFiles.Xlsx([row]));

        Assert.Equal(1, result.Updated);
        Assert.Equal("New Name", Field("U1", "Name"));
        Assert.Equal("9000000001", Field("U1", "Mobile"));
        Assert.Equal("u1@up.gov.in", Field("U1", "Email"));

        var again = await Import(RosterFiles.Xlsx([row]));
        Assert.Equal((0, 0, 1), (again.New, again.Updated, again.Unchanged));
    }

    [Fact]
    public async Task Rows_outside_the_uploaders_scope_are_rejected_with_that_reason_and_the_rest_go_in()
    {
        var lucknow = RosterFiles.MeerutConstable("S2"); lucknow[4] = "Lucknow";
        var health = RosterFiles.MeerutConstable("S3"); health[3] = "Health and Family Welfare"; health[2] = "ANM";
        var otherStaff = Db.Rows("SELECT EmployeeCode FROM Employees e JOIN Departments p ON p.Id = e.DepartmentId WHERE p.Name <> 'Police' LIMIT 1", r => r.GetString(0)).Single();
        var takeover = RosterFiles.MeerutConstable(otherStaff, "Stolen Record");

        var result = await Import(RosterFiles.Xlsx([RosterFiles.MeerutConstable("S1"), lucknow, health, takeover]), await MeerutRange());

        Assert.Equal(1, result.New);
        Assert.Equal(3, result.Rejected);
        Assert.Contains(result.Errors, e => e.Row == 3 && e.Column == "District" && e.Message.Contains("'Lucknow' is outside your scope"));
        Assert.Contains(result.Errors, e => e.Row == 4 && e.Column == "Department" && e.Message.Contains("outside your scope"));
        Assert.Contains(result.Errors, e => e.Row == 5 && e.Column == "Employee Code" && e.Message.Contains("belongs to an employee outside your scope"));
        Assert.NotEqual("Stolen Record", Field(otherStaff, "Name"));
        Assert.NotNull(Field("S1", "Name"));
    }

    [Fact]
    public async Task The_complete_roster_option_shows_and_then_deactivates_the_missing_employees_of_the_scope_only()
    {
        var range = await MeerutRange();
        var activeInScope = Db.Scalar("""
            SELECT COUNT(*) FROM Employees e JOIN Districts d ON d.Id = e.DistrictId JOIN Departments p ON p.Id = e.DepartmentId
            WHERE d.Name IN ('Meerut', 'Bulandshahr', 'Baghpat', 'Hapur') AND p.Name = 'Police' AND e.Status = 1
            """);
        var keep = Db.Rows("""
            SELECT EmployeeCode FROM Employees e JOIN Districts d ON d.Id = e.DistrictId JOIN Departments p ON p.Id = e.DepartmentId
            WHERE d.Name = 'Meerut' AND p.Name = 'Police' AND e.Status = 1 LIMIT 5
            """, r => r.GetString(0));
        var othersActive = Db.Scalar("SELECT COUNT(*) FROM Employees e JOIN Departments p ON p.Id = e.DepartmentId WHERE p.Name <> 'Police' AND e.Status = 1");
        var file = RosterFiles.Xlsx(keep.Select(c => RosterFiles.MeerutConstable(c)).Append(RosterFiles.MeerutConstable("NEW1")));

        var preview = await Preview(file, range);
        Assert.Equal(activeInScope - keep.Count, preview.NotInFile);

        var result = await Import(file, range, completeRoster: true);

        Assert.Equal(activeInScope - keep.Count, result.Deactivated);
        Assert.Equal(keep.Count + 1, Db.Scalar("""
            SELECT COUNT(*) FROM Employees e JOIN Districts d ON d.Id = e.DistrictId JOIN Departments p ON p.Id = e.DepartmentId
            WHERE d.Name IN ('Meerut', 'Bulandshahr', 'Baghpat', 'Hapur') AND p.Name = 'Police' AND e.Status = 1
            """));
        Assert.Equal(othersActive, Db.Scalar("SELECT COUNT(*) FROM Employees e JOIN Departments p ON p.Id = e.DepartmentId WHERE p.Name <> 'Police' AND e.Status = 1"));
    }

    [Fact]
    public async Task A_complete_roster_commit_refuses_to_deactivate_more_than_the_uploader_confirmed()
    {
        var range = await MeerutRange();
        var file = RosterFiles.Xlsx([RosterFiles.MeerutConstable("CONF1")]);
        var preview = await Preview(file, range);
        var activeBefore = Db.Scalar("SELECT COUNT(*) FROM Employees WHERE Status = 1");
        // Someone adds an active Meerut constable after the preview: the commit would now deactivate one more.
        await Import(RosterFiles.Xlsx([RosterFiles.MeerutConstable("LATE1")]), range);

        var result = await Service().CommitAsync(range, preview.BatchId, completeRoster: true, confirmedDeactivations: preview.NotInFile);

        Assert.Equal(ImportOutcome.Failed, result.Outcome);
        Assert.Contains($"more than the {Portal.Web.Infrastructure.IndianFormat.Number(preview.NotInFile)} you confirmed", result.FileProblem);
        Assert.Equal(activeBefore + 1, Db.Scalar("SELECT COUNT(*) FROM Employees WHERE Status = 1"));
        Assert.Equal(0, Db.Scalar("SELECT COUNT(*) FROM Employees WHERE EmployeeCode = 'CONF1'"));
    }

    [Fact]
    public async Task Without_the_option_nobody_is_deactivated()
    {
        var active = Db.Scalar("SELECT COUNT(*) FROM Employees WHERE Status = 1");
        await Import(RosterFiles.Xlsx([RosterFiles.MeerutConstable("N1")]), await MeerutRange());
        Assert.Equal(active + 1, Db.Scalar("SELECT COUNT(*) FROM Employees WHERE Status = 1"));
    }

    [Fact]
    public async Task Two_uploads_touching_the_same_employees_at_once_lose_neither_write()
    {
        // A sets mobiles of 1..60; B sets emails of 31..90. 31..60 are in both.
        var a = RosterFiles.Xlsx(Enumerable.Range(1, 60).Select(i => { var r = RosterFiles.MeerutConstable($"K{i}", mobile: $"9{i:D9}"); r[7] = null; return r; }));
        var b = RosterFiles.Xlsx(Enumerable.Range(31, 60).Select(i => { var r = RosterFiles.MeerutConstable($"K{i}"); r[6] = null; r[7] = $"k{i}@b.gov.in"; return r; }));
        var admin = await Admin();

        var results = await Task.WhenAll(Service().ImportAsync(admin, a, "a.xlsx", false), Service().ImportAsync(admin, b, "b.xlsx", false));

        Assert.All(results, r => Assert.Equal(ImportOutcome.Committed, r.Outcome));
        Assert.Equal(90, results.Sum(r => r.New)); // every code inserted once, by whichever came first
        Assert.Equal(30, results.Sum(r => r.Updated));
        Assert.Equal(90, Db.Scalar("SELECT COUNT(*) FROM Employees WHERE EmployeeCode LIKE 'K%'"));
        Assert.Equal(60, Db.Scalar("SELECT COUNT(*) FROM Employees WHERE EmployeeCode LIKE 'K%' AND Mobile LIKE '9%'"));
        Assert.Equal(60, Db.Scalar("SELECT COUNT(*) FROM Employees WHERE EmployeeCode LIKE 'K%' AND Email LIKE '%@b.gov.in'"));
        Assert.Equal("9000000045", Field("K45", "Mobile"));
        Assert.Equal("k45@b.gov.in", Field("K45", "Email"));
    }

    [Fact]
    public async Task The_same_file_twice_is_detected()
    {
        var file = RosterFiles.Xlsx([RosterFiles.MeerutConstable("Z1")]);
        var first = await Import(file);
        Assert.Null(first.PreviousUpload);

        var second = await Preview(file);

        Assert.Contains($"upload #{first.BatchId}, committed", second.PreviousUpload);
    }

    [Fact]
    public async Task History_shows_a_users_own_uploads_and_all_to_the_state_admin()
    {
        var range = await MeerutRange();
        var police = await User(DemoUsers.PoliceHr);
        await Preview(RosterFiles.Xlsx([RosterFiles.MeerutConstable("H1")]), range);
        await Preview(RosterFiles.Bytes([], ".xlsx"), police);

        Assert.Single(await Service().HistoryAsync(range));
        Assert.Single(await Service().HistoryAsync(police));
        Assert.Equal(2, (await Service().HistoryAsync(await Admin())).Count);
        Assert.Equal(ImportOutcome.Failed, (await Service().HistoryAsync(police)).Single().Outcome);
    }

    [Fact]
    public async Task The_error_workbook_gives_back_the_rejected_rows_as_sent_with_errors_and_marked_cells()
    {
        var bad = RosterFiles.MeerutConstable("00777", mobile: "98765");
        var result = await Preview(RosterFiles.Xlsx([RosterFiles.MeerutConstable("E1"), bad], titleRows: 1));

        Assert.True(result.HasErrorWorkbook);
        var path = Db.Rows($"SELECT ErrorWorkbookPath FROM ImportBatches WHERE Id = {result.BatchId}", r => r.GetString(0)).Single();
        using var workbook = new XLWorkbook(path);
        var sheet = workbook.Worksheet(1);
        Assert.Equal(RosterFiles.Headers.Append("Errors"), sheet.Row(1).CellsUsed().Select(c => c.GetString()));
        Assert.Equal(2, sheet.RowsUsed().Count());
        Assert.Equal("00777", sheet.Cell(2, 1).GetString());
        Assert.Equal(XLDataType.Text, sheet.Cell(2, 1).DataType);
        Assert.Contains("[row 4] Mobile '98765' must have 10 digits.", sheet.Cell(2, 10).GetString());
        Assert.Equal(XLColor.FromHtml("#FFC7CE"), sheet.Cell(2, 7).Style.Fill.BackgroundColor);
        Assert.NotEqual(XLColor.FromHtml("#FFC7CE"), sheet.Cell(2, 2).Style.Fill.BackgroundColor);

        // Fixed in the workbook and uploaded again: the Errors column is ignored and the row goes in.
        sheet.Cell(2, 7).SetValue<string>("9876543210");
        var fixedPath = RosterFiles.Temp(".xlsx");
        workbook.SaveAs(fixedPath);
        var again = await Import(fixedPath);
        Assert.Equal(1, again.New);
        Assert.Equal(["Errors"], again.IgnoredColumns);
    }
}
