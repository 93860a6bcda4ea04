using Portal.Web.Data;
using Portal.Web.Features.Progress;
using Portal.Web.Features.Uploads;

namespace Portal.Web.Features.CbPlans;

/// <summary>One CB plan import as its caller (the upload kind) sets it up.</summary>
public sealed record CbPlanRun
{
    /// <summary>Whose staff the upload may change: rows of other employees are counted and left alone.</summary>
    public required DataScope UploaderScope { get; init; }
    /// <summary>False: a preview, which counts exactly what the commit would do and writes nothing.</summary>
    public bool Commit { get; init; }
    /// <summary>UTC; written on the allocations it adds or changes.</summary>
    public required DateTime Now { get; init; }
    /// <summary>The upload batch written on the allocations it adds or changes.</summary>
    public int BatchId { get; init; }
    /// <summary>Where the rejected rows go as a workbook (written only when some rows are rejected).</summary>
    public required string ErrorWorkbookPath { get; init; }
}

/// <summary>
/// What a CB plan import found (preview) or did (commit); the same figures either way. Every row of the report is in
/// exactly one of: matched, unmatched, ambiguous, outside the scope, rejected. Each matched row is counted once more
/// under <see cref="Allocations"/>: new, updated (its due date or APAR flag changed) or unchanged (a row repeating an
/// earlier one of the same file is unchanged too).
/// </summary>
public sealed record CbPlanCounts
{
    public int Rows { get; init; }
    /// <summary>Rows whose employee is the uploader's, by how they matched.</summary>
    public required MatchCounts Matched { get; init; }
    public int Unmatched { get; init; }
    public int Ambiguous { get; init; }
    /// <summary>Rows of employees outside the uploader's scope: not written, and nothing else about them is given back.</summary>
    public int OutsideScope { get; init; }
    public required ChangeCounts Allocations { get; init; }
    /// <summary>Courses the report names that the catalogue did not know (added, without provider or duration).</summary>
    public int NewCourses { get; init; }
    /// <summary>Rows not used for errors (unreadable or missing dates, an unclear course...); they are in the error workbook.</summary>
    public int Rejected { get; init; }
    public int ErrorCount { get; init; }
    /// <summary>The first errors (at most 1,000), in row order.</summary>
    public IReadOnlyList<RowError> Errors { get; init; } = [];
    public bool HasErrorWorkbook { get; init; }
    /// <summary>Every iGOT user that matched no employee or several (not saved).</summary>
    public IReadOnlyList<IgotUnmatchedUser> UnmatchedUsers { get; init; } = [];
    public IReadOnlyList<string> IgnoredColumns { get; init; } = [];
    /// <summary>The matched rows of the uploader's staff by their employee's district and department (what the report covered).</summary>
    [System.Text.Json.Serialization.JsonIgnore] // bookkeeping for the commit, not a figure of the result
    public UploadCoverage Covered { get; init; } = new();
}

/// <summary>What a CB plan report upload holds (preview) or did (commit).</summary>
public sealed record CbPlanImportResult : UploadResult
{
    /// <summary>The import's figures; null when the file was rejected before its rows were read.</summary>
    public CbPlanCounts? Counts { get; init; }
    /// <summary>The files of the upload (the zip's, or the one file) and those not used, with why.</summary>
    public IReadOnlyList<string> FilesFound { get; init; } = [];
    public IReadOnlyList<string> IgnoredFiles { get; init; } = [];
    /// <summary>The CB plan report's file name (in the zip, or as uploaded).</summary>
    public string? ReportRead { get; init; }
    /// <summary>The workbook of the iGOT users no employee matched (or several did), when there are any.</summary>
    public bool HasWorklist { get; init; }
    /// <summary>The first of those users (the workbook has them all).</summary>
    public IReadOnlyList<IgotUnmatchedUser> FirstUnmatched { get; init; } = [];
    public int UnmatchedUsers { get; init; }

    public const int UnmatchedShown = 100;
}
