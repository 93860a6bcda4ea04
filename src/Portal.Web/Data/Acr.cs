using System.Globalization;
using System.Text.RegularExpressions;

namespace Portal.Web.Data;

/// <summary>
/// The ACR (APAR) reporting year: the Indian financial year, 1 April to 31 March, written "2025-26"
/// (1 April 2025 to 31 March 2026). Stored as that text.
/// </summary>
public readonly partial record struct ReportingYear(int StartYear) : IComparable<ReportingYear>
{
    public const int MaxTextLength = 7;

    /// <summary>1 April of <see cref="StartYear"/>.</summary>
    public DateOnly Start => new(StartYear, 4, 1);

    /// <summary>31 March of the year after <see cref="StartYear"/>: the year's last day (DoPT's due date for 2025-26).</summary>
    public DateOnly End => new(StartYear + 1, 3, 31);

    public bool Contains(DateOnly date) => date >= Start && date <= End;

    public ReportingYear Previous => new(StartYear - 1);
    public ReportingYear Next => new(StartYear + 1);

    /// <summary>The reporting year a date falls in: 31 March 2026 is in 2025-26, 1 April 2026 in 2026-27.</summary>
    public static ReportingYear Of(DateOnly date) => new(date.Month >= 4 ? date.Year : date.Year - 1);

    /// <summary>The reporting year of <paramref name="today"/>.</summary>
    public static ReportingYear Current(DateOnly today) => Of(today);

    /// <summary>The reporting year of the clock's local today (the server runs on Indian time, as the rest of the portal assumes).</summary>
    public static ReportingYear Current(TimeProvider clock) => Of(DateOnly.FromDateTime(clock.GetLocalNow().DateTime));

    public override string ToString() => $"{StartYear:D4}-{(StartYear + 1) % 100:D2}";

    /// <summary>"2025-26" (also "2025-2026", "2025–26", spaces around): the second year must follow the first.</summary>
    public static bool TryParse(string? text, out ReportingYear year)
    {
        year = default;
        if (text is null) return false;
        var match = YearPattern().Match(text.Trim());
        if (!match.Success) return false;
        var start = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var end = match.Groups[2].Value;
        var expected = end.Length == 2 ? (start + 1) % 100 : start + 1;
        if (int.Parse(end, CultureInfo.InvariantCulture) != expected || start < 2000 || start > 2998) return false;
        year = new ReportingYear(start);
        return true;
    }

    public static ReportingYear Parse(string text) =>
        TryParse(text, out var year) ? year : throw new FormatException($"\"{text}\" is not a reporting year such as 2025-26.");

    public int CompareTo(ReportingYear other) => StartYear.CompareTo(other.StartYear);

    public static bool operator <(ReportingYear a, ReportingYear b) => a.StartYear < b.StartYear;
    public static bool operator >(ReportingYear a, ReportingYear b) => a.StartYear > b.StartYear;
    public static bool operator <=(ReportingYear a, ReportingYear b) => a.StartYear <= b.StartYear;
    public static bool operator >=(ReportingYear a, ReportingYear b) => a.StartYear >= b.StartYear;

    [GeneratedRegex(@"^(\d{4})\s*[-–/]\s*(\d{2}|\d{4})$")]
    private static partial Regex YearPattern();
}

/// <summary>
/// The state's rules for the ACR training report of one reporting year: which courses are prescribed, what the year
/// requires, and the verdicts. A year's rules are edited by a StateAdmin until issued (<see cref="IssuedAt"/>); after
/// that they are refused edits until re-opened explicitly, so that the reports of a past year keep the rules they were
/// issued under. Every change is audited with what was and is.
/// </summary>
public class AcrRuleSet
{
    public int Id { get; set; }
    public ReportingYear Year { get; set; }

    // What the year requires (the state's order), shown on every statement. The verdicts' own conditions decide the
    // verdict; the first (best) verdict must ask at least this much (AcrRulesEdit.Validate).
    /// <summary>Learning hours in the year (completions dated in it).</summary>
    public decimal MinimumLearningHours { get; set; }
    /// <summary>The 7-day capacity building programme must be done by the end of the year.</summary>
    public bool RequireCapacityBuildingProgramme { get; set; }
    /// <summary>Percent of the prescribed courses to be done (DoPT for 2025-26: 50% by 31 March 2026).</summary>
    public decimal MinimumPrescribedShare { get; set; }
    /// <summary>Whether a prescribed course completed after its due date counts as done.</summary>
    public bool LateCompletionsCount { get; set; }

    // Which courses are prescribed.
    /// <summary>The catalogue's mandatory courses for the employee's designation, due on the year's last day.</summary>
    public bool PrescribeMandatoryCourses { get; set; }
    /// <summary>Courses allocated to the employee by iGOT CB plans, due within the year (on the allocation's due date).</summary>
    public bool PrescribeCbPlanAllocations { get; set; }
    /// <summary>Of the CB-plan allocations, only those iGOT marks as counting for the APAR.</summary>
    public bool CbPlanAparOnly { get; set; }

    /// <summary>In order, best first; the first whose conditions hold is the employee's, the last is the fallback.</summary>
    public List<AcrVerdictRule> Verdicts { get; set; } = [];

    /// <summary>
    /// The catalogue's mandatory courses per designation as they were when the rules were issued: an issued year's
    /// statements prescribe these, not the catalogue as it is now. Empty while a draft (re-opening clears them).
    /// </summary>
    public List<AcrIssuedMandatoryCourse> IssuedMandatoryCourses { get; set; } = [];

    /// <summary>When a StateAdmin issued the rules; null while they are a draft.</summary>
    public DateTime? IssuedAt { get; set; }
    public string? IssuedBy { get; set; }
    public DateTime UpdatedAt { get; set; }
    public required string UpdatedBy { get; set; }

    public bool IsIssued => IssuedAt is not null;

    public IEnumerable<AcrVerdictRule> OrderedVerdicts => Verdicts.OrderBy(v => v.Position);

    public const string Compliant = "Compliant";
    public const string PartlyCompliant = "Partly compliant";
    public const string NotCompliant = "Not compliant";

    /// <summary>
    /// The default rules: DoPT's for 2025-26 (the prescribed courses, catalogue mandatory and CB plan, at least 50% done
    /// by 31 March; late completions do not count), with Uttar Pradesh's 7-day programme required and 10 learning
    /// hours in the year for full compliance.
    /// </summary>
    public static AcrRuleSet Default(ReportingYear year, string by, DateTime at) => new()
    {
        Year = year,
        MinimumLearningHours = 10,
        RequireCapacityBuildingProgramme = true,
        MinimumPrescribedShare = 50,
        LateCompletionsCount = false,
        PrescribeMandatoryCourses = true,
        PrescribeCbPlanAllocations = true,
        CbPlanAparOnly = false,
        Verdicts =
        [
            new() { Position = 1, Label = Compliant, MinimumShare = 100, MinimumHours = 10, RequiresProgramme = true },
            new() { Position = 2, Label = PartlyCompliant, MinimumShare = 50 },
            new() { Position = 3, Label = NotCompliant },
        ],
        UpdatedAt = at,
        UpdatedBy = by,
    };
}

/// <summary>
/// A mandatory course of the catalogue recorded when a year's rules were issued: for one designation, or for every
/// designation (<see cref="DesignationId"/> null: the catalogue listed none for the course, so it applied to all, and so it
/// does to a designation added later). Frozen so that editing the catalogue later does not change an issued year.
/// </summary>
public class AcrIssuedMandatoryCourse
{
    public int Id { get; set; }
    public int RuleSetId { get; set; }
    public int CourseId { get; set; }
    public int? DesignationId { get; set; }

    /// <summary>The rows that record <paramref name="mandatoryCourses"/> (with their applicable designations loaded) as they are now.</summary>
    public static List<AcrIssuedMandatoryCourse> Freeze(IEnumerable<Course> mandatoryCourses) => mandatoryCourses
        .Where(c => c.IsMandatory)
        .SelectMany(c => c.ApplicableDesignations.Count == 0
            ? [new AcrIssuedMandatoryCourse { CourseId = c.Id }]
            : c.ApplicableDesignations.Select(d => new AcrIssuedMandatoryCourse { CourseId = c.Id, DesignationId = d.Id }))
        .ToList();
}

/// <summary>One verdict of a year's rules and its conditions (all must hold). The last verdict has none: the fallback.</summary>
public class AcrVerdictRule
{
    public int Id { get; set; }
    public int RuleSetId { get; set; }
    /// <summary>1 for the best verdict; the verdicts are tried in this order.</summary>
    public int Position { get; set; }
    public required string Label { get; set; }
    /// <summary>Percent of the prescribed courses done (0: no condition). Nothing prescribed counts as 100%.</summary>
    public decimal MinimumShare { get; set; }
    /// <summary>Learning hours in the year (0: no condition).</summary>
    public decimal MinimumHours { get; set; }
    /// <summary>The 7-day capacity building programme done by the end of the year.</summary>
    public bool RequiresProgramme { get; set; }

    public const int MaxLabelLength = 50;

    public bool HasConditions => MinimumShare > 0 || MinimumHours > 0 || RequiresProgramme;
}

/// <summary>
/// A course that an iGOT capacity building plan allocated to an employee, with its due date (from the CB plan report,
/// CBPEnrollmentReport.csv). Prescribed in the reporting year that holds its due date. One row per employee, course
/// and allocation date: a re-upload of the report updates the due date and APAR flag of an allocation it already has,
/// and a plan that allocates the same course again on a later date (next year's plan) adds a row.
/// Whether it was done is read from the employee's enrolments, never from here.
/// </summary>
public class CbPlanAllocation
{
    public int Id { get; set; }
    public int EmployeeId { get; set; }
    public Employee Employee { get; set; } = null!;
    public int CourseId { get; set; }
    public Course Course { get; set; } = null!;
    public DateOnly AllocatedOn { get; set; }
    /// <summary>iGOT's "Due Date of Completion": done on time when completed on or before this day.</summary>
    public DateOnly DueOn { get; set; }
    /// <summary>iGOT's isapar: the course counts for the APAR.</summary>
    public bool IsApar { get; set; }
    /// <summary>The upload that brought or last updated the allocation (null for generated demo data).</summary>
    public int? BatchId { get; set; }
    public DateTime UpdatedAt { get; set; }
}
