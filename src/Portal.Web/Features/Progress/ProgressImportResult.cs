using Portal.Web.Data;
using Portal.Web.Features.Uploads;

namespace Portal.Web.Features.Progress;

/// <summary>What an iGOT report upload holds (preview) or did (commit).</summary>
public sealed record ProgressImportResult : UploadResult
{
    /// <summary>The import's figures; null when the file was rejected before its rows were read.</summary>
    public ProgressCounts? Counts { get; init; }
    /// <summary>The files of the upload (the zip's, or the one file) and those not used, with why.</summary>
    public IReadOnlyList<string> FilesFound { get; init; } = [];
    public IReadOnlyList<string> IgnoredFiles { get; init; } = [];
    /// <summary>The enrolment report's file and, when present, the user report's.</summary>
    public IReadOnlyList<string> ReportsRead { get; init; } = [];
    /// <summary>The workbook of the iGOT users no employee matched (or several did), when there are any.</summary>
    public bool HasWorklist { get; init; }
    /// <summary>The first of those users (the workbook and the worklist page have them all).</summary>
    public IReadOnlyList<IgotUnmatchedUser> FirstUnmatched { get; init; } = [];
    public int UnmatchedUsers { get; init; }

    /// <summary>How many of the first unmatched users the result keeps (a state-wide report can have lakhs).</summary>
    public const int UnmatchedShown = 100;
}
