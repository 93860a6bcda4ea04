using System.Globalization;
using Portal.Web.Data;
using Portal.Web.Resources;

namespace Portal.Web.Features.Acr;

/// <summary>Who the statement is about, as the roster has them (contact details for an export that may mask them).</summary>
public sealed record AcrEmployee(int Id, string Code, string Name, string Designation, string? Office, string District, string Department,
    EmployeeStatus Status, string? Email, string? Mobile, int DesignationId, int DistrictId, int DepartmentId, int? OfficeId);

/// <summary>A course the employee completed in the reporting year, with the learning time it credits.</summary>
public sealed record AcrCompletedCourse(int CourseId, string Name, DateOnly CompletedOn, int LearningMinutes)
{
    public decimal Hours => LearningMinutes / 60m;
}

/// <summary>Why a course is prescribed: the catalogue's mandatory courses for the designation, an iGOT CB plan, or both.</summary>
[Flags]
public enum AcrPrescribedBy
{
    Mandatory = 1,
    CbPlan = 2,
}

public enum AcrCourseState
{
    /// <summary>Completed on or before its due date (iGOT: "before the due date plus one day").</summary>
    DoneOnTime = 1,
    /// <summary>Completed after its due date: done only if the year's rules let late completions count.</summary>
    DoneLate = 2,
    /// <summary>iGOT says completed but gives no date: counted as done, as nothing shows it late.</summary>
    DoneDateUnknown = 3,
    Missing = 4,
}

/// <summary>A course prescribed to the employee for the year, with its due date and whether and when it was done.</summary>
public sealed record AcrPrescribedCourse(int CourseId, string Name, AcrPrescribedBy PrescribedBy, bool IsApar, DateOnly DueOn,
    DateOnly? CompletedOn, AcrCourseState State)
{
    /// <summary>The state in English, which is also its key in the shared resource (pages and the workbook show <c>L[StateText]</c>).</summary>
    public string StateText => State switch
    {
        AcrCourseState.DoneOnTime => "Done on time",
        AcrCourseState.DoneLate => "Done late",
        AcrCourseState.DoneDateUnknown => "Done (date not known)",
        _ => "Missing",
    };
}

/// <summary>The 7-day capacity building programme: done by the end of the year (when, and which course), or not.</summary>
public sealed record AcrProgramme(bool Done, DateOnly? CompletedOn, string? CourseName);

/// <summary>
/// The figures a verdict is judged on: prescribed courses, those counted as done (late ones only if the rules say so),
/// learning minutes in the year, the 7-day programme.
/// </summary>
public sealed record AcrFacts(int Prescribed, int Done, int LearningMinutes, bool ProgrammeDone)
{
    /// <summary>Nothing prescribed counts as everything done (as the dashboard's mandatory compliance counts it).</summary>
    public bool NothingPrescribed => Prescribed == 0;

    /// <summary>Percent of the prescribed courses done, rounded to 2 places for display; <see cref="ShareAtLeast"/> compares exactly.</summary>
    public decimal SharePercent => NothingPrescribed ? 100m : Math.Round(Done * 100m / Prescribed, 2, MidpointRounding.AwayFromZero);

    /// <summary>Whether the share done is at least <paramref name="percent"/>, exactly (2 of 3 is not 66.67%).</summary>
    public bool ShareAtLeast(decimal percent) => NothingPrescribed || Done * 100m >= percent * Prescribed;

    public decimal LearningHours => LearningMinutes / 60m;

    public bool HoursAtLeast(decimal hours) => LearningMinutes >= hours * 60m;
}

/// <summary>The verdict, which of the year's verdicts it is (1 = best) and the rule that produced it, in words.</summary>
public sealed record AcrJudgement(string Label, int Position, string Reason);

/// <summary>
/// One employee's ACR training statement for a reporting year: what the HR cell attaches to the ACR. Built only by
/// <see cref="AcrStatementBuilder"/>; its verdict only by <see cref="AcrVerdict.Judge"/>.
/// </summary>
public sealed record AcrStatement(
    AcrEmployee Employee,
    ReportingYear Year,
    IReadOnlyList<AcrCompletedCourse> CompletedInYear,
    IReadOnlyList<AcrPrescribedCourse> Prescribed,
    AcrProgramme Programme,
    AcrFacts Facts,
    AcrJudgement Verdict,
    string RulesDescription,
    DateTime AsOf)
{
    /// <summary>Minutes credited by the completions dated in the year.</summary>
    public int LearningMinutes => Facts.LearningMinutes;
    public decimal LearningHours => Facts.LearningHours;
    public decimal SharePercent => Facts.SharePercent;
    public int PrescribedDone => Facts.Done;

    public int Count(AcrCourseState state) => Prescribed.Count(p => p.State == state);

    /// <summary>The share done in words, in the reader's language.</summary>
    public string ShareText => Facts.NothingPrescribed ? SharedText.L["Nothing prescribed"]
        : SharedText.L["{0} of {1} ({2})", Facts.Done, Facts.Prescribed, AcrText.Percent(Facts.SharePercent)];
}

/// <summary>How ACR figures are written in statements, reasons and audit entries.</summary>
public static class AcrText
{
    public static string Hours(decimal hours) => hours.ToString("0.##", CultureInfo.InvariantCulture);
    public static string Percent(decimal percent) => percent.ToString("0.##", CultureInfo.InvariantCulture) + "%";
    public static string Date(DateOnly date) => date.ToString("dd-MM-yyyy", CultureInfo.InvariantCulture);
}
