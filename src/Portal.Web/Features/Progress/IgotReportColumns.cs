using Portal.Web.Features.Rosters;
using Portal.Web.Features.Uploads;
using Portal.Web.Infrastructure.Spreadsheets;

namespace Portal.Web.Features.Progress;

/// <summary>What an iGOT report file is, as told by its header row.</summary>
public enum IgotReportKind
{
    /// <summary>One row per user and content (user-enrollment-report.csv, ConsumptionReport.csv).</summary>
    Enrolment,
    /// <summary>One row per iGOT user, with the registration date (UserReport.csv).</summary>
    User,
    /// <summary>One row per user and course allocated by a live CB plan (CBPEnrollmentReport.csv).</summary>
    CbPlan,
}

/// <summary>
/// The iGOT report contracts (shared/formats.md, "iGOT reports"): the fields read and the header names accepted.
/// Names are iGOT's own; underscores, spaces and case vary between report versions and are ignored by
/// <see cref="HeaderMatcher.Key"/>, so "Employee_Id", "Employee Id" and "EmployeeId" are one name.
/// </summary>
public static class IgotReportColumns
{
    public const string Name = "Name";
    public const string Email = "Email";
    public const string Phone = "Phone";
    public const string EmployeeCode = "EmployeeCode";
    public const string Designation = "Designation";
    public const string Organisation = "Organisation";
    public const string ContentId = "ContentId";
    public const string ContentName = "ContentName";
    public const string Provider = "Provider";
    public const string ContentType = "ContentType";
    public const string Duration = "Duration";
    public const string EnrolledOn = "EnrolledOn";
    public const string CompletedOn = "CompletedOn";
    public const string Status = "Status";
    public const string ProgressPercent = "ProgressPercent";
    public const string Certificate = "Certificate";
    public const string CbPlanMandate = "CbPlanMandate";
    public const string RegisteredOn = "RegisteredOn";
    public const string CbpCourseName = "CbpCourseName";
    public const string IsApar = "IsApar";
    public const string AllocatedOn = "AllocatedOn";
    public const string CurrentProgress = "CurrentProgress";
    public const string DueDate = "DueDate";
    public const string ActualCompletionDate = "ActualCompletionDate";

    private static readonly string[] NameNames = ["Full_Name", "Full Name", "Name", "User Name"];
    private static readonly string[] EmailNames = ["Email", "Email ID", "Primary Email"];
    private static readonly string[] PhoneNames = ["Phone_Number", "Phone", "Mobile", "Mobile Number"];
    private static readonly string[] EmployeeCodeNames = ["Employee_Id", "Employee Id", "EmployeeId", "Employee Code"];
    private static readonly string[] OrganisationNames = ["MDO_Name", "Organization", "Organisation", "Department"];

    /// <summary>The enrolment report. Only the content name is required by the header; an identifier column is checked after.</summary>
    public static readonly IReadOnlyList<ColumnSpec> Enrolment =
    [
        new(Name, false, NameNames),
        new(Email, false, EmailNames),
        new(Phone, false, PhoneNames),
        new(EmployeeCode, false, EmployeeCodeNames),
        new(Designation, false, "Designation"),
        new(Organisation, false, OrganisationNames),
        new(ContentId, false, "Content_Id", "Course ID", "Course Id", "do_id"),
        new(ContentName, true, "Content_Name", "Course Name", "Course", "Content Name"),
        new(Provider, false, "Content_Provider", "Provider"),
        new(ContentType, false, "Content_Type"),
        new(Duration, false, "Content_Duration", "Course Duration", "Duration", "Hours"),
        new(EnrolledOn, false, "Enrolled_On", "Enrolment Date", "Enrollment Date"),
        new(CompletedOn, false, "Completed_On", "Completion Date", "First_Completed_On"),
        new(Status, false, "Status", "Completion Status", "Current Progress"),
        new(ProgressPercent, false, "Content_Progress_Percentage", "Progress", "Progress %", "Completion Percentage"),
        new(Certificate, false, "Certificate_Generated"),
        new(CbPlanMandate, false, "Live_CBP_Plan_Mandate"),
    ];

    /// <summary>The user report: the registration date is what the portal takes from it.</summary>
    public static readonly IReadOnlyList<ColumnSpec> User =
    [
        new(Name, false, NameNames),
        new(Email, false, EmailNames),
        new(Phone, false, PhoneNames),
        new(EmployeeCode, false, EmployeeCodeNames),
        new(Designation, false, "Designation"),
        new(Organisation, false, OrganisationNames),
        new(RegisteredOn, true, "User_Registration_Date", "Registration Date", "Registered On"),
    ];

    /// <summary>The CB plan report: imported by Features/CbPlans (allocations with due dates, for the ACR report).</summary>
    public static readonly IReadOnlyList<ColumnSpec> CbPlan =
    [
        new(Name, false, NameNames),
        new(Email, false, EmailNames),
        new(Phone, false, PhoneNames),
        new(EmployeeCode, false, EmployeeCodeNames),
        new(Organisation, false, OrganisationNames),
        new(Designation, false, "Designation"),
        new(CbpCourseName, true, "Name of CBP Allocated Course"),
        new(IsApar, false, "isapar", "is_apar"),
        new(AllocatedOn, false, "Allocated On", "Allocated_On"),
        new(CurrentProgress, false, "Current Progress", "Status"),
        new(DueDate, false, "Due Date of Completion", "Due Date"),
        new(ActualCompletionDate, false, "Actual Date of Completion", "Completion Date"),
    ];

    /// <summary>The fields of which a row needs at least one to be matched to a roster employee.</summary>
    public static readonly IReadOnlyList<string> Identifiers = [Email, Phone, EmployeeCode];

    public static IReadOnlyList<ColumnSpec> For(IgotReportKind kind) => kind switch
    {
        IgotReportKind.Enrolment => Enrolment,
        IgotReportKind.User => User,
        _ => CbPlan,
    };

    public static string Describe(IgotReportKind kind) => kind switch
    {
        IgotReportKind.Enrolment => "enrolment report",
        IgotReportKind.User => "user report",
        _ => "CB plan report",
    };

    /// <summary>The header as iGOT names it, for messages: "Content_Name".</summary>
    public static string Label(IgotReportKind kind, string field) => For(kind).First(c => c.Field == field).DisplayName;

    private static readonly HashSet<string> ContentNameKeys = Keys(Enrolment, ContentName);
    private static readonly HashSet<string> IdentifierKeys = [.. Identifiers.SelectMany(f => Keys(Enrolment, f))];
    private static readonly HashSet<string> RegisteredOnKeys = Keys(User, RegisteredOn);
    private static readonly HashSet<string> CbpCourseKeys = Keys(CbPlan, CbpCourseName);
    private static readonly IReadOnlyList<HashSet<string>> RosterRequiredKeys =
        [.. RosterColumns.All.Where(c => c.Required).Select(c => c.Names.Select(HeaderMatcher.Key).ToHashSet())];

    private static HashSet<string> Keys(IReadOnlyList<ColumnSpec> columns, string field) =>
        columns.First(c => c.Field == field).Names.Select(HeaderMatcher.Key).ToHashSet();

    /// <summary>What one row of headers is: an iGOT report of some kind, a staff roster, or neither (null).</summary>
    internal static HeaderKind? Classify(IEnumerable<string> headers)
    {
        var keys = headers.Select(h => HeaderMatcher.Key(h.Trim())).Where(k => k.Length > 0).ToHashSet();
        if (keys.Count == 0) return null;
        // A roster names a district; no iGOT report does. Checked first so that a roster with a "Course" column stays a roster.
        if (RosterRequiredKeys.All(names => names.Overlaps(keys))) return HeaderKind.Roster;
        if (keys.Overlaps(CbpCourseKeys)) return HeaderKind.CbPlan;
        if (keys.Overlaps(ContentNameKeys))
            return keys.Overlaps(IdentifierKeys) ? HeaderKind.Enrolment : HeaderKind.EnrolmentWithoutIdentifier;
        if (keys.Overlaps(RegisteredOnKeys)) return HeaderKind.User;
        return null;
    }

    internal enum HeaderKind { Enrolment, EnrolmentWithoutIdentifier, User, CbPlan, Roster }
}
