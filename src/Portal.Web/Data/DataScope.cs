namespace Portal.Web.Data;

/// <summary>
/// The rows a user may see: a set of districts and a set of departments. Null means "every"
/// in that dimension; an empty set means none. Enforced by the <see cref="PortalDbContext"/>'s
/// query filters, so every query on staff data is scoped whether or not a page remembers to.
/// A context created without a scope sees nothing (fail closed).
/// </summary>
public sealed record DataScope(IReadOnlySet<int>? DistrictIds, IReadOnlySet<int>? DepartmentIds)
{
    /// <summary>The user whose uploads (and their files) this scope may read; StateAdmins and the system read all.</summary>
    public int? UserId { get; init; }

    /// <summary>The whole state: for StateAdmins and for system work (migrations, seeding, CLI).</summary>
    public static readonly DataScope WholeState = new(null, null);

    /// <summary>No rows at all: the default of a context, and of a user without a scope.</summary>
    public static readonly DataScope Nothing = new(new HashSet<int>(), new HashSet<int>());

    public bool IsWholeState => DistrictIds is null && DepartmentIds is null;
    public bool IsEmpty => DistrictIds is { Count: 0 } || DepartmentIds is { Count: 0 };

    public bool IncludesDistrict(int districtId) => DistrictIds is null || DistrictIds.Contains(districtId);
    public bool IncludesDepartment(int departmentId) => DepartmentIds is null || DepartmentIds.Contains(departmentId);
    public bool Includes(int districtId, int departmentId) => IncludesDistrict(districtId) && IncludesDepartment(departmentId);

    public override string ToString() => IsWholeState ? "whole state"
        : $"districts: {(DistrictIds is null ? "all" : string.Join(",", DistrictIds.Order()))}; departments: {(DepartmentIds is null ? "all" : string.Join(",", DepartmentIds.Order()))}";
}
