using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Portal.Web.Data;
using Portal.Web.Features.Uploads;

namespace Portal.Tests.Features.Uploads;

/// <summary>Upload files and error workbooks are deleted after the retention period; the batch records stay.</summary>
public sealed class ImportFileRetentionTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 6, 0, 0, TimeSpan.Zero);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"portal-retention-{Guid.NewGuid():N}");
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public Task DisposeAsync()
    {
        _db.Dispose();
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    private async Task<(int Id, string Upload, string Errors)> BatchAsync(string name, int daysAgo, ImportOutcome outcome)
    {
        await using var db = await _db.Factory.CreateDbContextAsync(DataScope.WholeState);
        var batch = new ImportBatch
        {
            Kind = ImportKind.Roster, FileName = name, Sha256 = new string('0', 64), UploadedBy = "range.meerut@up.gov.in",
            UploadedAt = Now.UtcDateTime.AddDays(-daysAgo), Outcome = outcome,
        };
        db.ImportBatches.Add(batch);
        await db.SaveChangesAsync();
        var folder = Directory.CreateDirectory(Path.Combine(_folder, batch.Id.ToString())).FullName;
        batch.StoredFilePath = Path.Combine(folder, "upload.xlsx");
        batch.ErrorWorkbookPath = Path.Combine(folder, "errors.xlsx");
        await File.WriteAllTextAsync(batch.StoredFilePath, "rows");
        await File.WriteAllTextAsync(batch.ErrorWorkbookPath, "errors");
        await db.SaveChangesAsync();
        return (batch.Id, batch.StoredFilePath, batch.ErrorWorkbookPath);
    }

    [Fact]
    public async Task Files_older_than_the_retention_period_are_deleted_and_their_batches_kept_and_marked()
    {
        var committed = await BatchAsync("old-committed.xlsx", daysAgo: 91, ImportOutcome.Committed);
        var cancelled = await BatchAsync("old-cancelled.xlsx", daysAgo: 200, ImportOutcome.Cancelled);
        var failed = await BatchAsync("old-failed.xlsx", daysAgo: 120, ImportOutcome.Failed);
        var recent = await BatchAsync("recent.xlsx", daysAgo: 89, ImportOutcome.Previewed);
        var retention = new ImportFileRetention(_db.Factory, new ImportRetentionOptions { RetentionDays = 90 }, new FakeTimeProvider(Now),
            NullLogger<ImportFileRetention>.Instance);

        Assert.Equal(3, await retention.DeleteExpiredFilesAsync());

        foreach (var old in new[] { committed, cancelled, failed })
        {
            Assert.False(File.Exists(old.Upload));
            Assert.False(File.Exists(old.Errors));
            Assert.False(Directory.Exists(Path.GetDirectoryName(old.Upload)));
        }
        Assert.True(File.Exists(recent.Upload));
        Assert.True(File.Exists(recent.Errors));
        Assert.Equal(4, _db.Scalar("SELECT COUNT(*) FROM ImportBatches"));
        Assert.Equal(3, _db.Scalar("SELECT COUNT(*) FROM ImportBatches WHERE FilesDeletedAt IS NOT NULL"));
        Assert.Equal(0, _db.Scalar($"SELECT COUNT(*) FROM ImportBatches WHERE Id = {recent.Id} AND FilesDeletedAt IS NOT NULL"));
        // A second run finds nothing more to do.
        Assert.Equal(0, await retention.DeleteExpiredFilesAsync());
    }

    [Fact]
    public async Task A_progress_uploads_worklist_is_deleted_with_its_other_files()
    {
        var old = await BatchAsync("old-report.zip", daysAgo: 91, ImportOutcome.Committed);
        var worklist = Path.Combine(Path.GetDirectoryName(old.Upload)!, "worklist.xlsx");
        await File.WriteAllTextAsync(worklist, "unmatched");
        _db.Execute($"UPDATE ImportBatches SET Kind = {(int)ImportKind.Progress}, WorklistPath = '{worklist}' WHERE Id = {old.Id}");
        var retention = new ImportFileRetention(_db.Factory, new ImportRetentionOptions { RetentionDays = 90 }, new FakeTimeProvider(Now),
            NullLogger<ImportFileRetention>.Instance);

        Assert.Equal(1, await retention.DeleteExpiredFilesAsync());

        Assert.False(File.Exists(worklist));
        Assert.False(Directory.Exists(Path.GetDirectoryName(old.Upload)));
    }

    [Fact]
    public void The_default_retention_is_90_days() => Assert.Equal(90, new ImportRetentionOptions().RetentionDays);
}
