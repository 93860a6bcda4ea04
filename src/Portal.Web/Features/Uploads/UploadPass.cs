using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Infrastructure.Spreadsheets;
using Portal.Web.Resources;

namespace Portal.Web.Features.Uploads;

/// <summary>
/// One run of an upload kind over a stored file, as <see cref="UploadPipeline"/> hands it over: who uploads, the batch,
/// whether to write, where its files go, and the commit step that every kind ends its transaction with.
/// </summary>
public sealed class UploadPass
{
    internal UploadPass(SignedInUser user, ImportBatch batch, bool commit, IProgress<ImportProgress>? progress, TimeProvider clock,
        ImportOptions options, IDbContextFactory<PortalDbContext> dbFactory, string batchFolder)
    {
        User = user;
        Batch = batch;
        Commit = commit;
        Progress = progress;
        Clock = clock;
        Options = options;
        DbFactory = dbFactory;
        BatchFolder = batchFolder;
    }

    public SignedInUser User { get; }
    /// <summary>The batch as it was when the pass began (its outcome in the database may have moved on; see <see cref="CommitAsync"/>).</summary>
    public ImportBatch Batch { get; }
    /// <summary>Write the accepted rows (and end with <see cref="CommitAsync"/>); otherwise a dry run that only checks.</summary>
    public bool Commit { get; }
    public IProgress<ImportProgress>? Progress { get; }
    public TimeProvider Clock { get; }
    public ImportOptions Options { get; }
    public IDbContextFactory<PortalDbContext> DbFactory { get; }

    /// <summary>The uploaded file as received and stored.</summary>
    public string StoredFile => Batch.StoredFilePath!;
    public SpreadsheetLimits Limits => UploadPipeline.LimitsOf(Options);

    /// <summary>The batch's own folder: its stored upload, error workbook and any other file the kind gives back.</summary>
    public string BatchFolder { get; }
    /// <summary>A file of this batch, in its folder (for example "worklist.xlsx").</summary>
    public string FileInBatchFolder(string name) => Path.Combine(BatchFolder, name);
    /// <summary>Where the rejected rows go back to the uploader.</summary>
    public string ErrorWorkbookPath => FileInBatchFolder(UploadPipeline.ErrorWorkbookName);

    /// <summary>Where the time went (for the benchmark); the pipeline puts it on the result.</summary>
    public Dictionary<string, double> Timings { get; } = [];

    /// <summary>
    /// Ends a committing pass, inside its transaction: claims the batch (only one commit of it can), marks the districts
    /// whose figures changed for the next snapshot, records the districts and departments the file covered, adds the audit
    /// entry, saves and commits. So a committed upload always says Committed and has its coverage and audit entry, and a
    /// failed one has none of them.
    /// </summary>
    /// <param name="changedDistricts">The districts the upload changed; null for every district of the uploader's scope
    /// (an upload changes only staff of its uploader's scope).</param>
    /// <param name="covered">The staff the file covered (rows per district and department), changed or not.</param>
    public async Task CommitAsync(PortalDbContext db, IDbContextTransaction transaction, IEnumerable<int>? changedDistricts, UploadCoverage covered,
        string auditAction, string auditDetail, CancellationToken ct)
    {
        var claimed = await db.ImportBatches
            .Where(b => b.Id == Batch.Id && (b.Outcome == ImportOutcome.Pending || b.Outcome == ImportOutcome.Previewed))
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.Outcome, ImportOutcome.Committed).SetProperty(b => b.CoverageRecorded, true), ct);
        if (claimed == 0) throw new AlreadyFinishedException(SharedText.L["Upload #{0} was imported or closed meanwhile; only a previewed upload can be imported.", Batch.Id]);

        var committedAt = Clock.GetUtcNow().UtcDateTime;
        if (changedDistricts is null) await Snapshot.ChangedDistricts.MarkScopeAsync(db, User.Scope, committedAt, ct);
        else await Snapshot.ChangedDistricts.MarkAsync(db, changedDistricts, committedAt, ct);
        db.ImportBatchCoverage.AddRange(covered.For(Batch, committedAt));
        // Audited in the import's own transaction: a committed upload always has its entry (web or cli).
        db.AuditEntries.Add(AuditLog.Entry(committedAt, User.LoginName, auditAction, auditDetail));
        await db.SaveChangesAsync(ct);
        var commitClock = Stopwatch.StartNew();
        await transaction.CommitAsync(ct);
        Timings["commitSeconds"] = commitClock.Elapsed.TotalSeconds;
    }
}

/// <summary>Another commit of the same upload got there first: nothing is recorded, the caller is told.</summary>
internal sealed class AlreadyFinishedException(string message) : Exception(message);
