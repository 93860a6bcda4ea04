using System.Data;
using Microsoft.EntityFrameworkCore;
using Portal.Web.Data;
using Portal.Web.Data.Providers;
using Portal.Web.Features.Uploads;
using Portal.Web.Infrastructure;
using Portal.Web.Resources;

namespace Portal.Web.Features.Progress;

/// <summary>
/// The iGOT report's part of an upload: open the zip (with the password, held for this call only and never stored),
/// CSV or workbook, run <see cref="ProgressImporter"/> on it, save the worklist of unmatched iGOT users, and commit.
/// </summary>
internal sealed class ProgressUpload(string? password) : IUploadKind<ProgressImportResult>
{
    public ImportKind Kind => ImportKind.Progress;
    public IReadOnlyCollection<string> StoredExtensions { get; } = [".zip", ".csv", ".xlsx"];
    public string NoLongerAllowedMessage => SharedText.L["You may no longer upload iGOT reports: your role was changed. Sign in again or ask the state admin."];

    public async Task<ProgressImportResult> RunAsync(UploadPass pass, CancellationToken ct)
    {
        pass.Progress?.Report(new ImportProgress(SharedText.L["Opening the upload"], 0, 0));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var file = IgotUploads.Open(pass, password, ct);
        file.RequireEnrolment();
        pass.Timings["openSeconds"] = clock.Elapsed.TotalSeconds;

        // Unscoped: every row is matched against the whole roster, so that another office's staff are recognised
        // (and counted as outside the scope) rather than listed as unknown.
        await using var db = await pass.DbFactory.CreateUnscopedDbContextAsync(ct);
        await db.Database.OpenConnectionAsync(ct);
        // Declared between the context and the transaction, as for the roster: whatever the provider changes on the
        // connection for a fast load is undone after the transaction ends and before the connection goes back to the pool.
        await using var bulkLoad = pass.Commit ? await DatabaseDialect.For(db).StartProgressLoadAsync(db, ct) : null;
        await using var transaction = pass.Commit ? await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, ct) : null;
        var counts = await ProgressImporter.RunAsync(db, file, new ProgressRun
        {
            UploaderScope = pass.User.Scope,
            UploaderLogin = pass.User.LoginName,
            Commit = pass.Commit,
            Now = pass.Clock.GetUtcNow().UtcDateTime,
            BatchId = pass.Batch.Id,
            ErrorWorkbookPath = pass.ErrorWorkbookPath,
            // Written by the importer before it returns, so before the commit: a committed upload always has its worklist.
            WriteWorklist = unmatched => UnmatchedWorkbook.Write(pass.FileInBatchFolder(WorklistFileName), Heading(pass, unmatched), unmatched.Users),
        }, bulkLoad, pass.Progress, ct);

        var hasWorklist = counts.UnmatchedUsers.Count > 0;
        pass.Timings["importerSeconds"] = clock.Elapsed.TotalSeconds - pass.Timings["openSeconds"];

        if (transaction is not null)
        {
            pass.Progress?.Report(new ImportProgress(SharedText.L["Saving"], 1, counts.Rows));
            await ResolvedWorklistEntries.RemoveAsync(db, pass.Batch.Id, ct);
            // The importer marked the districts of the employees it changed; nothing else is marked.
            await pass.CommitAsync(db, transaction, changedDistricts: [], counts.Covered, AuditActions.ProgressImport,
                $"upload {pass.Batch.Id} ({pass.Batch.FileName}) committed: {counts.Rows:N0} rows, {counts.Matched.Total:N0} matched, " +
                $"{counts.Unmatched:N0} unmatched, {counts.Ambiguous:N0} ambiguous, {counts.OutsideScope:N0} outside the scope, " +
                $"{counts.Completions.New:N0} new completions, {counts.Onboarded:N0} onboarded", ct);
            clock.Restart();
            await bulkLoad!.AfterCommitAsync(counts.Completions.New + counts.Completions.Updated + counts.Enrolments.New + counts.Enrolments.Updated, ct);
            pass.Timings["afterCommitSeconds"] = clock.Elapsed.TotalSeconds;
        }

        return Result(pass, pass.Commit ? ImportOutcome.Committed : ImportOutcome.Previewed) with
        {
            Counts = counts with { UnmatchedUsers = [] },
            RowsRead = counts.Rows,
            Errors = counts.Errors,
            ErrorCount = counts.ErrorCount,
            HasErrorWorkbook = counts.HasErrorWorkbook,
            FilesFound = file.FilesFound,
            IgnoredFiles = file.IgnoredFiles,
            ReportsRead = new[] { file.Enrolment, file.User }.OfType<IgotReport>().Select(r => r.FileName).ToList(),
            HasWorklist = hasWorklist,
            FirstUnmatched = counts.UnmatchedUsers.Take(ProgressImportResult.UnmatchedShown).ToList(),
            UnmatchedUsers = counts.UnmatchedUsers.Count,
            HeaderLocation = file.Enrolment!.FileName,
        };
    }

    public const string WorklistFileName = "worklist.xlsx";

    /// <summary>The worklist's title lines, in the uploader's language (the worklist is written during their upload).</summary>
    private static IReadOnlyList<string> Heading(UploadPass pass, UnmatchedReport unmatched) =>
    [
        SharedText.L["iGOT users in '{0}' (upload #{1}) that match no roster employee, or more than one", pass.Batch.FileName, pass.Batch.Id],
        SharedText.L["Uploaded by {0} ({1}) on {2}", pass.User.LoginName, pass.User.ScopeDescription, IndianTime.DateAndTime(pass.Batch.UploadedAt)],
        SharedText.L["{0} iGOT users; {1} rows unmatched, {2} ambiguous. Add the missing e-mail, mobile or employee code to the roster, or link the user by hand on the portal's Unmatched iGOT users page, then upload the report again.",
            IndianFormat.Number(unmatched.Users.Count), IndianFormat.Number(unmatched.UnmatchedRows), IndianFormat.Number(unmatched.AmbiguousRows)],
    ];

    public ProgressImportResult Failed(UploadPass pass, string problem) => Result(pass, ImportOutcome.Failed) with { FileProblem = problem };

    private static ProgressImportResult Result(UploadPass pass, ImportOutcome outcome) => new()
    {
        BatchId = pass.Batch.Id,
        Outcome = outcome,
        FileName = pass.Batch.FileName,
        FileSizeBytes = pass.Batch.FileSizeBytes,
        Sha256 = pass.Batch.Sha256,
        ScopeDescription = pass.User.ScopeDescription,
    };

    public void Record(ImportBatch batch, ProgressImportResult r)
    {
        var c = r.Counts;
        batch.MatchedRows = c?.Matched.Total ?? 0;
        batch.UnmatchedRows = c?.Unmatched ?? 0;
        batch.AmbiguousRows = c?.Ambiguous ?? 0;
        batch.OutsideScopeRows = c?.OutsideScope ?? 0;
        batch.NewCompletions = c?.Completions.New ?? 0;
        batch.UpdatedCompletions = c?.Completions.Updated ?? 0;
        batch.Onboarded = c?.Onboarded ?? 0;
        batch.NewCourses = c?.NewCourses ?? 0;
        // Enrolments of every status, as the roster's counts are of employees.
        batch.Inserted = (c?.Completions.New ?? 0) + (c?.Enrolments.New ?? 0);
        batch.Updated = (c?.Completions.Updated ?? 0) + (c?.Enrolments.Updated ?? 0);
        batch.Unchanged = (c?.Completions.Unchanged ?? 0) + (c?.Enrolments.Unchanged ?? 0);
        batch.Rejected = c?.Rejected ?? 0;
        batch.IgnoredColumns = c is { IgnoredColumns.Count: > 0 } ? UploadPipeline.Truncate(string.Join(", ", c.IgnoredColumns), 2000) : null;
        if (r.HasWorklist) batch.WorklistPath = Path.Combine(Path.GetDirectoryName(batch.StoredFilePath ?? "") ?? "", WorklistFileName);
        // In the uploader's language: the upload history shows it to them.
        batch.Message = r.FileProblem ?? (c is null ? null : (string)(r.Outcome switch
        {
            ImportOutcome.Committed => SharedText.L["Imported: {0} rows, {1} matched, {2} unmatched, {3} ambiguous, {4} outside your scope; {5} new completions, {6} onboarded.",
                IndianFormat.Number(c.Rows), IndianFormat.Number(c.Matched.Total), IndianFormat.Number(c.Unmatched), IndianFormat.Number(c.Ambiguous),
                IndianFormat.Number(c.OutsideScope), IndianFormat.Number(c.Completions.New), IndianFormat.Number(c.Onboarded)],
            _ => SharedText.L["Checked: {0} rows, {1} matched, {2} unmatched, {3} ambiguous, {4} outside your scope; {5} new completions.",
                IndianFormat.Number(c.Rows), IndianFormat.Number(c.Matched.Total), IndianFormat.Number(c.Unmatched), IndianFormat.Number(c.Ambiguous),
                IndianFormat.Number(c.OutsideScope), IndianFormat.Number(c.Completions.New)],
        }));
    }
}
