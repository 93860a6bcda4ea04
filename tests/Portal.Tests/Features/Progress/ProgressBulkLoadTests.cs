using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Web.Data;
using Portal.Web.Data.Providers;
using Portal.Web.Features.Access;
using Portal.Web.Features.Progress;
using static Portal.Tests.Features.Progress.IgotReportFiles;

namespace Portal.Tests.Features.Progress;

/// <summary>
/// A committing progress import through SQLite's bulk load (<see cref="DatabaseDialect.StartProgressLoadAsync"/>), run
/// as <see cref="ProgressUpload"/> runs it. The enrolments of the small demo state are deleted first: into an empty
/// table every load counts as large, so a small report takes the path of a state-wide one (which keeps the indexes and
/// foreign keys up row by row: the writing thread has time to spare while the report is parsed).
/// </summary>
public sealed class ProgressBulkLoadTests : IAsyncLifetime
{
    private const string CourseA = "Bulk Load Course A";
    private const string CourseB = "Bulk Load Course B";
    private const string Boom = "Bulk Load Boom";

    private TestDatabase Db { get; set; } = null!;
    private readonly IgotReportFiles _files = new();
    private readonly string _work = Path.Combine(Path.GetTempPath(), "progress-bulk-" + Guid.NewGuid().ToString("N"));

    public async Task InitializeAsync()
    {
        Db = await TestDatabase.CopyOfSmallStateAsync();
        Db.Execute("DELETE FROM Enrolments");
    }

    public Task DisposeAsync()
    {
        Db.Dispose();
        _files.Dispose();
        try { Directory.Delete(_work, recursive: true); } catch (IOException) { }
        return Task.CompletedTask;
    }

    /// <summary>The indexes of Enrolments as sqlite_master holds them: a dropped and re-created index comes back under a new rowid.</summary>
    private List<(string Name, string Sql, long RowId)> Indexes() => Db.Rows(
        "SELECT name, sql, rowid FROM sqlite_master WHERE type = 'index' AND tbl_name = 'Enrolments' AND sql IS NOT NULL ORDER BY name",
        r => (r.GetString(0), r.GetString(1), r.GetInt64(2)));

    private static readonly string[] Settings = ["foreign_keys", "temp_store", "threads", "cache_size"];

    private static async Task<List<long>> SettingsOf(PortalDbContext db)
    {
        var values = new List<long>();
        foreach (var name in Settings)
        {
            var sql = $"SELECT {name} AS Value FROM pragma_{name}";
            values.Add(await db.Database.SqlQueryRaw<long>(sql).SingleAsync());
        }
        return values;
    }

    private string ReportFor(int people, bool boom = false)
    {
        var staff = Db.Rows("SELECT EmployeeCode FROM Employees WHERE Status = 1 ORDER BY Id LIMIT " + people, r => r.GetString(0));
        var rows = staff.SelectMany(code => new[] { Enrolment(code, null, null, CourseA), Enrolment(code, null, null, CourseB, status: "in-progress", progress: "40") });
        if (boom) rows = rows.Append(Enrolment(staff[^1], null, null, Boom));
        return _files.Csv(EnrolmentHeaders, rows.ToArray());
    }

    /// <summary>
    /// The import as <see cref="ProgressUpload"/> runs it, on <paramref name="db"/> (open, so that its settings can be
    /// read afterwards): the bulk load started before the transaction and disposed after it.
    /// </summary>
    private async Task<ProgressCounts> Run(PortalDbContext db, string path)
    {
        var admin = (await new AccessService(Db.Factory, new PasswordHasher<PortalUser>(), TimeProvider.System).FindByLoginAsync(DemoUsers.StateAdmin))!;
        var batch = new ImportBatch
        {
            Kind = ImportKind.Progress, FileName = Path.GetFileName(path), Sha256 = new string('0', 64), UploadedBy = admin.LoginName,
            UploadedAt = DateTime.UtcNow, Outcome = ImportOutcome.Pending,
        };
        db.ImportBatches.Add(batch);
        await db.SaveChangesAsync();
        using var file = IgotReportFile.Open(path, Path.GetFileName(path));
        await using var bulkLoad = await DatabaseDialect.For(db).StartProgressLoadAsync(db, default);
        await using var transaction = await db.Database.BeginTransactionAsync();
        var counts = await ProgressImporter.RunAsync(db, file, new ProgressRun
        {
            UploaderScope = admin.Scope, UploaderLogin = admin.LoginName, Commit = true, Now = DateTime.UtcNow, BatchId = batch.Id,
            ErrorWorkbookPath = Path.Combine(_work, "errors.xlsx"),
        }, bulkLoad, null, default);
        await transaction.CommitAsync();
        await bulkLoad.AfterCommitAsync(counts.Enrolments.New + counts.Completions.New, default);
        return counts;
    }

    [Fact]
    public async Task A_large_load_keeps_every_index_and_leaves_the_foreign_keys_holding()
    {
        var before = Indexes();
        var path = ReportFor(40);
        await using var db = await Db.Factory.CreateUnscopedDbContextAsync();
        await db.Database.OpenConnectionAsync();
        await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size = -3000;");
        var settings = await SettingsOf(db);

        var counts = await Run(db, path);

        Assert.Equal(40, counts.Completions.New);
        Assert.Equal(40, counts.Enrolments.New);
        Assert.Equal(80, Db.Scalar("SELECT COUNT(*) FROM Enrolments"));
        var after = Indexes();
        // Every index is there again, as it was declared...
        Assert.Equal(before.Select(i => (i.Name, i.Sql)), after.Select(i => (i.Name, i.Sql)));
        Assert.Equal(3, after.Count);
        // ...and none went away meanwhile (a dropped and re-created index comes back under a new rowid).
        Assert.Equal(before.Select(i => i.RowId), after.Select(i => i.RowId));
        Assert.Equal("ok", Db.Rows("PRAGMA integrity_check", r => r.GetString(0)).Single());
        Assert.Empty(Db.Rows("PRAGMA foreign_key_check", r => r.GetString(0)));
        // The connection goes back to the pool as it came: foreign keys enforced, its own cache, temp store and threads.
        Assert.Equal(settings, await SettingsOf(db));
        Assert.Equal(1L, settings[0]);
    }

    [Fact]
    public async Task A_load_that_fails_leaves_rows_indexes_and_settings_as_they_were()
    {
        Db.Execute($"""
            CREATE TRIGGER fail_on_boom BEFORE INSERT ON Enrolments
            WHEN (SELECT Name FROM Courses WHERE Id = NEW.CourseId) = '{Boom}' BEGIN SELECT RAISE(ABORT, 'disk on fire'); END;
            """);
        var before = Indexes();
        var path = ReportFor(40, boom: true);
        await using var db = await Db.Factory.CreateUnscopedDbContextAsync();
        await db.Database.OpenConnectionAsync();
        await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size = -3000;");
        var settings = await SettingsOf(db);

        // The one chunk's enrolments reach the table, and the last fails.
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => Run(db, path));

        Assert.Contains("disk on fire", failure.Message);
        Assert.Equal(before, Indexes());
        Assert.Equal(0, Db.Scalar("SELECT COUNT(*) FROM Enrolments"));
        Assert.Equal(settings, await SettingsOf(db));
    }

    [Fact]
    public async Task An_enrolment_of_nobody_fails_as_it_is_written()
    {
        await using var db = await Db.Factory.CreateUnscopedDbContextAsync();
        await db.Database.OpenConnectionAsync();
        await using var load = await DatabaseDialect.For(db).StartProgressLoadAsync(db, default);
        await using var transaction = await db.Database.BeginTransactionAsync();
        var course = await db.Courses.Select(c => c.Id).FirstAsync();

        var problem = await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlAsync(
            $"INSERT INTO Enrolments (EmployeeId, CourseId, Status, ProgressPercent, EnrolledOn, LearningMinutes) VALUES (99999999, {course}, 1, 10, '2025-04-01', 0)"));

        Assert.Contains("FOREIGN KEY constraint failed", problem.Message);
    }
}
