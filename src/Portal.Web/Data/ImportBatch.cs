namespace Portal.Web.Data;

/// <summary>One uploaded file (roster, iGOT progress or CB plan report), whatever became of it.</summary>
public class ImportBatch
{
    public int Id { get; set; }
    public ImportKind Kind { get; set; }
    public required string FileName { get; set; }
    public long FileSizeBytes { get; set; }
    /// <summary>Lower-case hex SHA-256 of the file, to detect the same file uploaded twice.</summary>
    public required string Sha256 { get; set; }
    public required string UploadedBy { get; set; }
    /// <summary>The portal user who uploaded it; batches and their files are visible to that user and to StateAdmins.</summary>
    public int? UploadedByUserId { get; set; }
    public DateTime UploadedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public ImportOutcome Outcome { get; set; }
    public int RowsRead { get; set; }
    public int Inserted { get; set; }
    public int Updated { get; set; }
    public int Unchanged { get; set; }
    public int Rejected { get; set; }
    public int Deactivated { get; set; }
    /// <summary>Why a file failed or was cancelled, in words for the uploader.</summary>
    public string? Message { get; set; }
    public string? ErrorWorkbookPath { get; set; }
    /// <summary>The uploaded file as received, kept so that a preview can be committed and audited later.</summary>
    public string? StoredFilePath { get; set; }
    /// <summary>When the retention job deleted the stored file and error workbook (the batch record stays).</summary>
    public DateTime? FilesDeletedAt { get; set; }
    public bool CompleteRoster { get; set; }
    /// <summary>Errors found in rejected rows (a row can have several).</summary>
    public int ErrorCount { get; set; }
    /// <summary>Columns of the file that the contract does not know, comma-separated.</summary>
    public string? IgnoredColumns { get; set; }

    // iGOT progress and CB plan uploads: rows by how they matched the roster, and what they changed (a CB plan upload
    // puts its allocations in Inserted/Updated/Unchanged).
    public int MatchedRows { get; set; }
    public int UnmatchedRows { get; set; }
    public int AmbiguousRows { get; set; }
    public int OutsideScopeRows { get; set; }
    public int NewCompletions { get; set; }
    public int UpdatedCompletions { get; set; }
    public int Onboarded { get; set; }
    public int NewCourses { get; set; }
    /// <summary>The workbook of iGOT users that matched nobody (progress and CB plan uploads).</summary>
    public string? WorklistPath { get; set; }
    /// <summary>
    /// Set by the commit that recorded what the file covered (<see cref="ImportBatchCoverage"/>, possibly nothing): false
    /// for batches committed before the portal kept that record, whose coverage is unknown.
    /// </summary>
    public bool CoverageRecorded { get; set; }
}

public enum ImportKind
{
    Roster = 1,
    Progress = 2,
    /// <summary>iGOT's CB plan report: courses allocated to employees, with due dates (CbPlanAllocation).</summary>
    CbPlan = 3,
}

public enum ImportOutcome
{
    Pending = 0,
    Previewed = 1,
    Committed = 2,
    Cancelled = 3,
    Failed = 4,
}

/// <summary>
/// What a committed upload covered: its rows per district and department (a roster's accepted rows; an iGOT or CB plan
/// report's rows matched to the roster). Written in the commit's own transaction, so a preview, a failed or a cancelled
/// upload has none. The review pack reads it for how fresh each district's uploads are. Batches committed before this
/// table existed have no rows in it.
/// </summary>
public class ImportBatchCoverage
{
    public int BatchId { get; set; }
    public int DistrictId { get; set; }
    public int DepartmentId { get; set; }
    /// <summary>The batch's kind and when it was committed (UTC), kept here so that freshness is read from this table
    /// alone, through the reader's scope filters.</summary>
    public ImportKind Kind { get; set; }
    public DateTime CommittedAt { get; set; }
    public int Rows { get; set; }
}
