namespace Portal.Web.Data;

/// <summary>An iGOT course.</summary>
public class Course
{
    public int Id { get; set; }
    /// <summary>iGOT's course (content) id, e.g. do_1137...</summary>
    public required string IgotCourseId { get; set; }
    public required string Name { get; set; }
    /// <summary>Course duration in minutes (exact sums; shown as hours).</summary>
    public int DurationMinutes { get; set; }
    public bool IsMandatory { get; set; }
    /// <summary>The 7-day capacity building programme that states link to promotion and the ACR.</summary>
    public bool IsCapacityBuildingProgramme { get; set; }
    /// <summary>Designations the course applies to; empty means every designation.</summary>
    public List<Designation> ApplicableDesignations { get; set; } = [];
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
