namespace Portal.Web.Data;

/// <summary>One uploaded file (roster or iGOT progress), whatever became of it.</summary>
public class ImportBatch
{
    public int Id { get; set; }
    public ImportKind Kind { get; set; }
    public required string FileName { get; set; }
    public long FileSizeBytes { get; set; }
    /// <summary>Lower-case hex SHA-256 of the file, to detect the same file uploaded twice.</summary>
    public required string Sha256 { get; set; }
    public required string UploadedBy { get; set; }
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
}

public enum ImportKind
{
    Roster = 1,
    Progress = 2,
}

public enum ImportOutcome
{
    Pending = 0,
    Previewed = 1,
    Committed = 2,
    Cancelled = 3,
    Failed = 4,
}
