using Microsoft.EntityFrameworkCore;
using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Features.Uploads;
using Portal.Web.Infrastructure.Spreadsheets;

namespace Portal.Web.Features.CbPlans;

/// <summary>
/// iGOT CB plan report upload: preview (a dry run that writes only the batch record), commit (one transaction: every
/// allocation or none), cancel, history. The web page and the CLI call the same methods; the upload pipeline does what
/// every upload does, <see cref="CbPlanUpload"/> what the CB plan report adds. The zip's password is passed to each
/// call that reads the file and is never stored.
/// </summary>
public sealed class CbPlanImportService(IDbContextFactory<PortalDbContext> dbFactory, ImportOptions options, TimeProvider clock, ILogger<CbPlanImportService> log,
    Snapshot.ComplianceRefresher? refresher = null, ImportQueue? queue = null)
{
    private readonly UploadPipeline _pipeline = new(dbFactory, options, clock, log, refresher, queue);

    public SpreadsheetLimits Limits => _pipeline.Limits;

    public Task<CbPlanImportResult> PreviewAsync(SignedInUser user, string uploadedFile, string originalName, string? password, IProgress<ImportProgress>? progress = null, CancellationToken ct = default) =>
        _pipeline.PreviewAsync(new CbPlanUpload(password), user, uploadedFile, originalName, progress, ct);

    /// <summary>Checks and imports in one go (the CLI's --commit).</summary>
    public Task<CbPlanImportResult> ImportAsync(SignedInUser user, string uploadedFile, string originalName, string? password, IProgress<ImportProgress>? progress = null, CancellationToken ct = default) =>
        _pipeline.ImportAsync(new CbPlanUpload(password), user, uploadedFile, originalName, progress, ct);

    /// <summary>Commits a previewed batch: the stored file is read again (with the same password) against the roster as it is now.</summary>
    public Task<CbPlanImportResult> CommitAsync(SignedInUser user, int batchId, string? password, IProgress<ImportProgress>? progress = null, CancellationToken ct = default) =>
        _pipeline.CommitAsync(new CbPlanUpload(password), user, batchId, progress, ct);

    public Task<CbPlanImportResult> RecordRefusedUploadAsync(SignedInUser user, string originalName, long size, string reason, CancellationToken ct = default) =>
        _pipeline.RecordRefusedUploadAsync(new CbPlanUpload(password: null), user, originalName, size, reason, ct);

    public Task CancelAsync(SignedInUser user, int batchId, CancellationToken ct = default) =>
        _pipeline.CancelAsync(ImportKind.CbPlan, user, batchId, ct);

    /// <summary>The CB plan report uploads this user may see (its own; all for a StateAdmin), newest first.</summary>
    public Task<IReadOnlyList<ImportBatch>> HistoryAsync(SignedInUser user, int count = 50, CancellationToken ct = default) =>
        _pipeline.HistoryAsync(ImportKind.CbPlan, user, count, ct);

    internal string ErrorWorkbookPathOf(int batchId) => _pipeline.ErrorWorkbookPathOf(batchId);
    internal string WorklistPathOf(int batchId) => Path.Combine(_pipeline.BatchFolderOf(batchId), CbPlanUpload.WorklistFileName);
}
