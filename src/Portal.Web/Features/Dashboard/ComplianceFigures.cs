using Portal.Web.Features.Snapshot;

namespace Portal.Web.Features.Dashboard;

/// <summary>
/// The portal's headline figures for one scope. Counts are over active employees only:
/// the workforce is the denominator of every rate.
/// </summary>
public sealed record ComplianceFigures(
    int Workforce,
    int Onboarded,
    int EmployeesWithCompletion,
    int Completions,
    long LearningMinutes)
{
    public static readonly ComplianceFigures Empty = new(0, 0, 0, 0, 0);

    /// <summary>Employees who completed every mandatory course of their role (from the snapshot).</summary>
    public int MandatoryCompliant { get; init; }
    /// <summary>Mandatory compliant / workforce, or null when the workforce is 0.</summary>
    public double? MandatoryRate => Rate(MandatoryCompliant);

    /// <summary>Onboarded / workforce, or null when the workforce is 0.</summary>
    public double? OnboardingRate => Rate(Onboarded);
    /// <summary>Employees with at least one completed course / workforce, or null when the workforce is 0.</summary>
    public double? CompletionRate => Rate(EmployeesWithCompletion);
    public double LearningHours => LearningMinutes / 60.0;

    private double? Rate(int count) => Workforce == 0 ? null : (double)count / Workforce;

    public static ComplianceFigures operator +(ComplianceFigures a, ComplianceFigures b) =>
        new(a.Workforce + b.Workforce, a.Onboarded + b.Onboarded, a.EmployeesWithCompletion + b.EmployeesWithCompletion,
            a.Completions + b.Completions, a.LearningMinutes + b.LearningMinutes)
        { MandatoryCompliant = a.MandatoryCompliant + b.MandatoryCompliant };
}

/// <summary>
/// One employee of a list, as of the list's date: registered on iGOT by then (else null), courses and minutes completed by
/// then; mobile and e-mail so that a district can chase the people a "not onboarded" export lists.
/// </summary>
public sealed record EmployeeListRow(int Id, string EmployeeCode, string Name, string Designation, string Department, string? Office,
    Portal.Web.Data.ServiceGroup Group, DateOnly? OnboardedOn, int CompletedCourses, int LearningMinutes, string? Mobile = null, string? Email = null);

/// <summary>One page of an employee list.</summary>
public sealed record EmployeeList(IReadOnlyList<EmployeeListRow> Rows, int Total, int Page, int Pages, DateOnly AsOf)
{
    public const int PageSize = 50;
}

public sealed record EmployeeSummary(int Id, string EmployeeCode, string Name, string Designation, string Department, string? Office,
    Portal.Web.Data.EmployeeStatus Status, DateOnly? OnboardedOn, int CompletedCourses);

public sealed record EnrolmentLine(string Course, bool Mandatory, Portal.Web.Data.EnrolmentStatus Status, int ProgressPercent,
    DateOnly? EnrolledOn, DateOnly? CompletedOn, int LearningMinutes);

public sealed record EmployeeDetail(EmployeeSummary Summary, int DistrictId, string District, string? Mobile, string? Email,
    Portal.Web.Data.ServiceGroup Group, string? IgotUserId, IReadOnlyList<EnrolmentLine> Enrolments)
{
    public int DepartmentId { get; init; }
    /// <summary>Null when the roster gives the employee no office (the dashboard's office 0).</summary>
    public int? OfficeId { get; init; }
    /// <summary>The catalogue's mandatory courses for the employee's designation, each done or not (pending first).</summary>
    public IReadOnlyList<MandatoryCourseLine> MandatoryCourses { get; init; } = [];
}

/// <summary>One mandatory course of an employee's designation: completed (with its date), enrolled but not done, or not started.</summary>
public sealed record MandatoryCourseLine(string Course, Portal.Web.Data.EnrolmentStatus? Status, DateOnly? EnrolledOn, DateOnly? CompletedOn)
{
    public bool Done => Status == Portal.Web.Data.EnrolmentStatus.Completed;
}

/// <summary>What a breakdown groups the scope's figures by.</summary>
public enum BreakdownKind
{
    District,
    /// <summary>Groupings of districts of one kind (<see cref="DashboardView.GroupingKind"/>): divisions, police ranges, zones, or any kind a state adds.</summary>
    Grouping,
    Department,
    Designation,
    Category,
    /// <summary>The offices of one department in one district (a drill-down step, not a state-level breakdown).</summary>
    Office,
}

/// <summary>
/// One row of a breakdown. Rank 1 is the highest onboarding rate (completion rate breaks ties); the rank a week
/// ago is the same ranking of the week-ago figures, so a positive <see cref="RankChange"/> means the row moved up.
/// </summary>
public sealed record BreakdownRow(string Key, string Name, string? Detail, ComplianceFigures Now, ComplianceFigures WeekAgo, int Rank, int RankWeekAgo)
{
    /// <summary>No move is shown for a row that is not ranked now (too few staff) or was not a week ago.</summary>
    public int RankChange => TooFewToRank || TooFewToRankWeekAgo ? 0 : RankWeekAgo - Rank;

    /// <summary>
    /// Fewer staff than <see cref="DashboardOptions.MinimumWorkforceToRank"/>: listed after the ranked rows (its
    /// <see cref="Rank"/> only orders it there) and shown as "too few staff to rank".
    /// </summary>
    public bool TooFewToRank { get; init; }
    public bool TooFewToRankWeekAgo { get; init; }
}

public sealed record Breakdown(BreakdownKind Kind, IReadOnlyList<BreakdownRow> Rows)
{
    /// <summary>What a row is, in words: "District", "Police Range"...</summary>
    public string RowLabel { get; init; } = BreakdownService.Label(Kind);
    /// <summary>The view's totals (the cards): every cell of its path and filters, counted once.</summary>
    public ComplianceFigures Total { get; init; } = ComplianceFigures.Empty;
    public ComplianceFigures TotalWeekAgo { get; init; } = ComplianceFigures.Empty;
    /// <summary>The drill-down path from the state to this view, for the breadcrumb.</summary>
    public IReadOnlyList<PathStep> Path { get; init; } = [];
    /// <summary>Which snapshot the figures come from; null before the first one is computed.</summary>
    public SnapshotInfo? Snapshot { get; init; }
    /// <summary>A newer snapshot is being computed (an import was committed since).</summary>
    public bool Updating { get; init; }
    /// <summary>The workforce a row needs to be ranked (see <see cref="DashboardOptions.MinimumWorkforceToRank"/>).</summary>
    public int MinimumWorkforceToRank { get; init; }
    /// <summary>The ranked rows (enough staff), best first.</summary>
    public IEnumerable<BreakdownRow> RankedRows => Rows.Where(r => !r.TooFewToRank);
    /// <summary>True for the lowest ten ranked rows, when more than ten are ranked (shaded, and the bar chart's rows).</summary>
    public bool IsBottomTen(BreakdownRow row)
    {
        var ranked = RankedRows.Count();
        return ranked > 10 && !row.TooFewToRank && row.Rank > ranked - 10;
    }
}

/// <summary>The scope's rates at the end of one week (today's workforce as the denominator).</summary>
public sealed record TrendPoint(DateOnly WeekEnding, double? OnboardingRate, double? CompletionRate);

/// <summary>An id and its name, for a filter's drop-down.</summary>
public sealed record Choice(int Id, string Name);

/// <param name="GroupingKinds">The kinds of district groupings the scope has (Division, Police Range...), for the breakdown buttons.</param>
public sealed record FilterOptions(IReadOnlyList<Choice> Departments, IReadOnlyList<Choice> Designations, IReadOnlyList<string> GroupingKinds)
{
    /// <summary>
    /// How many rows each state-level breakdown gives in the scope, by its slug ("district", "police-range", "department",
    /// "designation", "category"), counted from the snapshot; empty before anything is counted (then all are offered).
    /// </summary>
    public IReadOnlyDictionary<string, int> RowsBy { get; init; } = new Dictionary<string, int>();
    /// <summary>The scope's one district with staff, when it has only one.</summary>
    public int? OnlyDistrictId { get; init; }
    /// <summary>The scope's one department with staff, when it has only one.</summary>
    public int? OnlyDepartmentId { get; init; }

    /// <summary>True when the breakdown with this slug gives more than one row for the scope (a one-row table tells nothing).</summary>
    public bool Splits(string slug) => RowsBy.Count == 0 || RowsBy.GetValueOrDefault(slug) > 1;

    /// <summary>
    /// Where a reader starts when the URL names no view: a one-district scope in its district (its departments, or with
    /// one department its offices), since the district table would have one row; other scopes by district (null).
    /// </summary>
    public DashboardView? StartView => OnlyDistrictId is { } district ? new DashboardView { DistrictId = district, DepartmentId = OnlyDepartmentId } : null;
}
