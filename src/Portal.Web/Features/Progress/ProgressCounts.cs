using Portal.Web.Data;
using Portal.Web.Features.Rosters;
using Portal.Web.Features.Uploads;

namespace Portal.Web.Features.Progress;

/// <summary>One progress import as its caller (the upload service, the benchmark) sets it up.</summary>
public sealed record ProgressRun
{
    /// <summary>Whose staff the upload may change: rows of other employees are counted and left alone.</summary>
    public required DataScope UploaderScope { get; init; }
    public required string UploaderLogin { get; init; }
    /// <summary>False: a preview, which counts exactly what the commit would do and writes nothing.</summary>
    public bool Commit { get; init; }
    /// <summary>UTC; the time written on employees and district marks.</summary>
    public required DateTime Now { get; init; }
    /// <summary>The upload batch that the worklist rows (<see cref="IgotUnmatchedUser"/>) belong to when committing.</summary>
    public int BatchId { get; init; }
    /// <summary>Where the rejected rows go as a workbook (written only when some rows are rejected).</summary>
    public required string ErrorWorkbookPath { get; init; }
    /// <summary>Writes the unmatched users' workbook (called only when there are some), on a thread of its own once the report is read.</summary>
    public Action<UnmatchedReport>? WriteWorklist { get; init; }
}

/// <summary>The iGOT users of a report that matched nobody or several employees (sorted by user), and the rows of each kind.</summary>
public sealed record UnmatchedReport(IReadOnlyList<IgotUnmatchedUser> Users, int UnmatchedRows, int AmbiguousRows);

/// <summary>Report rows by how they found their employee (rows, not employees).</summary>
public sealed record MatchCounts(int EmployeeCode, int Email, int Mobile, int Linked)
{
    public int Total => EmployeeCode + Email + Mobile + Linked;
}

/// <summary>Rows by what they did to the enrolment they merged into.</summary>
public sealed record ChangeCounts(int New, int Updated, int Unchanged)
{
    public int Total => New + Updated + Unchanged;
}

/// <summary>
/// What a progress import found (preview) or did (commit); the same figures either way. Every row of the enrolment
/// report is in exactly one of: matched (of which some are not-enrolled), unmatched, ambiguous, outside the scope, rejected.
/// Matched rows in scope that are enrolments are counted once more under completions (the enrolment is completed
/// after the row) or enrolments (it is not).
/// </summary>
public sealed record ProgressCounts
{
    /// <summary>Data rows of the enrolment report.</summary>
    public int Rows { get; init; }
    /// <summary>Rows whose employee is the uploader's, by how they matched.</summary>
    public required MatchCounts Matched { get; init; }
    /// <summary>Matched rows that say "not enrolled" (a CB plan allocated the course; no enrolment to record).</summary>
    public int NotEnrolled { get; init; }
    public int Unmatched { get; init; }
    public int Ambiguous { get; init; }
    /// <summary>Rows of employees outside the uploader's scope: not written, and nothing else about them is given back.</summary>
    public int OutsideScope { get; init; }
    /// <summary>Completed enrolments: New (not completed before), Updated (was completed, something stored changed), Unchanged.</summary>
    public required ChangeCounts Completions { get; init; }
    /// <summary>Enrolments not completed after the row.</summary>
    public required ChangeCounts Enrolments { get; init; }
    /// <summary>Employees onboarded by this upload (none before).</summary>
    public int Onboarded { get; init; }
    public int NewCourses { get; init; }
    /// <summary>Rows not read for errors (unreadable dates, statuses...); they are in the error workbook.</summary>
    public int Rejected { get; init; }
    public int ErrorCount { get; init; }
    /// <summary>The first errors (at most 1,000), in row order.</summary>
    public IReadOnlyList<RowError> Errors { get; init; } = [];
    public bool HasErrorWorkbook { get; init; }
    /// <summary>Rows of the user report read (registration dates), when the upload has one.</summary>
    public int UserReportRows { get; init; }
    /// <summary>Every iGOT user that matched no employee or several, one per <see cref="IgotUserKey"/> (not saved: no ids).</summary>
    public IReadOnlyList<IgotUnmatchedUser> UnmatchedUsers { get; init; } = [];
    public IReadOnlyList<string> IgnoredColumns { get; init; } = [];
    /// <summary>The matched rows of the uploader's staff by their employee's district and department (what the report covered).</summary>
    [System.Text.Json.Serialization.JsonIgnore] // bookkeeping for the commit, not a figure of the result
    public UploadCoverage Covered { get; init; } = new();
    /// <summary>Where the time went, in seconds (for the benchmark and the logs).</summary>
    public IReadOnlyDictionary<string, double> Timings { get; init; } = new Dictionary<string, double>();
}
