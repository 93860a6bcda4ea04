namespace Portal.Web.Data;

public class Employee
{
    public int Id { get; set; }
    /// <summary>HRMS / Manav Sampada code: unique, and the key every roster import upserts on.</summary>
    public required string EmployeeCode { get; set; }
    public required string Name { get; set; }
    public int DesignationId { get; set; }
    public Designation Designation { get; set; } = null!;
    public int DepartmentId { get; set; }
    public Department Department { get; set; } = null!;
    public int DistrictId { get; set; }
    public District District { get; set; } = null!;
    public int? OfficeId { get; set; }
    public Office? Office { get; set; }
    /// <summary>Ten digits, no prefix.</summary>
    public string? Mobile { get; set; }
    /// <summary>Stored lower-case.</summary>
    public string? Email { get; set; }
    public ServiceGroup Group { get; set; } = ServiceGroup.Others;
    public EmployeeStatus Status { get; set; } = EmployeeStatus.Active;
    public DateOnly? DateOfJoining { get; set; }
    public string? IgotUserId { get; set; }
    /// <summary>Date of iGOT registration; present means onboarded.</summary>
    public DateOnly? OnboardedOn { get; set; }
    /// <summary>
    /// Date of the first completed course (none: nothing completed yet). Derived from <see cref="Enrolments"/> so that
    /// "completed as of a date" is judged from the employee row and its index, not by searching millions of
    /// enrolments; whatever writes enrolments refreshes it with <see cref="EmployeeLearning.RefreshFirstCompletionSql"/>.
    /// </summary>
    public DateOnly? FirstCompletedOn { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public List<Enrolment> Enrolments { get; set; } = [];
}

public enum ServiceGroup
{
    A = 1,
    B = 2,
    C = 3,
    D = 4,
    Contractual = 5,
    Others = 6,
}

public enum EmployeeStatus
{
    Active = 1,
    Inactive = 2,
    Retired = 3,
    Transferred = 4,
}

/// <summary>Keeps the learning facts stored on <see cref="Employee"/> in step with the enrolments.</summary>
public static class EmployeeLearning
{
    /// <summary>Sets every employee's <see cref="Employee.FirstCompletedOn"/> from their dated completions (SQLite and SQL Server).</summary>
    public const string RefreshFirstCompletionSql = """
        UPDATE "Employees" SET "FirstCompletedOn" =
            (SELECT MIN(x."CompletedOn") FROM "Enrolments" AS x WHERE x."EmployeeId" = "Employees"."Id" AND x."Status" = 2)
        """;
}
