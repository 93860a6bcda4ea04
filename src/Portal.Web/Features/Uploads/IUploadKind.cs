using Portal.Web.Data;

namespace Portal.Web.Features.Uploads;

/// <summary>
/// What one kind of upload (roster, iGOT progress report) adds to <see cref="UploadPipeline"/>: how its file is read,
/// checked and written. An instance is made for each call, so it can carry that call's options (a complete roster, a
/// zip's password) and the counters of its pass.
/// </summary>
public interface IUploadKind<TResult> where TResult : UploadResult
{
    ImportKind Kind { get; }

    /// <summary>Extensions (lower case, with the dot) the stored copy of the file keeps; any other is stored as ".bin".</summary>
    IReadOnlyCollection<string> StoredExtensions { get; }

    /// <summary>The refusal for a user whose role no longer allows this upload.</summary>
    string NoLongerAllowedMessage { get; }

    /// <summary>
    /// Reads <see cref="UploadPass.StoredFile"/> and checks its rows; when <see cref="UploadPass.Commit"/> is set, writes
    /// them in one transaction ended by <see cref="UploadPass.CommitAsync"/>. A file that cannot be imported at all
    /// throws <see cref="Infrastructure.Spreadsheets.FileProblemException"/>.
    /// </summary>
    Task<TResult> RunAsync(UploadPass pass, CancellationToken ct);

    /// <summary>The result of a pass that failed with <paramref name="problem"/> (nothing was written).</summary>
    TResult Failed(UploadPass pass, string problem);

    /// <summary>
    /// Puts the kind's counters onto the batch, and its <see cref="ImportBatch.Message"/> for a file that could be read
    /// (the pipeline writes the outcome, rows read, error count, the file's problem and when it finished).
    /// </summary>
    void Record(ImportBatch batch, TResult result);
}
