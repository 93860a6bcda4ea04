using Portal.Web.Features.Uploads;

namespace Portal.Web.Features.Rosters;

/// <summary>An employee the import would update (or did), with what changes.</summary>
public sealed record EmployeeChange(int Row, string EmployeeCode, string Name, IReadOnlyList<string> Changes);

/// <summary>What a roster upload holds (preview) or did (commit): the shared fields and the roster's counters.</summary>
public sealed record RosterImportResult : UploadResult
{
    public int New { get; init; }
    public int Updated { get; init; }
    public int Unchanged { get; init; }
    public int Rejected { get; init; }
    public int NewOffices { get; init; }
    /// <summary>Active employees of the scope that are not in the file: deactivated if the file is the complete roster.</summary>
    public int NotInFile { get; init; }
    public int Deactivated { get; init; }
    public bool CompleteRoster { get; init; }
    public IReadOnlyList<string> IgnoredColumns { get; init; } = [];
    public IReadOnlyList<EmployeeChange> Changes { get; init; } = [];
}

/// <summary>
/// The uploader's "complete roster" choice on the preview: <see cref="Wanted"/> once ticked, and the count of employees
/// to mark inactive once confirmed (null until then: the import waits for it).
/// </summary>
public sealed record CompleteRosterChoice(bool Wanted, int? ConfirmedDeactivations)
{
    public static readonly CompleteRosterChoice None = new(false, null);
    public bool Blocks => Wanted && ConfirmedDeactivations is null;
}
