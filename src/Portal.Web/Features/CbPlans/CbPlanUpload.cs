using System.Data;
using Microsoft.EntityFrameworkCore;
using Portal.Web.Data;
using Portal.Web.Features.Progress;
using Portal.Web.Features.Uploads;
using Portal.Web.Infrastructure;
using Portal.Web.Resources;

namespace Portal.Web.Features.CbPlans;

/// <summary>
/// The CB plan report's part of an upload: open the zip (with the password, held for this call only and never stored),
/// CSV or workbook, pick the CB plan report by its header, run <see cref="CbPlanImporter"/> on it, give back the
/// workbook of unmatched iGOT users, and commit.
/// </summary>
internal sealed class CbPlanUpload(string? password) : IUploadKind<CbPlanImportResult>
{
    public const string WorklistFileName = "unmatched.xlsx";

    public ImportKind Kind => ImportKind.CbPlan;
    public IReadOnlyCollection<string> StoredExtensions { get; } = [".zip", ".csv", ".xlsx"];
    public string NoLongerAllowedMessage => SharedText.L["You may no longer upload iGOT reports: your role was changed. Sign in again or ask the state admin."];

    public async Task<CbPlanImportResult> RunAsync(UploadPass pass, CancellationToken ct)
    {
        pass.Progress?.Report(new ImportProgress(SharedText.L["Opening the upload"], 0, 0));
        using var file = IgotUploads.Open(pass, password, ct);
        var report = file.RequireCbPlan();

        // Unscoped: every row is matched against the whole roster, so that another office's staff are recognised
        // (and counted as outside the scope) rather than listed as unknown.
        await using var db = await pass.DbFactory.CreateUnscopedDbContextAsync(ct);
        await db.Database.OpenConnectionAsync(ct);
        await using var transaction = pass.Commit ? await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, ct) : null;
        var counts = await CbPlanImporter.RunAsync(db, file, new CbPlanRun
        {
            UploaderScope = pass.User.Scope,
            Commit = pass.Commit,
            Now = pass.Clock.GetUtcNow().UtcDateTime,
            BatchId = pass.Batch.Id,
            ErrorWorkbookPath = pass.ErrorWorkbookPath,
        }, pass.Progress, ct);

        // Written before the commit, like the error workbook: a committed upload always has its list.
        var hasWorklist = counts.UnmatchedUsers.Count > 0;
        if (hasWorklist)
        {
            pass.Progress?.Report(new ImportProgress(SharedText.L["Writing the list of unmatched iGOT users"], 1, counts.Rows));
            UnmatchedWorkbook.Write(pass.FileInBatchFolder(WorklistFileName), Heading(pass, counts), counts.UnmatchedUsers);
        }

        if (transaction is not null)
        {
            pass.Progress?.Report(new ImportProgress(SharedText.L["Saving"], 1, counts.Rows));
            // Allocations feed the ACR statements, which are computed when read; the dashboard's snapshot does not count
            // them, so no district is marked for a recount.
            await pass.CommitAsync(db, transaction, changedDistricts: [], counts.Covered, AuditActions.CbPlanImport,
                $"upload {pass.Batch.Id} ({pass.Batch.FileName}) committed: {counts.Rows:N0} rows, {counts.Matched.Total:N0} matched, " +
                $"{counts.Unmatched:N0} unmatched, {counts.Ambiguous:N0} ambiguous, {counts.OutsideScope:N0} outside the scope, {counts.Rejected:N0} rejected; " +
                $"allocations {counts.Allocations.New:N0} new, {counts.Allocations.Updated:N0} updated, {counts.Allocations.Unchanged:N0} unchanged; {counts.NewCourses:N0} new courses", ct);
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
            ReportRead = report.FileName,
            HasWorklist = hasWorklist,
            FirstUnmatched = counts.UnmatchedUsers.Take(CbPlanImportResult.UnmatchedShown).ToList(),
            UnmatchedUsers = counts.UnmatchedUsers.Count,
            HeaderLocation = report.FileName,
        };
    }

    /// <summary>The list's title lines, in the uploader's language (the list is written during their upload).</summary>
    private static IReadOnlyList<string> Heading(UploadPass pass, CbPlanCounts counts) =>
    [
        SharedText.L["iGOT users in the CB plan report '{0}' (upload #{1}) that match no roster employee, or more than one", pass.Batch.FileName, pass.Batch.Id],
        SharedText.L["Uploaded by {0} ({1}) on {2}", pass.User.LoginName, pass.User.ScopeDescription, IndianTime.DateAndTime(pass.Batch.UploadedAt)],
        SharedText.L["{0} iGOT users; {1} rows unmatched, {2} ambiguous. Their allocations are not recorded. Add the missing e-mail, mobile or employee code to the roster, or link the user by hand on the portal's Unmatched iGOT users page, then upload the report again.",
            IndianFormat.Number(counts.UnmatchedUsers.Count), IndianFormat.Number(counts.Unmatched), IndianFormat.Number(counts.Ambiguous)],
    ];

    public CbPlanImportResult Failed(UploadPass pass, string problem) => Result(pass, ImportOutcome.Failed) with { FileProblem = problem };

    private static CbPlanImportResult Result(UploadPass pass, ImportOutcome outcome) => new()
    {
        BatchId = pass.Batch.Id,
        Outcome = outcome,
        FileName = pass.Batch.FileName,
        FileSizeBytes = pass.Batch.FileSizeBytes,
        Sha256 = pass.Batch.Sha256,
        ScopeDescription = pass.User.ScopeDescription,
    };

    public void Record(ImportBatch batch, CbPlanImportResult r)
    {
        var c = r.Counts;
        batch.MatchedRows = c?.Matched.Total ?? 0;
        batch.UnmatchedRows = c?.Unmatched ?? 0;
        batch.AmbiguousRows = c?.Ambiguous ?? 0;
        batch.OutsideScopeRows = c?.OutsideScope ?? 0;
        batch.NewCourses = c?.NewCourses ?? 0;
        batch.Inserted = c?.Allocations.New ?? 0;
        batch.Updated = c?.Allocations.Updated ?? 0;
        batch.Unchanged = c?.Allocations.Unchanged ?? 0;
        batch.Rejected = c?.Rejected ?? 0;
        batch.IgnoredColumns = c is { IgnoredColumns.Count: > 0 } ? UploadPipeline.Truncate(string.Join(", ", c.IgnoredColumns), 2000) : null;
        if (r.HasWorklist) batch.WorklistPath = Path.Combine(Path.GetDirectoryName(batch.StoredFilePath ?? "") ?? "", WorklistFileName);
        // In the uploader's language: the upload history shows it to them.
        object[] figures = [IndianFormat.Number(c?.Rows ?? 0), IndianFormat.Number(c?.Matched.Total ?? 0), IndianFormat.Number(c?.Unmatched ?? 0), IndianFormat.Number(c?.Ambiguous ?? 0),
            IndianFormat.Number(c?.OutsideScope ?? 0), IndianFormat.Number(c?.Rejected ?? 0), IndianFormat.Number(c?.Allocations.New ?? 0), IndianFormat.Number(c?.Allocations.Updated ?? 0)];
        batch.Message = r.FileProblem ?? (c is null ? null : (string)(r.Outcome switch
        {
            ImportOutcome.Committed => SharedText.L["Imported: {0} rows, {1} matched, {2} unmatched, {3} ambiguous, {4} outside your scope, {5} rejected; {6} new allocations, {7} updated.", figures],
            _ => SharedText.L["Checked: {0} rows, {1} matched, {2} unmatched, {3} ambiguous, {4} outside your scope, {5} rejected; {6} new allocations, {7} updated.", figures],
        }));
    }
}
