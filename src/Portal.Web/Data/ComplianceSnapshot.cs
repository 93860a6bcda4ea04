namespace Portal.Web.Data;

/// <summary>
/// Pre-aggregated compliance figures for one combination of district, department, office, designation and
/// service group, as of the latest <see cref="ComplianceSnapshot"/>. Dashboards sum these cells (thousands)
/// instead of scanning millions of employees and tens of millions of enrolments.
/// </summary>
public class ComplianceCell
{
    public int Id { get; set; }
    public int DistrictId { get; set; }
    public int DepartmentId { get; set; }
    public int? OfficeId { get; set; }
    public int DesignationId { get; set; }
    public ServiceGroup Group { get; set; }
    public int Workforce { get; set; }
    public int Onboarded { get; set; }
    public int Learners { get; set; }
    public int Completions { get; set; }
    public long LearningMinutes { get; set; }
    public int MandatoryCompliant { get; set; }
    // The same figures seven days before the snapshot's date (for "change since last week"). The roster keeps no
    // history, so the workforce of a week ago is today's active employees who were already on the roster then.
    public int WorkforceWeekAgo { get; set; }
    public int OnboardedWeekAgo { get; set; }
    public int LearnersWeekAgo { get; set; }
    public int CompletionsWeekAgo { get; set; }
    public long LearningMinutesWeekAgo { get; set; }
    public int MandatoryCompliantWeekAgo { get; set; }
}

/// <summary>Onboarded and learners of a district and department at the end of each of the last 26 weeks.</summary>
public class ComplianceWeek
{
    public int Id { get; set; }
    public int DistrictId { get; set; }
    public int DepartmentId { get; set; }
    public DateOnly WeekEnding { get; set; }
    /// <summary>Today's workforce (the roster keeps no history), the denominator of the week's rates.</summary>
    public int Workforce { get; set; }
    public int Onboarded { get; set; }
    public int Learners { get; set; }
}

/// <summary>When the compliance cells were last computed, for what date, and why: shown on the dashboards.</summary>
public class ComplianceSnapshot
{
    public int Id { get; set; }
    public DateTime ComputedAt { get; set; }
    public DateOnly AsOfDate { get; set; }
    public double Seconds { get; set; }
    public required string Reason { get; set; }
    public int Employees { get; set; }
    public int Completions { get; set; }
    /// <summary>How many districts this snapshot recounted; null for a recount of the whole state.</summary>
    public int? DistrictsRecounted { get; set; }
    /// <summary>The campaigns whose counts this snapshot holds, as they were defined when counted.</summary>
    public List<SnapshotCampaign> Campaigns { get; set; } = [];
}

/// <summary>A campaign's counts for one district and department, as of the snapshot (or the campaign's deadline if earlier).</summary>
public class CampaignCount
{
    public int Id { get; set; }
    public int CampaignId { get; set; }
    public int DistrictId { get; set; }
    public int DepartmentId { get; set; }
    public DateOnly AsOf { get; set; }
    public int Workforce { get; set; }
    public int ReachedNow { get; set; }
    /// <summary>Reached fourteen days before <see cref="AsOf"/> (the pace of the projection).</summary>
    public int ReachedBefore { get; set; }
}

/// <summary>
/// A campaign whose counts a snapshot holds, and the definition it was counted with (see
/// <c>CampaignCounter.DefinitionKey</c>): a campaign created or changed since is counted live until a snapshot has it.
/// </summary>
public class SnapshotCampaign
{
    public int Id { get; set; }
    public int SnapshotId { get; set; }
    public int CampaignId { get; set; }
    public required string Definition { get; set; }
}

/// <summary>
/// A district whose staff or learning changed since the last snapshot (written in the same transaction as the change):
/// the next snapshot recounts its cells only. Rows, not a unique set, so writers never wait on each other; the recount
/// deletes exactly the rows it read, so a mark written meanwhile waits for the next one.
/// </summary>
public class SnapshotDirtyDistrict
{
    public long Id { get; set; }
    public int DistrictId { get; set; }
    public DateTime MarkedAt { get; set; }
}
