using Portal.Web.Data;
using Portal.Web.Infrastructure.Localization;
using Portal.Web.Resources;

namespace Portal.Web.Features.Rosters;

/// <summary>An employee as stored, to compare a roster row with; merging keeps stored values the row leaves empty.</summary>
internal sealed record StoredEmployee(
    int Id, string EmployeeCode, string Name, int DesignationId, int DepartmentId, int DistrictId, int? OfficeId,
    string? Mobile, string? Email, ServiceGroup Group, EmployeeStatus Status, DateOnly? DateOfJoining, string? IgotUserId, DateOnly? OnboardedOn)
{
    /// <summary>The row's values over the stored ones: optional cells left empty do not erase what is stored.</summary>
    public MergedEmployee Merge(RosterRow row, int? officeId) => new(
        row.Name, row.DesignationId, row.DepartmentId, row.DistrictId,
        row.Office is not null ? officeId : (row.DistrictId == DistrictId && row.DepartmentId == DepartmentId ? OfficeId : null),
        row.Mobile ?? Mobile, row.Email ?? Email, row.Group ?? Group, row.Status ?? Status,
        row.DateOfJoining ?? DateOfJoining, row.IgotUserId ?? IgotUserId, row.IgotRegisteredOn ?? OnboardedOn);

    /// <summary>
    /// What would change, in words for the preview ("Mobile: 98765xxxxx → 91234xxxxx"): the labels are the contract's
    /// column names, as in the file; the words around them are in the uploader's language.
    /// </summary>
    public List<string> Describe(MergedEmployee m, RosterLookups lookups)
    {
        var changes = new List<string>();
        void Compare<T>(string label, T before, T after, Func<T, string?>? show = null)
        {
            if (EqualityComparer<T>.Default.Equals(before, after)) return;
            show ??= v => v?.ToString();
            changes.Add($"{label}: {show(before) ?? SharedText.L["(empty)"]} → {show(after) ?? SharedText.L["(empty)"]}");
        }
        Compare("Name", Name, m.Name);
        Compare("Designation", DesignationId, m.DesignationId, id => lookups.Designations.NameOf.GetValueOrDefault(id));
        Compare("Department", DepartmentId, m.DepartmentId, id => lookups.Departments.NameOf.GetValueOrDefault(id));
        Compare("District", DistrictId, m.DistrictId, id => lookups.Districts.NameOf.GetValueOrDefault(id));
        if (m.OfficeId is not < 0) Compare("Office", OfficeId, m.OfficeId, id => id is null ? null : SharedText.L["office #{0}", id].Value);
        else changes.Add(SharedText.L["Office: new office"]);
        Compare("Mobile", Mobile, m.Mobile);
        Compare("Email", Email, m.Email);
        Compare("Group", Group, m.Group, g => SharedText.L[Words.Group(g)]);
        Compare("Status", Status, m.Status, s => s is { } status ? SharedText.L[Words.Status(status)].Value : null);
        Compare("Date of Joining", DateOfJoining, m.DateOfJoining, d => d?.ToString("dd-MM-yyyy"));
        Compare("iGOT User ID", IgotUserId, m.IgotUserId);
        Compare("iGOT Registered On", OnboardedOn, m.OnboardedOn, d => d?.ToString("dd-MM-yyyy"));
        return changes;
    }
}

internal sealed record MergedEmployee(
    string Name, int DesignationId, int DepartmentId, int DistrictId, int? OfficeId, string? Mobile, string? Email,
    ServiceGroup Group, EmployeeStatus? Status, DateOnly? DateOfJoining, string? IgotUserId, DateOnly? OnboardedOn);
