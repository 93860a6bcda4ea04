using Microsoft.EntityFrameworkCore;
using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Features.Uploads;
using Portal.Web.Infrastructure.Spreadsheets;

namespace Portal.Web.Features.Progress;

/// <summary>
/// iGOT report upload: preview (a dry run that writes only the batch record), commit (one transaction: every row or
/// nothing), cancel, history. The web page and the CLI call the same methods; the upload pipeline does what every
/// upload does, <see cref="ProgressUpload"/> what an iGOT report adds. The zip's password is passed to each call
/// that reads the file and is never stored.
/// </summary>
public sealed class ProgressImportService(IDbContextFactory<PortalDbContext> dbFactory, ImportOptions options, TimeProvider clock, ILogger<ProgressImportService> log,
    Snapshot.ComplianceRefresher? refresher = null, ImportQueue? queue = null)
{
    private readonly UploadPipeline _pipeline = new(dbFactory, options, clock, log, refresher, queue);

    public SpreadsheetLimits Limits => _pipeline.Limits;

    public Task<ProgressImportResult> PreviewAsync(SignedInUser user, string uploadedFile, string originalName, string? password, IProgress<ImportProgress>? progress = null, CancellationToken ct = default) =>
        _pipeline.PreviewAsync(new ProgressUpload(password), user, uploadedFile, originalName, progress, ct);

    /// <summary>Checks and imports in one go (the CLI's --commit).</summary>
    public Task<ProgressImportResult> ImportAsync(SignedInUser user, string uploadedFile, string originalName, string? password, IProgress<ImportProgress>? progress = null, CancellationToken ct = default) =>
        _pipeline.ImportAsync(new ProgressUpload(password), user, uploadedFile, originalName, progress, ct);

    /// <summary>Commits a previewed batch: the stored file is read again (with the same password) against the roster as it is now.</summary>
    public Task<ProgressImportResult> CommitAsync(SignedInUser user, int batchId, string? password, IProgress<ImportProgress>? progress = null, CancellationToken ct = default) =>
        _pipeline.CommitAsync(new ProgressUpload(password), user, batchId, progress, ct);

    public Task<ProgressImportResult> RecordRefusedUploadAsync(SignedInUser user, string originalName, long size, string reason, CancellationToken ct = default) =>
        _pipeline.RecordRefusedUploadAsync(new ProgressUpload(password: null), user, originalName, size, reason, ct);

    public Task CancelAsync(SignedInUser user, int batchId, CancellationToken ct = default) =>
        _pipeline.CancelAsync(ImportKind.Progress, user, batchId, ct);

    /// <summary>The iGOT report uploads this user may see (its own; all for a StateAdmin), newest first.</summary>
    public Task<IReadOnlyList<ImportBatch>> HistoryAsync(SignedInUser user, int count = 50, CancellationToken ct = default) =>
        _pipeline.HistoryAsync(ImportKind.Progress, user, count, ct);

    public Task<ImportBatch?> FindBatchAsync(SignedInUser user, int batchId, CancellationToken ct = default) =>
        _pipeline.FindBatchAsync(ImportKind.Progress, user, batchId, ct);

    internal string ErrorWorkbookPathOf(int batchId) => _pipeline.ErrorWorkbookPathOf(batchId);
    internal string WorklistPathOf(int batchId) => Path.Combine(_pipeline.BatchFolderOf(batchId), ProgressUpload.WorklistFileName);
}
