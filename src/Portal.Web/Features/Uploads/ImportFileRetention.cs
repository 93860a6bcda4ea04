using Microsoft.EntityFrameworkCore;
using Portal.Web.Data;

namespace Portal.Web.Features.Uploads;

/// <summary>How long uploaded files are kept ("Imports:RetentionDays").</summary>
public sealed class ImportRetentionOptions
{
    /// <summary>Days after an upload that its stored file and error workbook are deleted; the batch record stays for ever.</summary>
    public int RetentionDays { get; set; } = 90;
}

/// <summary>
/// Deletes uploaded files, error workbooks and worklists (failed and cancelled uploads' too) once they are older than the
/// retention period, and marks their batches with <see cref="ImportBatch.FilesDeletedAt"/>. Rosters and iGOT reports hold
/// personal data (mobiles, emails) that the database keeps current; the files are only needed while an upload is previewed, fixed and imported.
/// Run daily by the scheduler (Features/Scheduling: UploadRetentionJob, Scheduling:UploadRetentionCron), by one instance.
/// </summary>
public sealed class ImportFileRetention(IDbContextFactory<PortalDbContext> dbFactory, ImportRetentionOptions options, TimeProvider clock,
    ILogger<ImportFileRetention> log)
{

    /// <summary>Deletes the files of batches uploaded before the retention period; returns how many batches it cleared.</summary>
    public async Task<int> DeleteExpiredFilesAsync(CancellationToken ct = default)
    {
        var cutoff = clock.GetUtcNow().UtcDateTime.AddDays(-Math.Max(0, options.RetentionDays));
        await using var db = await dbFactory.CreateUnscopedDbContextAsync(ct);
        var expired = await db.ImportBatches
            .Where(b => b.UploadedAt < cutoff && b.FilesDeletedAt == null && (b.StoredFilePath != null || b.ErrorWorkbookPath != null || b.WorklistPath != null))
            .ToListAsync(ct);
        if (expired.Count == 0) return 0;

        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var batch in expired)
        {
            // The paths stay on the record (what was kept where); the file is gone.
            DeleteFile(batch.StoredFilePath);
            DeleteFile(batch.ErrorWorkbookPath);
            DeleteFile(batch.WorklistPath);
            batch.FilesDeletedAt = now;
        }
        await db.SaveChangesAsync(ct);
        log.LogInformation("Deleted the files of {Count} uploads older than {Days} days", expired.Count, options.RetentionDays);
        return expired.Count;
    }

    private void DeleteFile(string? path)
    {
        if (path is null || !File.Exists(path)) return;
        File.Delete(path);
        // Each batch has its own folder (the upload, its error workbook, its worklist): remove it once it is empty.
        var folder = Path.GetDirectoryName(path);
        try
        {
            if (folder is not null && Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
                Directory.Delete(folder);
        }
        catch (IOException ex)
        {
            log.LogDebug(ex, "Upload folder {Folder} was not removed", folder);
        }
    }
}
