namespace Portal.Web.Data;

/// <summary>A district of the state (Uttar Pradesh has 75).</summary>
public class District
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public string? NameHindi { get; set; }
    public List<DistrictGrouping> Groupings { get; set; } = [];
}

/// <summary>
/// A named set of districts of one kind: a revenue division, a police range, a police zone,
/// a commissionerate, or any kind a state adds. A district belongs to many groupings at once.
/// </summary>
public class DistrictGrouping
{
    public int Id { get; set; }
    /// <summary>Free text so that a state can add kinds without a code change; see <see cref="GroupingKinds"/>.</summary>
    public required string Kind { get; set; }
    public required string Name { get; set; }
    public string? NameHindi { get; set; }
    public List<District> Districts { get; set; } = [];

    /// <summary>How the portal names a grouping everywhere (pickers, scopes, breadcrumbs): "Meerut police range".</summary>
    public string Label => LabelOf(Name, Kind);

    /// <summary>
    /// <see cref="Label"/> from its two columns. EF cannot translate <see cref="Label"/> inside a query, so queries select
    /// <see cref="Name"/> and <see cref="Kind"/> and call this in the final projection (EF runs it after reading the row).
    /// </summary>
    public static string LabelOf(string name, string kind) => $"{name} {kind.ToLowerInvariant()}";

    /// <summary>
    /// <see cref="LabelOf"/> in the words of <paramref name="L"/> (a scope or campaign described to a reader): the name as
    /// entered, the kind in the reader's language ("Meerut police range", "Meerut पुलिस परिक्षेत्र").
    /// </summary>
    public static string LabelOf(string name, string kind, Microsoft.Extensions.Localization.IStringLocalizer L) =>
        $"{name} {L[kind].Value.ToLowerInvariant()}";
}

/// <summary>The grouping kinds the demo state and the dashboards know by name.</summary>
public static class GroupingKinds
{
    public const string Division = "Division";
    public const string PoliceRange = "Police Range";
    public const string PoliceZone = "Police Zone";
    public const string Commissionerate = "Police Commissionerate";
}

public class Department
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public string? NameHindi { get; set; }
}

/// <summary>An office of one department in one district (a thana, a CHC, a tehsil, a school block...).</summary>
public class Office
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public int DistrictId { get; set; }
    public District District { get; set; } = null!;
    public int DepartmentId { get; set; }
    public Department Department { get; set; } = null!;
}

/// <summary>A post or role, e.g. Constable, ANM, Lekhpal.</summary>
public class Designation
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public string? NameHindi { get; set; }
    public DesignationCategory Category { get; set; }
}

public enum DesignationCategory
{
    /// <summary>Front-line staff the states prioritise: constables, ANM, ASHA, teachers, panchayat staff.</summary>
    FieldStaff = 1,
    Supervisory = 2,
    Officer = 3,
    Ministerial = 4,
    Support = 5,
}
