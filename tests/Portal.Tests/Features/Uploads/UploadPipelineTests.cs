using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Features.Uploads;
using Portal.Web.Infrastructure;
using Portal.Web.Infrastructure.Spreadsheets;

namespace Portal.Tests.Features.Uploads;

/// <summary>
/// The pipeline every upload shares, driven by a tiny kind of upload (<see cref="LineUpload"/>: counts the lines of
/// the file and, when committing, ends its transaction with the pipeline's commit step) against a real SQLite state.
/// </summary>
public sealed class UploadPipelineTests : IAsyncLifetime
{
    private const string TestAction = "test-upload";
    private TestDatabase _db = null!;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"uploads-{Guid.NewGuid():N}");

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CopyOfSmallStateAsync();
        Directory.CreateDirectory(_folder);
    }

    public Task DisposeAsync()
    {
        _db.Dispose();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return Task.CompletedTask;
    }

    private UploadPipeline Pipeline() =>
        new(_db.Factory, new ImportOptions { Folder = Path.Combine(_folder, "imports") }, TimeProvider.System, NullLogger.Instance, queue: new ImportQueue(2));

    private async Task<SignedInUser> Admin() =>
        (await new AccessService(_db.Factory, new PasswordHasher<PortalUser>(), TimeProvider.System).FindByLoginAsync(DemoUsers.StateAdmin))!;

    private string File(string name, string text = "one\ntwo\nthree\n")
    {
        var path = Path.Combine(_folder, $"{Guid.NewGuid():N}-{name}");
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    private (int Outcome, string? Message, bool Finished, string? Stored) Batch(int id) =>
        _db.Rows($"SELECT Outcome, Message, FinishedAt IS NOT NULL, StoredFilePath FROM ImportBatches WHERE Id = {id}",
            r => (r.GetInt32(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetBoolean(2), r.IsDBNull(3) ? null : r.GetString(3))).Single();

    private (int Outcome, string? Message, bool Finished) State(int id)
    {
        var batch = Batch(id);
        return (batch.Outcome, batch.Message, batch.Finished);
    }

    private long AuditEntries(string action) => _db.Scalar($"SELECT COUNT(*) FROM AuditEntries WHERE Action = '{action}'");

    [Fact]
    public async Task A_file_problem_becomes_a_failed_batch_with_its_message()
    {
        var kind = new LineUpload { AfterReading = _ => throw new FileProblemException("The file has no header row.") };

        var result = await Pipeline().ImportAsync(kind, await Admin(), File("bad.csv"), "bad.csv");

        Assert.IsType<LineResult>(result);
        Assert.Equal(ImportOutcome.Failed, result.Outcome);
        Assert.True(result.FileRejected);
        Assert.False(result.ServerFailure);
        Assert.Equal("The file has no header row.", result.FileProblem);
        Assert.Equal(((int)ImportOutcome.Failed, "The file has no header row.", true), State(result.BatchId));
    }

    private List<(int District, int Department, int Rows)> Coverage(int batchId) =>
        _db.Rows($"SELECT DistrictId, DepartmentId, Rows FROM ImportBatchCoverage WHERE BatchId = {batchId} ORDER BY DistrictId, DepartmentId",
            r => (r.GetInt32(0), r.GetInt32(1), r.GetInt32(2)));

    private UploadCoverage CoverageOf(params (int District, int Department)[] rows)
    {
        var coverage = new UploadCoverage();
        foreach (var (district, department) in rows) coverage.Add(district, department);
        return coverage;
    }

    [Fact]
    public async Task A_commit_records_what_the_kind_says_its_file_covered_and_marks_the_batch()
    {
        var (meerut, agra) = (_db.Scalar("SELECT Id FROM Districts WHERE Name = 'Meerut'"), _db.Scalar("SELECT Id FROM Districts WHERE Name = 'Agra'"));
        var police = _db.Scalar("SELECT Id FROM Departments WHERE Name = 'Police'");
        var kind = new LineUpload { Covered = CoverageOf(((int)meerut, (int)police), ((int)meerut, (int)police), ((int)agra, (int)police)) };

        var result = await Pipeline().ImportAsync(kind, await Admin(), File("r.csv"), "r.csv");

        Assert.Equal(ImportOutcome.Committed, result.Outcome);
        Assert.Equal(new[] { ((int)agra, (int)police, 1), ((int)meerut, (int)police, 2) }.OrderBy(c => c.Item1), Coverage(result.BatchId));
        Assert.Equal(1, _db.Scalar($"SELECT CoverageRecorded FROM ImportBatches WHERE Id = {result.BatchId}"));
    }

    [Fact]
    public async Task A_preview_or_a_commit_that_fails_records_no_coverage()
    {
        var police = (int)_db.Scalar("SELECT Id FROM Departments WHERE Name = 'Police'");
        var meerut = (int)_db.Scalar("SELECT Id FROM Districts WHERE Name = 'Meerut'");

        var preview = await Pipeline().PreviewAsync(new LineUpload { Covered = CoverageOf((meerut, police)) }, await Admin(), File("p.csv"), "p.csv");
        // A district that does not exist: the commit's save fails after the coverage was added, and its transaction rolls back.
        var failed = await Pipeline().ImportAsync(new LineUpload { Covered = CoverageOf((meerut, police), (999_999, police)) }, await Admin(), File("f.csv"), "f.csv");

        Assert.Equal(ImportOutcome.Previewed, preview.Outcome);
        Assert.Equal(ImportOutcome.Failed, failed.Outcome);
        Assert.Equal(0, _db.Scalar("SELECT COUNT(*) FROM ImportBatchCoverage"));
        Assert.Equal(0, _db.Scalar($"SELECT COUNT(*) FROM ImportBatches WHERE CoverageRecorded = 1"));
    }

    [Fact]
    public async Task A_preview_records_the_kinds_counters_and_message_and_writes_nothing_else()
    {
        var result = await Pipeline().PreviewAsync(new LineUpload(), await Admin(), File("r.csv"), "r.csv");

        Assert.Equal((ImportOutcome.Previewed, 3, 3), (result.Outcome, result.RowsRead, result.Lines));
        Assert.True(result.CanCommit);
        Assert.Equal(((int)ImportOutcome.Previewed, "Checked: 3 lines.", false), State(result.BatchId));
        Assert.Equal(3, _db.Scalar($"SELECT RowsRead FROM ImportBatches WHERE Id = {result.BatchId}"));
        Assert.Equal(0, AuditEntries(TestAction));
    }

    [Fact]
    public async Task A_previewed_batch_is_committed_once_with_its_audit_entry_and_changed_districts()
    {
        var pipeline = Pipeline();
        var admin = await Admin();
        var district = (int)_db.Scalar("SELECT MIN(Id) FROM Districts");
        _db.Execute("DELETE FROM SnapshotDirtyDistricts");
        var preview = await pipeline.PreviewAsync(new LineUpload(), admin, File("r.csv"), "r.csv");

        var committed = await pipeline.CommitAsync(new LineUpload { ChangedDistricts = [district] }, admin, preview.BatchId);

        Assert.Equal(ImportOutcome.Committed, committed.Outcome);
        Assert.Equal(((int)ImportOutcome.Committed, "Imported: 3 lines.", true), State(preview.BatchId));
        Assert.Equal(1, AuditEntries(TestAction));
        Assert.Equal([district], _db.Rows("SELECT DISTINCT DistrictId FROM SnapshotDirtyDistricts", r => r.GetInt32(0)));
        Assert.True(committed.Timings.ContainsKey("commitSeconds"));

        // The second commit of the same batch is refused and records nothing.
        var again = await Assert.ThrowsAsync<InvalidOperationException>(() => pipeline.CommitAsync(new LineUpload(), admin, preview.BatchId));
        Assert.Contains("only a previewed upload can be imported", again.Message);
        Assert.Equal(1, AuditEntries(TestAction));
    }

    [Fact]
    public async Task A_commit_finding_its_batch_claimed_meanwhile_is_refused_and_leaves_the_batch_as_the_other_made_it()
    {
        // Another process commits the same batch between this pass's checks and its transaction.
        var kind = new LineUpload { AfterReading = pass => _db.Execute($"UPDATE ImportBatches SET Outcome = {(int)ImportOutcome.Committed}, Message = 'the other commit' WHERE Id = {pass.Batch.Id}") };

        var admin = await Admin();
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => Pipeline().ImportAsync(kind, admin, File("r.csv"), "r.csv"));

        Assert.Contains("was imported or closed meanwhile", refused.Message);
        var id = (int)_db.Scalar("SELECT MAX(Id) FROM ImportBatches");
        Assert.Equal(((int)ImportOutcome.Committed, "the other commit"), (Batch(id).Outcome, Batch(id).Message));
        Assert.Equal(0, AuditEntries(TestAction));
        Assert.Equal(0, AuditEntries(LineUpload.WrittenAction));
    }

    [Fact]
    public async Task A_kind_failing_before_the_commit_step_leaves_no_audit_entry_nor_its_writes_and_a_failed_batch()
    {
        // The kind writes inside its transaction, then fails on the server's side (a disk error) before committing.
        var kind = new LineUpload { WriteInTransaction = true, BeforeCommit = _ => throw new IOException("disk full") };

        var result = await Pipeline().ImportAsync(kind, await Admin(), File("r.csv"), "r.csv");

        Assert.IsType<LineResult>(result);
        Assert.Equal(ImportOutcome.Failed, result.Outcome);
        Assert.True(result.ServerFailure);
        Assert.False(result.FileRejected);
        Assert.Equal("The import failed and nothing was written: disk full", result.FileProblem);
        Assert.Equal(((int)ImportOutcome.Failed, "The import failed and nothing was written: disk full", true), State(result.BatchId));
        Assert.Equal(0, AuditEntries(TestAction));
        Assert.Equal(0, AuditEntries(LineUpload.WrittenAction));
    }

    [Fact]
    public async Task The_kinds_own_writes_are_committed_with_the_batch()
    {
        var result = await Pipeline().ImportAsync(new LineUpload { WriteInTransaction = true }, await Admin(), File("r.csv"), "r.csv");

        Assert.Equal(ImportOutcome.Committed, result.Outcome);
        Assert.Equal((1, 1), (AuditEntries(TestAction), AuditEntries(LineUpload.WrittenAction)));
    }

    [Fact]
    public async Task History_and_finding_a_batch_keep_to_their_kind()
    {
        var pipeline = Pipeline();
        var admin = await Admin();
        var roster = await pipeline.PreviewAsync(new LineUpload { Kind = ImportKind.Roster }, admin, File("r.csv"), "r.csv");
        var progress = await pipeline.PreviewAsync(new LineUpload { Kind = ImportKind.Progress }, admin, File("p.csv"), "p.csv");

        var history = await pipeline.HistoryAsync(ImportKind.Progress, admin);

        Assert.Contains(history, b => b.Id == progress.BatchId);
        Assert.All(history, b => Assert.Equal(ImportKind.Progress, b.Kind));
        Assert.Null(await pipeline.FindBatchAsync(ImportKind.Progress, admin, roster.BatchId));
        Assert.NotNull(await pipeline.FindBatchAsync(ImportKind.Roster, admin, roster.BatchId));
        await Assert.ThrowsAsync<InvalidOperationException>(() => pipeline.CancelAsync(ImportKind.Progress, admin, roster.BatchId));
    }

    [Fact]
    public async Task The_stored_file_keeps_an_extension_its_kind_allows_and_any_other_is_stored_as_bin()
    {
        var pipeline = Pipeline();
        var admin = await Admin();

        var zip = await pipeline.PreviewAsync(new LineUpload { Kind = ImportKind.Progress, Extensions = [".zip", ".csv", ".xlsx"] }, admin, File("report.zip"), "Report.ZIP");
        var other = await pipeline.PreviewAsync(new LineUpload { Extensions = [".csv"] }, admin, File("report.zip"), "report.zip");

        Assert.EndsWith("upload.zip", Batch(zip.BatchId).Stored);
        Assert.True(System.IO.File.Exists(Batch(zip.BatchId).Stored));
        Assert.EndsWith("upload.bin", Batch(other.BatchId).Stored);
    }

    [Fact]
    public async Task The_same_file_uploaded_again_is_told_so_and_keeps_its_kinds_result()
    {
        var pipeline = Pipeline();
        var admin = await Admin();
        var file = File("r.csv");
        var first = await pipeline.PreviewAsync(new LineUpload(), admin, file, "first.csv");

        var second = await pipeline.PreviewAsync(new LineUpload(), admin, file, "second.csv");
        var otherKind = await pipeline.PreviewAsync(new LineUpload { Kind = ImportKind.Progress }, admin, file, "third.csv");

        Assert.Null(first.PreviousUpload);
        Assert.StartsWith($"This same file was uploaded before: 'first.csv'", second.PreviousUpload);
        Assert.Contains($"upload #{first.BatchId}, previewed", second.PreviousUpload);
        Assert.Equal(3, second.Lines);
        Assert.Null(otherKind.PreviousUpload);
    }

    [Fact]
    public async Task A_refused_upload_is_a_failed_batch_of_its_kind()
    {
        var result = await Pipeline().RecordRefusedUploadAsync(new LineUpload { Kind = ImportKind.Progress }, await Admin(), "huge.zip", 999, "The file is too large.");

        Assert.Equal((ImportOutcome.Failed, "The file is too large.", 999L), (result.Outcome, result.FileProblem, result.FileSizeBytes));
        Assert.Equal((int)ImportKind.Progress, _db.Scalar($"SELECT Kind FROM ImportBatches WHERE Id = {result.BatchId}"));
        Assert.Equal(((int)ImportOutcome.Failed, "The file is too large.", true), State(result.BatchId));
    }

    [Fact]
    public async Task A_user_no_longer_an_uploader_is_refused_with_the_kinds_message()
    {
        var admin = await Admin();
        _db.Execute($"UPDATE Users SET Role = {(int)PortalRole.Viewer} WHERE Id = {admin.Id}");

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => Pipeline().PreviewAsync(new LineUpload(), admin, File("r.csv"), "r.csv"));

        Assert.Equal(LineUpload.RefusalMessage, refused.Message);
        Assert.Equal(0, _db.Scalar("SELECT COUNT(*) FROM ImportBatches WHERE FileName = 'r.csv'"));
    }

    [Fact]
    public void The_pipeline_is_registered_with_the_portal_features()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton(_db.Factory);
        services.AddPortalFeatures();
        using var provider = services.BuildServiceProvider();

        Assert.NotNull(provider.GetRequiredService<UploadPipeline>());
    }

    private sealed record LineResult : UploadResult
    {
        public int Lines { get; init; }
    }

    /// <summary>A kind of upload that counts a text file's lines; the hooks play what a real kind's pass could meet.</summary>
    private sealed class LineUpload : IUploadKind<LineResult>
    {
        public const string RefusalMessage = "You may no longer upload lines.";
        public const string WrittenAction = "test-upload-row";

        public ImportKind Kind { get; init; } = ImportKind.Roster;
        public IReadOnlyCollection<string> Extensions { get; init; } = [".csv"];
        public IReadOnlyCollection<string> StoredExtensions => Extensions;
        public string NoLongerAllowedMessage => RefusalMessage;
        /// <summary>After the file is read, before any transaction.</summary>
        public Action<UploadPass>? AfterReading { get; init; }
        /// <summary>Inside the transaction, just before the commit step.</summary>
        public Action<UploadPass>? BeforeCommit { get; init; }
        public bool WriteInTransaction { get; init; }
        public IReadOnlyCollection<int>? ChangedDistricts { get; init; }
        /// <summary>What the pass says the file covered.</summary>
        public UploadCoverage Covered { get; init; } = new();
        private int _lines;

        public async Task<LineResult> RunAsync(UploadPass pass, CancellationToken ct)
        {
            _lines = (await System.IO.File.ReadAllLinesAsync(pass.StoredFile, ct)).Length;
            AfterReading?.Invoke(pass);
            if (pass.Commit)
            {
                await using var db = await pass.DbFactory.CreateDbContextAsync(pass.User.Scope, ct);
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                if (WriteInTransaction)
                {
                    db.AuditEntries.Add(AuditLog.Entry(DateTime.UtcNow, pass.User.LoginName, WrittenAction, "a row the kind wrote"));
                    await db.SaveChangesAsync(ct);
                }
                BeforeCommit?.Invoke(pass);
                await pass.CommitAsync(db, transaction, ChangedDistricts, Covered, TestAction, $"upload {pass.Batch.Id}: {_lines} lines", ct);
            }
            return Result(pass, pass.Commit ? ImportOutcome.Committed : ImportOutcome.Previewed) with { RowsRead = _lines };
        }

        public LineResult Failed(UploadPass pass, string problem) => Result(pass, ImportOutcome.Failed) with { FileProblem = problem };

        public void Record(ImportBatch batch, LineResult result) =>
            batch.Message = result.Outcome == ImportOutcome.Committed ? $"Imported: {result.Lines} lines." : $"Checked: {result.Lines} lines.";

        private LineResult Result(UploadPass pass, ImportOutcome outcome) => new()
        {
            BatchId = pass.Batch.Id, Outcome = outcome, FileName = pass.Batch.FileName, FileSizeBytes = pass.Batch.FileSizeBytes,
            Sha256 = pass.Batch.Sha256, Lines = _lines, ScopeDescription = pass.User.ScopeDescription,
        };
    }
}
