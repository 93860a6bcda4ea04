using Portal.Web.Infrastructure.Spreadsheets;

namespace Portal.Web.Features.Rosters;

/// <summary>The staff roster contract (docs/formats.md, "Staff roster"): fields and the header names accepted.</summary>
public static class RosterColumns
{
    public const string EmployeeCode = "EmployeeCode";
    public const string Name = "Name";
    public const string Designation = "Designation";
    public const string Department = "Department";
    public const string District = "District";
    public const string Office = "Office";
    public const string Mobile = "Mobile";
    public const string Email = "Email";
    public const string Group = "Group";
    public const string Status = "Status";
    public const string DateOfJoining = "DateOfJoining";
    public const string IgotUserId = "IgotUserId";
    public const string IgotRegisteredOn = "IgotRegisteredOn";

    public static readonly IReadOnlyList<ColumnSpec> All =
    [
        new(EmployeeCode, true, "Employee Code", "Employee ID", "Emp Code", "HRMS Code", "Manav Sampada Code", "कर्मचारी कोड", "कर्मचारी आईडी"),
        new(Name, true, "Name", "Full Name", "Employee Name", "नाम", "कर्मचारी का नाम"),
        new(Designation, true, "Designation", "Post", "Role", "पदनाम", "पद"),
        new(Department, true, "Department", "Dept", "विभाग"),
        new(District, true, "District", "Janpad", "जनपद", "जिला"),
        new(Office, false, "Office", "Office Name", "कार्यालय"),
        new(Mobile, false, "Mobile", "Mobile Number", "Phone", "मोबाइल", "मोबाइल नंबर"),
        new(Email, false, "Email", "E-mail", "Email ID", "ईमेल"),
        new(Group, false, "Group", "Service Group", "समूह"),
        new(Status, false, "Status", "स्थिति"),
        new(DateOfJoining, false, "Date of Joining", "DOJ", "कार्यभार ग्रहण तिथि"),
        new(IgotUserId, false, "iGOT User ID", "iGOT ID", "iGOT आईडी"),
        new(IgotRegisteredOn, false, "iGOT Registered On", "iGOT Registration Date", "Registered On", "iGOT पंजीकरण तिथि"),
    ];

    public static ColumnSpec Spec(string field) => All.First(c => c.Field == field);

    /// <summary>Largest number of data rows in one file.</summary>
    public const int MaxDataRows = 1_000_000;
}
