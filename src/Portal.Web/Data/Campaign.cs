namespace Portal.Web.Data;

/// <summary>
/// A drive with a window, a scope and a target, e.g. "100% iGOT registration by 31-01-2025"
/// or Karmayogi Saptah's "at least 4 learning hours in the week".
/// </summary>
public class Campaign
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public CampaignMetric Metric { get; set; }
    /// <summary>For <see cref="CampaignMetric.CourseCompletion"/>: the course to complete.</summary>
    public int? CourseId { get; set; }
    public Course? Course { get; set; }
    /// <summary>For <see cref="CampaignMetric.LearningHours"/>: minutes each employee must reach in the window.</summary>
    public int? ThresholdMinutes { get; set; }
    public DateOnly WindowStart { get; set; }
    public DateOnly WindowEnd { get; set; }
    public DateOnly Deadline { get; set; }
    /// <summary>Share of the scope's workforce to reach, in percent (e.g. 100).</summary>
    public decimal TargetPercent { get; set; }
    // Scope: every set field narrows it; none set means the whole state.
    public int? ScopeGroupingId { get; set; }
    public DistrictGrouping? ScopeGrouping { get; set; }
    public int? ScopeDistrictId { get; set; }
    public District? ScopeDistrict { get; set; }
    public int? ScopeDepartmentId { get; set; }
    public Department? ScopeDepartment { get; set; }
    public string? CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
}

public enum CampaignMetric
{
    Onboarding = 1,
    AnyCompletion = 2,
    CourseCompletion = 3,
    MandatoryCompliance = 4,
    LearningHours = 5,
}
