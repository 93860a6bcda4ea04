using Portal.Web.Data;
using Portal.Web.Resources;

namespace Portal.Web.Features.Progress;

public enum WorklistSort
{
    /// <summary>Most completions first: the users whose learning the dashboard misses most.</summary>
    Completions,
    /// <summary>Latest upload first.</summary>
    Newest,
}

/// <summary>What the worklist shows: one problem, a search over name, e-mail, phone and organisation, and a page of it.</summary>
public sealed record WorklistQuery
{
    public const int MaxPageSize = 200;

    public IgotMatchProblem Problem { get; init; } = IgotMatchProblem.Unmatched;
    public string? Search { get; init; }
    public WorklistSort Sort { get; init; } = WorklistSort.Completions;
    /// <summary>1-based.</summary>
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 25;

    /// <summary>The search words, trimmed; none for an empty box.</summary>
    public string? SearchText => string.IsNullOrWhiteSpace(Search) ? null : Search.Trim();

    /// <summary>The filter in words, for the audit (in English, as every audit entry is).</summary>
    public string Describe() =>
        (Problem == IgotMatchProblem.Ambiguous ? "ambiguous (several employees share the e-mail or mobile)" : "matching nobody")
        + (SearchText is { } s ? $"; search \"{s}\"" : "")
        + (Sort == WorklistSort.Newest ? "; latest upload first" : "; most completions first");

    /// <summary>The filter in words, for a workbook's heading: in the reader's language.</summary>
    public string DescribeForReader() =>
        (Problem == IgotMatchProblem.Ambiguous ? SharedText.L["ambiguous (several employees share the e-mail or mobile)"].Value : SharedText.L["matching nobody"].Value)
        + (SearchText is { } s ? SharedText.L["; search \"{0}\"", s].Value : "")
        + (Sort == WorklistSort.Newest ? SharedText.L["; latest upload first"].Value : SharedText.L["; most completions first"].Value);
}

/// <summary>An iGOT user of the worklist as its latest committed upload reported it.</summary>
public sealed record WorklistEntry(
    string UserKey, IgotMatchProblem Problem, string? Name, string? Email, string? Phone, string? EmployeeCode,
    string? Designation, string? Organisation, int Rows, int Completions, int Candidates,
    int BatchId, string? FileName, DateTime? UploadedAt)
{
    /// <summary>The problem in words for clerks, in the reader's language (the page and the worklist workbook).</summary>
    public string ProblemText => Problem != IgotMatchProblem.Ambiguous ? SharedText.L["Matches no employee"]
        : Candidates > 1 ? SharedText.L["Ambiguous: {0} employees share the e-mail or mobile", Infrastructure.IndianFormat.Number(Candidates)]
        : SharedText.L["Ambiguous: several employees share the e-mail or mobile"];

    /// <summary>"progress.xlsx, 20-11-2026" (the upload's date in IST).</summary>
    public string? UploadText => FileName is null ? null : UploadedAt is { } at ? $"{FileName}, {Infrastructure.IndianTime.Date(at)}" : FileName;
}

/// <summary>One page of rows and how many there are in all.</summary>
public sealed record PagedRows<T>(IReadOnlyList<T> Rows, int Total, int Page, int PageSize)
{
    public int Pages => Total == 0 ? 1 : (Total + PageSize - 1) / PageSize;
}

/// <summary>A roster employee offered for a hand link: enough to tell two people of the same name apart.</summary>
public sealed record EmployeeChoice(int Id, string EmployeeCode, string Name, string Designation, string? Office, string District,
    string Department, string? Email, string? Mobile);

/// <summary>A hand link the user can see (its employee is in the user's scope).</summary>
public sealed record HandLink(string UserKey, string? Name, string? Email, string? Phone, int EmployeeId, string EmployeeCode,
    string EmployeeName, string District, string LinkedBy, DateTime LinkedAt);

/// <summary>What a link or unlink did, in words for the clerk.</summary>
public sealed record WorklistOutcome(bool Done, string Message)
{
    public static WorklistOutcome Refused(string message) => new(false, message);
}
