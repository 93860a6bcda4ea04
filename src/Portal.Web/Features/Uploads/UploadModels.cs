using Portal.Web.Data;
using Portal.Web.Infrastructure;
using Portal.Web.Resources;

namespace Portal.Web.Features.Uploads;

/// <summary>An error in a rejected row: the row as numbered in Excel, the column header as in the file.</summary>
public sealed record RowError(int Row, string Column, string Message);

/// <summary>An error in a row being read: the field (its contract name; "" for the whole row) and what is wrong.</summary>
public sealed record CellError(string Field, string Message);

/// <param name="Waiting">The upload is queued behind others (the phase says how many are ahead).</param>
public sealed record ImportProgress(string Phase, double Fraction, int RowsRead, bool Waiting = false)
{
    /// <summary>
    /// "Waiting: 1 upload ahead of yours": <paramref name="ahead"/> uploads must finish or start before this one starts.
    /// Every phase is worded in the current UI culture, the uploader's language (the page's upload runs in its circuit).
    /// </summary>
    public static ImportProgress Queued(int ahead) =>
        new(ahead == 1 ? SharedText.L["Waiting: 1 upload ahead of yours"] : SharedText.L["Waiting: {0} uploads ahead of yours", IndianFormat.Number(ahead)], 0, 0, Waiting: true);
}

/// <summary>
/// What every upload holds (preview) or did (commit), whatever its kind; each kind's result adds its own counters.
/// A <c>with</c> on a value typed as this base keeps the derived type.
/// </summary>
public abstract record UploadResult
{
    public int BatchId { get; init; }
    public ImportOutcome Outcome { get; init; }
    public required string FileName { get; init; }
    public long FileSizeBytes { get; init; }
    public string Sha256 { get; init; } = "";
    /// <summary>Why the whole file was rejected; null when its rows could be read.</summary>
    public string? FileProblem { get; init; }
    public int RowsRead { get; init; }
    public IReadOnlyList<RowError> Errors { get; init; } = [];
    public int ErrorCount { get; init; }
    /// <summary>"The same file was uploaded on ..." when its SHA-256 matches an earlier upload of the same kind.</summary>
    public string? PreviousUpload { get; init; }
    public bool HasErrorWorkbook { get; init; }
    public string ScopeDescription { get; init; } = "";
    public string? HeaderLocation { get; init; }

    /// <summary>The failure was the server's (database, disk), not the file's: try again later.</summary>
    public bool ServerFailure { get; init; }

    public bool FileRejected => FileProblem is not null && !ServerFailure;

    /// <summary>Where the time went (for the benchmark).</summary>
    public IReadOnlyDictionary<string, double> Timings { get; init; } = new Dictionary<string, double>();
    public bool CanCommit => Outcome == ImportOutcome.Previewed && !FileRejected;
}

/// <summary>The "Imports" configuration section.</summary>
public sealed class ImportOptions
{
    /// <summary>Where uploaded files and error workbooks are kept; relative paths are under the app's folder.</summary>
    public string Folder { get; set; } = "data/imports";
    public int MaxFileMegabytes { get; set; } = 200;
    /// <summary>Most data rows in one roster file (the contract says 1,000,000).</summary>
    public int MaxDataRows { get; set; } = Rosters.RosterColumns.MaxDataRows;
    /// <summary>
    /// Previews and imports that read files at the same time, process-wide; more wait in a queue (the page shows
    /// their place, the CLI waits). Each can take a few hundred MB at most, so this bounds the server's memory.
    /// </summary>
    public int MaxConcurrentChecks { get; set; } = 2;
    /// <summary>Most characters in one row (within the header's columns); a longer row is rejected with its cells cut short.</summary>
    public int MaxRowCharacters { get; set; } = 8_192;
}
