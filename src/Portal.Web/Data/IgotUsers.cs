namespace Portal.Web.Data;

/// <summary>
/// An iGOT user that a clerk linked by hand to a roster employee (the report's e-mail, mobile and code matched nobody,
/// or more than one). Every later progress upload matches that iGOT user's rows to the employee.
/// </summary>
public class IgotUserLink
{
    public int Id { get; set; }
    /// <summary>The iGOT user as <see cref="IgotUserKey"/> names it; unique.</summary>
    public required string UserKey { get; set; }
    public int EmployeeId { get; set; }
    public Employee Employee { get; set; } = null!;
    public string? Name { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public required string LinkedBy { get; set; }
    public DateTime LinkedAt { get; set; }
}

/// <summary>An iGOT user of a committed progress upload that no roster employee matched (or several did): the worklist.</summary>
public class IgotUnmatchedUser
{
    public long Id { get; set; }
    public int BatchId { get; set; }
    public ImportBatch Batch { get; set; } = null!;
    public required string UserKey { get; set; }
    public IgotMatchProblem Problem { get; set; }
    public string? Name { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? EmployeeCode { get; set; }
    public string? Designation { get; set; }
    public string? Organisation { get; set; }
    /// <summary>Report rows of this user in the upload.</summary>
    public int Rows { get; set; }
    /// <summary>Completed contents among those rows.</summary>
    public int Completions { get; set; }
    /// <summary>For an ambiguous user: how many roster employees share the e-mail or mobile.</summary>
    public int Candidates { get; set; }
}

public enum IgotMatchProblem
{
    /// <summary>No roster employee has the row's code, e-mail or mobile.</summary>
    Unmatched = 1,
    /// <summary>Two or more roster employees share the e-mail or mobile: not guessed.</summary>
    Ambiguous = 2,
}

/// <summary>
/// Names an iGOT user across reports: the e-mail (iGOT's sign-in, unique there), else the mobile, else name and
/// organisation. A hand link is stored under this key, so it holds for every later report of that user.
/// </summary>
public static class IgotUserKey
{
    public const int MaxLength = 320;

    public static string Of(string? email, string? phone, string? name, string? organisation)
    {
        if (!string.IsNullOrWhiteSpace(email)) return Cap("email:" + email.Trim().ToLowerInvariant());
        if (!string.IsNullOrWhiteSpace(phone)) return Cap("phone:" + phone.Trim());
        return Cap("name:" + Course.KeyOf(organisation, name ?? ""));
    }

    private static string Cap(string key) => key.Length <= MaxLength ? key : key[..MaxLength];
}
