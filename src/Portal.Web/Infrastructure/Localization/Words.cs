using Portal.Web.Data;

namespace Portal.Web.Infrastructure.Localization;

/// <summary>
/// The English words for the portal's stored values (enums), which are also their keys in the shared resource:
/// a page shows <c>L[Words.Group(g)]</c>. One place, so every page names a value the same way in both languages.
/// </summary>
public static class Words
{
    public static string Group(ServiceGroup group) => group switch
    {
        ServiceGroup.A => "Group A",
        ServiceGroup.B => "Group B",
        ServiceGroup.C => "Group C",
        ServiceGroup.D => "Group D",
        ServiceGroup.Contractual => "Contractual",
        _ => "Others",
    };

    public static string Status(EmployeeStatus status) => status switch
    {
        EmployeeStatus.Active => "Active",
        EmployeeStatus.Inactive => "Inactive",
        EmployeeStatus.Retired => "Retired",
        _ => "Transferred",
    };

    public static string Enrolment(EnrolmentStatus status) => status switch
    {
        EnrolmentStatus.NotStarted => "Not started",
        EnrolmentStatus.InProgress => "In progress",
        _ => "Completed",
    };

    public static string Role(PortalRole role) => role switch
    {
        PortalRole.StateAdmin => "State admin",
        PortalRole.RangeOffice => "Range office",
        PortalRole.DistrictOffice => "District office",
        PortalRole.DepartmentHR => "Department HR",
        _ => "Viewer",
    };

    /// <summary>An upload's outcome in the upload history.</summary>
    public static string Outcome(ImportOutcome outcome) => outcome switch
    {
        ImportOutcome.Pending => "Pending",
        ImportOutcome.Previewed => "Checked, not imported",
        ImportOutcome.Committed => "Imported",
        ImportOutcome.Cancelled => "Cancelled",
        _ => "Failed",
    };

    /// <summary>Every key this class gives, for the test that each has its Hindi.</summary>
    public static IEnumerable<string> All =>
        Enum.GetValues<ServiceGroup>().Select(Group)
            .Concat(Enum.GetValues<EmployeeStatus>().Select(Status))
            .Concat(Enum.GetValues<EnrolmentStatus>().Select(Enrolment))
            .Concat(Enum.GetValues<PortalRole>().Select(Role))
            .Concat(Enum.GetValues<ImportOutcome>().Select(Outcome));
}
