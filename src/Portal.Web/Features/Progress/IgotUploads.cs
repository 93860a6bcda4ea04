using Portal.Web.Features.Uploads;

namespace Portal.Web.Features.Progress;

/// <summary>What the upload kinds that read iGOT's reports (progress, CB plan) share.</summary>
internal static class IgotUploads
{
    /// <summary>The pass's stored file opened as an iGOT upload: the zip unpacked into the batch's folder, within the upload limits.</summary>
    public static IgotReportFile Open(UploadPass pass, string? password, CancellationToken ct)
    {
        var defaults = new IgotReadOptions();
        return IgotReportFile.Open(pass.StoredFile, pass.Batch.FileName, password,
            defaults with { Limits = defaults.Limits with { MaxFileBytes = pass.Limits.MaxFileBytes }, TempDirectory = pass.BatchFolder }, ct);
    }
}
