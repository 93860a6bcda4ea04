namespace Portal.Web.Data;

/// <summary>An iGOT course (program, event...): the catalogue that progress uploads match their rows against.</summary>
public class Course
{
    private string _name = "";
    private string? _provider;

    public int Id { get; set; }
    /// <summary>iGOT's course (content) id, e.g. do_1137...; unknown for courses first seen in an MDO report, which has none.</summary>
    public string? IgotCourseId { get; set; }

    public required string Name
    {
        get => _name;
        set { _name = value; CatalogueKey = KeyOf(_provider, value); }
    }

    /// <summary>The content provider as iGOT names it (e.g. "iGOT Karmayogi"); unknown for courses from before the catalogue.</summary>
    public string? Provider
    {
        get => _provider;
        set { _provider = value; CatalogueKey = KeyOf(value, _name); }
    }

    /// <summary>
    /// Provider and name as a report without content ids identifies a course (<see cref="KeyOf"/>); unique. It follows
    /// <see cref="Name"/> and <see cref="Provider"/> whenever either is set, so no writer can store a stale key.
    /// </summary>
    public string CatalogueKey { get; private set; } = "|";

    /// <summary>iGOT's content type: Course, Program, Blended Program, Curated Program, Event...</summary>
    public string? ContentType { get; set; }
    /// <summary>Course duration in minutes (exact sums; shown as hours).</summary>
    public int DurationMinutes { get; set; }
    public bool IsMandatory { get; set; }
    /// <summary>The 7-day capacity building programme that states link to promotion and the ACR.</summary>
    public bool IsCapacityBuildingProgramme { get; set; }
    /// <summary>Designations the course applies to; empty means every designation.</summary>
    public List<Designation> ApplicableDesignations { get; set; } = [];

    public const int MaxNameLength = 300;
    public const int MaxProviderLength = 200;
    public const int MaxKeyLength = MaxProviderLength + 1 + MaxNameLength;

    /// <summary>
    /// "provider|name", each trimmed, lower-case, with runs of white space as one space: the same course whatever the
    /// case or spacing a report writes it in. A course of unknown provider has the key "|name".
    /// </summary>
    public static string KeyOf(string? provider, string name) => Normalise(provider) + "|" + Normalise(name);

    private static string Normalise(string? text) =>
        string.IsNullOrWhiteSpace(text) ? "" : string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
}

/// <summary>One employee on one course, from enrolment to completion.</summary>
public class Enrolment
{
    public int Id { get; set; }
    public int EmployeeId { get; set; }
    public Employee Employee { get; set; } = null!;
    public int CourseId { get; set; }
    public Course Course { get; set; } = null!;
    public EnrolmentStatus Status { get; set; }
    public int ProgressPercent { get; set; }
    public DateOnly? EnrolledOn { get; set; }
    public DateOnly? CompletedOn { get; set; }
    /// <summary>Learning time credited, in minutes.</summary>
    public int LearningMinutes { get; set; }
}

public enum EnrolmentStatus
{
    NotStarted = 0,
    InProgress = 1,
    Completed = 2,
}
