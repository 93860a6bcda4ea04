namespace Portal.Web.Data;

/// <summary>
/// Another name by which rosters refer to a district, department or designation (Allahabad = Prayagraj,
/// "Sipahi" = Constable). Editable by a StateAdmin; matched like names (case, spaces and dots ignored).
/// </summary>
public class NameAlias
{
    public int Id { get; set; }
    public AliasKind Kind { get; set; }
    public required string Alias { get; set; }
    /// <summary>Id of the district, department or designation the alias stands for.</summary>
    public int TargetId { get; set; }
}

public enum AliasKind
{
    District = 1,
    Department = 2,
    Designation = 3,
}
