using Microsoft.EntityFrameworkCore;
using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Features.Uploads;
using Portal.Web.Infrastructure.Spreadsheets;

namespace Portal.Web.Features.Rosters;

/// <summary>
/// Roster upload: preview (a dry run that writes only the batch record), commit (one transaction: every
/// accepted row or nothing), cancel, history. The web page and the CLI call the same methods; the upload
/// pipeline does what every upload does, <see cref="RosterUpload"/> what a roster adds.
/// </summary>
public sealed class RosterImportService(IDbContextFactory<PortalDbContext> dbFactory, ImportOptions options, TimeProvider clock, ILogger<RosterImportService> log,
    Snapshot.ComplianceRefresher? refresher = null, ImportQueue? queue = null)
{
    private readonly UploadPipeline _pipeline = new(dbFactory, options, clock, log, refresher, queue);

    public SpreadsheetLimits Limits => _pipeline.Limits;

    /// <summary>Checks an uploaded file and records the batch; writes no staff data.</summary>
    public Task<RosterImportResult> PreviewAsync(SignedInUser user, string uploadedFile, string originalName, IProgress<ImportProgress>? progress = null, CancellationToken ct = default) =>
        _pipeline.PreviewAsync(new RosterUpload(completeRoster: false), user, uploadedFile, originalName, progress, ct);

    /// <summary>Checks and, when the file itself is readable, imports its accepted rows in one go (the CLI's --commit).</summary>
    public Task<RosterImportResult> ImportAsync(SignedInUser user, string uploadedFile, string originalName, bool completeRoster, IProgress<ImportProgress>? progress = null, CancellationToken ct = default) =>
        _pipeline.ImportAsync(new RosterUpload(completeRoster), user, uploadedFile, originalName, progress, ct);

    /// <summary>
    /// Commits a previewed batch: the file is checked again against the database as it is now. With
    /// <paramref name="confirmedDeactivations"/> (the count the uploader confirmed for "complete roster"), a commit that
    /// would mark more employees inactive than that is refused.
    /// </summary>
    public Task<RosterImportResult> CommitAsync(SignedInUser user, int batchId, bool completeRoster, IProgress<ImportProgress>? progress = null,
        CancellationToken ct = default, int? confirmedDeactivations = null) =>
        _pipeline.CommitAsync(new RosterUpload(completeRoster, confirmedDeactivations), user, batchId, progress, ct);

    /// <summary>Records an upload that never reached the checks (too large, not received) as a failed batch.</summary>
    public Task<RosterImportResult> RecordRefusedUploadAsync(SignedInUser user, string originalName, long size, string reason, CancellationToken ct = default) =>
        _pipeline.RecordRefusedUploadAsync(new RosterUpload(completeRoster: false), user, originalName, size, reason, ct);

    public Task CancelAsync(SignedInUser user, int batchId, CancellationToken ct = default) =>
        _pipeline.CancelAsync(ImportKind.Roster, user, batchId, ct);

    /// <summary>The roster uploads this user may see (its own; all for a StateAdmin), newest first.</summary>
    public Task<IReadOnlyList<ImportBatch>> HistoryAsync(SignedInUser user, int count = 50, CancellationToken ct = default) =>
        _pipeline.HistoryAsync(ImportKind.Roster, user, count, ct);

    public Task<ImportBatch?> FindBatchAsync(SignedInUser user, int batchId, CancellationToken ct = default) =>
        _pipeline.FindBatchAsync(ImportKind.Roster, user, batchId, ct);

    internal string ErrorWorkbookPathOf(int batchId) => _pipeline.ErrorWorkbookPathOf(batchId);
}
