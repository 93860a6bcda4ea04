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

/// <summary>One employee of a list, as of the list's date: registered on iGOT by then (else null), courses and minutes completed by then.</summary>
public sealed record EmployeeListRow(int Id, string EmployeeCode, string Name, string Designation, string Department, string? Office,
    Portal.Web.Data.ServiceGroup Group, DateOnly? OnboardedOn, int CompletedCourses, int LearningMinutes);

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
    Portal.Web.Data.ServiceGroup Group, string? IgotUserId, IReadOnlyList<EnrolmentLine> Enrolments);

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
    public int RankChange => RankWeekAgo - Rank;
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
}

/// <summary>The scope's rates at the end of one week (today's workforce as the denominator).</summary>
public sealed record TrendPoint(DateOnly WeekEnding, double? OnboardingRate, double? CompletionRate);

/// <summary>An id and its name, for a filter's drop-down.</summary>
public sealed record Choice(int Id, string Name);

/// <param name="GroupingKinds">The kinds of district groupings the scope has (Division, Police Range...), for the breakdown buttons.</param>
public sealed record FilterOptions(IReadOnlyList<Choice> Departments, IReadOnlyList<Choice> Designations, IReadOnlyList<string> GroupingKinds);
