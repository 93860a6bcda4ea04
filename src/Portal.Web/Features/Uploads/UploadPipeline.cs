using System.Data.Common;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Infrastructure;
using Portal.Web.Infrastructure.Spreadsheets;
using Portal.Web.Resources;

namespace Portal.Web.Features.Uploads;

/// <summary>
/// What every upload does, whatever its kind: keep and hash the file, record its batch, wait its turn in the queue,
/// run the kind's pass (a preview writes only the batch record; a commit writes every accepted row or nothing, one
/// commit at a time), turn any failure into a failed batch with a message, record the outcome, and have the snapshot
/// recounted. The kind (<see cref="IUploadKind{TResult}"/>) reads, checks and writes its rows.
/// </summary>
public sealed class UploadPipeline(IDbContextFactory<PortalDbContext> dbFactory, ImportOptions options, TimeProvider clock, ILogger log,
    Snapshot.ComplianceRefresher? refresher = null, ImportQueue? queue = null)
{
    /// <summary>Previews and imports that may read files at once (process-wide unless a queue is given).</summary>
    private ImportQueue Queue => queue ?? ImportQueue.Shared(options.MaxConcurrentChecks);
    /// <summary>
    /// Commits (of every kind) are serialised in this process by this lock, and across the portal's instances by the
    /// database's "import-commit" lease taken under it: a commit reads the rows it will change, so two must not overlap.
    /// </summary>
    private static readonly SemaphoreSlim WriteLock = new(1, 1);

    internal const string ErrorWorkbookName = "errors.xlsx";

    public SpreadsheetLimits Limits => LimitsOf(options);
    internal static SpreadsheetLimits LimitsOf(ImportOptions options) => new() { MaxFileBytes = options.MaxFileMegabytes * 1024L * 1024 };

    /// <summary>Checks an uploaded file and records the batch; writes no data.</summary>
    public Task<TResult> PreviewAsync<TResult>(IUploadKind<TResult> kind, SignedInUser user, string uploadedFile, string originalName,
        IProgress<ImportProgress>? progress = null, CancellationToken ct = default) where TResult : UploadResult =>
        StartAsync(kind, user, uploadedFile, originalName, commit: false, progress, ct);

    /// <summary>Checks and, when the file itself is readable, imports its accepted rows in one go (the CLI's --commit).</summary>
    public Task<TResult> ImportAsync<TResult>(IUploadKind<TResult> kind, SignedInUser user, string uploadedFile, string originalName,
        IProgress<ImportProgress>? progress = null, CancellationToken ct = default) where TResult : UploadResult =>
        StartAsync(kind, user, uploadedFile, originalName, commit: true, progress, ct);

    /// <summary>Commits a previewed batch: the file is checked again against the database as it is now.</summary>
    public async Task<TResult> CommitAsync<TResult>(IUploadKind<TResult> kind, SignedInUser user, int batchId,
        IProgress<ImportProgress>? progress = null, CancellationToken ct = default) where TResult : UploadResult
    {
        await RequireUploaderAsync(kind, user, ct);
        var batch = await FindBatchAsync(kind.Kind, user, batchId, ct) ?? throw new InvalidOperationException(SharedText.L["Upload #{0} is not yours or does not exist.", batchId]);
        if (batch.Outcome != ImportOutcome.Previewed)
            throw new InvalidOperationException(NotPreviewed(batch));
        return await RunAsync(kind, user, batch, commit: true, progress, ct);
    }

    /// <summary>Records an upload that never reached the checks (too large, not received) as a failed batch.</summary>
    public async Task<TResult> RecordRefusedUploadAsync<TResult>(IUploadKind<TResult> kind, SignedInUser user, string originalName, long size, string reason,
        CancellationToken ct = default) where TResult : UploadResult
    {
        await using var db = await dbFactory.CreateDbContextAsync(user.Scope, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var batch = NewBatch(kind.Kind, user, Path.GetFileName(originalName), size, sha256: "", now);
        batch.FinishedAt = now;
        batch.Outcome = ImportOutcome.Failed;
        batch.Message = reason;
        db.ImportBatches.Add(batch);
        await db.SaveChangesAsync(ct);
        return kind.Failed(PassOf(user, batch, commit: false, progress: null), reason);
    }

    /// <summary>Closes a previewed upload unimported; any other outcome stays as it is.</summary>
    public async Task CancelAsync(ImportKind kind, SignedInUser user, int batchId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(user.Scope, ct);
        var batch = await db.ImportBatches.SingleOrDefaultAsync(b => b.Id == batchId && b.Kind == kind, ct)
            ?? throw new InvalidOperationException(SharedText.L["Upload #{0} is not yours or does not exist.", batchId]);
        if (batch.Outcome != ImportOutcome.Previewed) return;
        batch.Outcome = ImportOutcome.Cancelled;
        // Stored in the uploader's language: the history shows it to them (and to a StateAdmin).
        batch.Message = SharedText.L["Cancelled by the uploader; nothing was imported."];
        batch.FinishedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The uploads of this kind the user may see (its own; all for a StateAdmin), newest first.</summary>
    public async Task<IReadOnlyList<ImportBatch>> HistoryAsync(ImportKind kind, SignedInUser user, int count = 50, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(user.Scope, ct);
        return await db.ImportBatches.AsNoTracking().Where(b => b.Kind == kind).OrderByDescending(b => b.Id).Take(count).ToListAsync(ct);
    }

    public async Task<ImportBatch?> FindBatchAsync(ImportKind kind, SignedInUser user, int batchId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(user.Scope, ct);
        return await db.ImportBatches.AsNoTracking().SingleOrDefaultAsync(b => b.Id == batchId && b.Kind == kind, ct);
    }

    /// <summary>The folder of a batch's files (its stored upload, error workbook, worklist).</summary>
    public string BatchFolderOf(int batchId) => Path.Combine(AppPaths.ResolveDataPath(options.Folder), batchId.ToString());
    public string ErrorWorkbookPathOf(int batchId) => Path.Combine(BatchFolderOf(batchId), ErrorWorkbookName);

    /// <summary>The role as stored now, not as it was when the page opened: a user demoted meanwhile uploads nothing.</summary>
    private async Task RequireUploaderAsync<TResult>(IUploadKind<TResult> kind, SignedInUser user, CancellationToken ct) where TResult : UploadResult
    {
        await using var db = await dbFactory.CreateDbContextAsync(DataScope.Nothing, ct);
        await db.RequireRoleAsync(user, Policies.UploaderRoles, kind.NoLongerAllowedMessage, ct);
    }

    private async Task<TResult> StartAsync<TResult>(IUploadKind<TResult> kind, SignedInUser user, string uploadedFile, string originalName, bool commit,
        IProgress<ImportProgress>? progress, CancellationToken ct) where TResult : UploadResult
    {
        await RequireUploaderAsync(kind, user, ct);
        var name = Path.GetFileName(originalName);
        var size = new FileInfo(uploadedFile).Length;
        var now = clock.GetUtcNow().UtcDateTime;
        // Keep the file as received (a preview is committed from it; it is the record of what was uploaded),
        // hashing it on the way.
        var staged = Path.Combine(AppPaths.ResolveDataPath(options.Folder), $"incoming-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.GetDirectoryName(staged)!);
        var sha = await CopyAndHashAsync(uploadedFile, staged, ct);

        await using var db = await dbFactory.CreateDbContextAsync(user.Scope, ct);
        var earlier = await db.ImportBatches.AsNoTracking()
            .Where(b => b.Sha256 == sha && b.Kind == kind.Kind).OrderByDescending(b => b.Id).FirstOrDefaultAsync(ct);
        var batch = NewBatch(kind.Kind, user, name, size, sha, now);
        db.ImportBatches.Add(batch);
        await db.SaveChangesAsync(ct);

        var folder = BatchFolderOf(batch.Id);
        Directory.CreateDirectory(folder);
        batch.StoredFilePath = Path.Combine(folder, "upload" + StoredExtension(kind, name));
        File.Move(staged, batch.StoredFilePath, overwrite: true);
        await db.SaveChangesAsync(ct);

        var result = await RunAsync(kind, user, batch, commit, progress, ct);
        return earlier is null ? result : (TResult)(result with
        {
            PreviousUpload = SharedText.L["This same file was uploaded before: '{0}' on {1} by {2} (upload #{3}, {4}).",
                earlier.FileName, IndianTime.DateAndTime(earlier.UploadedAt), earlier.UploadedBy, earlier.Id, OutcomeText(earlier)],
        });
    }

    private async Task<TResult> RunAsync<TResult>(IUploadKind<TResult> kind, SignedInUser user, ImportBatch batch, bool commit,
        IProgress<ImportProgress>? progress, CancellationToken ct) where TResult : UploadResult
    {
        var pass = PassOf(user, batch, commit, progress);
        TResult result;
        IDisposable? slot = null;
        IAsyncDisposable? commitLease = null;
        var locked = false;
        try
        {
            // At most a few files are read at once (each can take hundreds of MB): the others wait their turn.
            slot = await Queue.EnterAsync(ahead => progress?.Report(ImportProgress.Queued(ahead)), ct);
            if (commit)
            {
                progress?.Report(new ImportProgress(SharedText.L["Waiting for other uploads to finish"], 0, 0));
                await WriteLock.WaitAsync(ct);
                locked = true;
                commitLease = await new DatabaseLeases(dbFactory, clock).AcquireAsync(LeaseNames.ImportCommit, ct,
                    () => progress?.Report(new ImportProgress(SharedText.L["Waiting for an upload on another portal server to finish"], 0, 0)));
                // Checked again under the lock: a second click (or tab) may have committed it meanwhile.
                if (batch.Outcome == ImportOutcome.Previewed && await FindBatchAsync(kind.Kind, user, batch.Id, ct) is { } now && now.Outcome != ImportOutcome.Previewed)
                    throw new AlreadyFinishedException(NotPreviewed(now));
            }
            result = (TResult)(await Task.Run(() => kind.RunAsync(pass, ct), ct) with { Timings = pass.Timings });
        }
        catch (AlreadyFinishedException finished)
        {
            // Not this call's outcome to record: the batch is already what the other commit made it.
            throw new InvalidOperationException(finished.Message);
        }
        catch (FileProblemException problem)
        {
            result = kind.Failed(pass, problem.Message);
        }
        catch (OperationCanceledException)
        {
            result = kind.Failed(pass, SharedText.L["The upload was stopped before it finished; nothing was imported."]);
        }
        catch (Exception ex) when (ex is DbException or DbUpdateException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            log.LogError(ex, "{Kind} import of batch {BatchId} failed", kind.Kind, batch.Id);
            result = ServerFailure(kind.Failed(pass, SharedText.L["The import failed and nothing was written: {0}", ex.GetBaseException().Message]));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Whatever else: the upload ends as a failed batch with a message, never as a dead page or a Pending batch.
            log.LogError(ex, "{Kind} import of batch {BatchId} failed unexpectedly", kind.Kind, batch.Id);
            result = ServerFailure(kind.Failed(pass, SharedText.L["The import failed because of an error on the server, and nothing was written. Try again later; if it keeps failing, tell the portal's administrators."]));
        }
        finally
        {
            if (commitLease is not null) await commitLease.DisposeAsync();
            if (locked) WriteLock.Release();
            slot?.Dispose();
        }

        await RecordAsync(kind, user, batch.Id, result, CancellationToken.None);
        // The dashboards' figures are a snapshot: have it recomputed with this upload's data.
        if (result.Outcome == ImportOutcome.Committed) refresher?.Request($"{kind.Kind.ToString().ToLowerInvariant()} upload #{batch.Id}");
        return result;
    }

    private static TResult ServerFailure<TResult>(TResult failed) where TResult : UploadResult => (TResult)(failed with { ServerFailure = true });

    private UploadPass PassOf(SignedInUser user, ImportBatch batch, bool commit, IProgress<ImportProgress>? progress) =>
        new(user, batch, commit, progress, clock, options, dbFactory, BatchFolderOf(batch.Id));

    private static ImportBatch NewBatch(ImportKind kind, SignedInUser user, string fileName, long size, string sha256, DateTime now) => new()
    {
        Kind = kind, FileName = fileName, FileSizeBytes = size, Sha256 = sha256, UploadedBy = user.LoginName,
        UploadedByUserId = user.Id, UploadedAt = now, Outcome = ImportOutcome.Pending,
    };

    /// <summary>The outcome onto the batch: the shared fields here, the kind's counters and summary by the kind.</summary>
    private async Task RecordAsync<TResult>(IUploadKind<TResult> kind, SignedInUser user, int batchId, TResult result, CancellationToken ct) where TResult : UploadResult
    {
        await using var db = await dbFactory.CreateDbContextAsync(user.Scope, ct);
        var batch = await db.ImportBatches.SingleAsync(b => b.Id == batchId, ct);
        batch.Outcome = result.Outcome;
        batch.RowsRead = result.RowsRead;
        batch.ErrorCount = result.ErrorCount;
        kind.Record(batch, result);
        if (result.FileProblem is not null) batch.Message = result.FileProblem;
        if (batch.Message is not null) batch.Message = Truncate(batch.Message, 2000);
        batch.ErrorWorkbookPath = result.HasErrorWorkbook ? ErrorWorkbookPathOf(batchId) : batch.ErrorWorkbookPath;
        if (result.Outcome is ImportOutcome.Committed or ImportOutcome.Failed) batch.FinishedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// The outcome as a word inside a sentence ("upload #12, committed"), in the reader's language: lower-cased, which
    /// leaves Hindi as it is (a resource may not hold "committed" beside "Committed": names are unique ignoring case).
    /// </summary>
    private static string OutcomeText(ImportBatch batch) => (batch.Outcome switch
    {
        ImportOutcome.Pending => SharedText.L["Pending"],
        ImportOutcome.Previewed => SharedText.L["Previewed"],
        ImportOutcome.Committed => SharedText.L["Committed"],
        ImportOutcome.Cancelled => SharedText.L["Cancelled"],
        _ => SharedText.L["Failed"],
    }).Value.ToLowerInvariant();

    internal static string NotPreviewed(ImportBatch batch) =>
        SharedText.L["Upload #{0} is {1}; only a previewed upload can be imported.", batch.Id, OutcomeText(batch)];

    private static string StoredExtension<TResult>(IUploadKind<TResult> kind, string name) where TResult : UploadResult
    {
        var ext = Path.GetExtension(name).ToLowerInvariant();
        return kind.StoredExtensions.Contains(ext) ? ext : ".bin";
    }

    /// <summary>Text cut to a column's length, with an ellipsis saying so.</summary>
    internal static string Truncate(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";

    private static async Task<string> CopyAndHashAsync(string source, string target, CancellationToken ct)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using (var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, useAsync: true))
        await using (var output = new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20, useAsync: true))
        {
            var buffer = new byte[1 << 20];
            int read;
            while ((read = await input.ReadAsync(buffer, ct)) > 0)
            {
                sha.AppendData(buffer, 0, read);
                await output.WriteAsync(buffer.AsMemory(0, read), ct);
            }
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
