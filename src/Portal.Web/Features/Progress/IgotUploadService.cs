using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Features.Uploads;
using Portal.Web.Infrastructure.Spreadsheets;

namespace Portal.Web.Features.Progress;

/// <summary>
/// An upload of one of iGOT's reports (the progress report, the CB plan report): preview (a dry run that writes only
/// the batch record), commit (one transaction: every row or nothing), cancel, history. The web pages and the CLI call
/// the same methods; the upload pipeline does what every upload does, the kind (made for each call with the zip's
/// password, which is passed to each call that reads the file and never stored) what its report adds.
/// </summary>
public abstract class IgotUploadService<TResult> where TResult : UploadResult
{
    private readonly UploadPipeline _pipeline;
    private readonly ImportKind _kind;
    private readonly Func<string?, IUploadKind<TResult>> _upload;
    private readonly string _worklistFileName;

    private protected IgotUploadService(UploadPipeline pipeline, ImportKind kind, Func<string?, IUploadKind<TResult>> upload, string worklistFileName)
    {
        _pipeline = pipeline;
        _kind = kind;
        _upload = upload;
        _worklistFileName = worklistFileName;
    }

    public SpreadsheetLimits Limits => _pipeline.Limits;

    public Task<TResult> PreviewAsync(SignedInUser user, string uploadedFile, string originalName, string? password, IProgress<ImportProgress>? progress = null, CancellationToken ct = default) =>
        _pipeline.PreviewAsync(_upload(password), user, uploadedFile, originalName, progress, ct);

    /// <summary>Checks and imports in one go (the CLI's --commit).</summary>
    public Task<TResult> ImportAsync(SignedInUser user, string uploadedFile, string originalName, string? password, IProgress<ImportProgress>? progress = null, CancellationToken ct = default) =>
        _pipeline.ImportAsync(_upload(password), user, uploadedFile, originalName, progress, ct);

    /// <summary>Commits a previewed batch: the stored file is read again (with the same password) against the roster as it is now.</summary>
    public Task<TResult> CommitAsync(SignedInUser user, int batchId, string? password, IProgress<ImportProgress>? progress = null, CancellationToken ct = default) =>
        _pipeline.CommitAsync(_upload(password), user, batchId, progress, ct);

    public Task<TResult> RecordRefusedUploadAsync(SignedInUser user, string originalName, long size, string reason, CancellationToken ct = default) =>
        _pipeline.RecordRefusedUploadAsync(_upload(null), user, originalName, size, reason, ct);

    public Task CancelAsync(SignedInUser user, int batchId, CancellationToken ct = default) =>
        _pipeline.CancelAsync(_kind, user, batchId, ct);

    /// <summary>This kind's uploads this user may see (its own; all for a StateAdmin), newest first.</summary>
    public Task<IReadOnlyList<ImportBatch>> HistoryAsync(SignedInUser user, int count = 50, CancellationToken ct = default) =>
        _pipeline.HistoryAsync(_kind, user, count, ct);

    public Task<ImportBatch?> FindBatchAsync(SignedInUser user, int batchId, CancellationToken ct = default) =>
        _pipeline.FindBatchAsync(_kind, user, batchId, ct);

    internal string ErrorWorkbookPathOf(int batchId) => _pipeline.ErrorWorkbookPathOf(batchId);
    internal string WorklistPathOf(int batchId) => Path.Combine(_pipeline.BatchFolderOf(batchId), _worklistFileName);
}
