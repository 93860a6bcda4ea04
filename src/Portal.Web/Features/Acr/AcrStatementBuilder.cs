using Portal.Web.Data;
using Portal.Web.Resources;

namespace Portal.Web.Features.Acr;

/// <summary>A completed enrolment of the employee: the course, iGOT's completion date (may be unknown) and the minutes credited.</summary>
public sealed record AcrCompletion(int CourseId, DateOnly? CompletedOn, int LearningMinutes);

/// <summary>A CB-plan allocation of the employee.</summary>
public sealed record AcrAllocation(int CourseId, DateOnly AllocatedOn, DateOnly DueOn, bool IsApar);

/// <summary>What a statement needs of a course.</summary>
public sealed record AcrCourseInfo(int Id, string Name, bool IsCapacityBuildingProgramme);

/// <summary>
/// Builds ACR training statements for one reporting year under that year's rules, from facts already read: pure, so
/// that the single statement, the bulk export and the counts by verdict all come from the same code. The decisions:
/// <list type="bullet">
/// <item>Courses completed in the year, and the year's learning hours, are the completions dated 1 April to 31 March;
/// a completion without a date is in no year (it adds no hours) but does count as a prescribed course done.</item>
/// <item>Prescribed: the catalogue's mandatory courses for the designation (due on the year's last day), and the
/// courses of CB-plan allocations due within the year (only those marked APAR if the rules say so). A course prescribed
/// both ways, or allocated twice in the year, is one line: due on the latest due date of its allocations in the year
/// (the plan gives the date), else on the year's last day; marked APAR if any allocation is.</item>
/// <item>A prescribed course is done on time when completed on or before its due date (iGOT: before the due date plus
/// one day), whenever that was (a mandatory course done in an earlier year is done); done late after it; done with
/// its date unknown when iGOT gives no date (counted as done: nothing shows it late); else missing. Late ones count as
/// done only if the rules say so. Nothing prescribed counts as 100% done.</item>
/// <item>The 7-day programme (a course marked as it) is done when completed by the year's last day, in that year or
/// before: it is taken once, not every year. A completion without a date counts.</item>
/// </list>
/// </summary>
public sealed class AcrStatementBuilder
{
    private readonly AcrRuleSet _rules;
    private readonly IReadOnlyDictionary<int, AcrCourseInfo> _courses;
    private readonly Func<int, IEnumerable<int>> _mandatoryFor;
    private readonly Dictionary<int, int[]> _mandatoryByDesignation = [];
    private readonly Dictionary<AcrFacts, AcrJudgement> _judgements = [];
    private static readonly AcrProgramme NoProgramme = new(false, null, null);
    private const int MaxRememberedJudgements = 100_000;
    private readonly DateTime _asOf;
    // Reused by each Build (a builder serves one request's statements, one at a time).
    private readonly List<AcrCompletion> _done = [];
    private readonly List<(int CourseId, AcrPrescribedBy By, bool Apar, DateOnly? PlanDue)> _prescribed = [];

    /// <param name="rules">The year's rules (with their verdicts).</param>
    /// <param name="courses">Every course that a completion or allocation may name.</param>
    /// <param name="mandatoryFor">The catalogue's mandatory course ids for a designation id (<see cref="Snapshot.MandatoryRules"/>).</param>
    /// <param name="asOf">When the facts were read.</param>
    public AcrStatementBuilder(AcrRuleSet rules, IReadOnlyDictionary<int, AcrCourseInfo> courses, Func<int, IEnumerable<int>> mandatoryFor, DateTime asOf)
    {
        _rules = rules;
        _courses = courses;
        _mandatoryFor = mandatoryFor;
        _asOf = asOf;
        RulesDescription = Describe(rules);
    }

    public ReportingYear Year => _rules.Year;

    /// <summary>Which rules a statement was judged by, e.g. "2025-26 rules, issued 01-04-2025 by admin@up.gov.in".</summary>
    public string RulesDescription { get; }

    public AcrStatement Build(AcrEmployee employee, IEnumerable<AcrCompletion> completions, IEnumerable<AcrAllocation> allocations)
    {
        // An employee has a handful of completions and prescribed courses, and a department export builds lakhs of
        // statements: short lists searched along (reused from one statement to the next) rather than a dictionary each.
        var year = _rules.Year;
        // One completion per course (the enrolment is unique per employee and course); a dated one wins over none.
        var done = _done;
        done.Clear();
        foreach (var c in completions)
        {
            var at = IndexOf(done, c.CourseId);
            if (at < 0) done.Add(c);
            else if ((done[at].CompletedOn is null && c.CompletedOn is not null) || c.CompletedOn < done[at].CompletedOn) done[at] = c;
        }

        var completedInYear = new List<AcrCompletedCourse>(done.Count);
        foreach (var c in done)
            if (c.CompletedOn is { } on && year.Contains(on))
                completedInYear.Add(new AcrCompletedCourse(c.CourseId, NameOf(c.CourseId), on, c.LearningMinutes));
        completedInYear.Sort(ByDateThenName);

        var prescribed = _prescribed;
        prescribed.Clear();
        if (_rules.PrescribeMandatoryCourses)
            foreach (var courseId in MandatoryFor(employee.DesignationId))
                prescribed.Add((courseId, AcrPrescribedBy.Mandatory, false, null));
        if (_rules.PrescribeCbPlanAllocations)
            foreach (var a in allocations)
            {
                if (!year.Contains(a.DueOn) || (!a.IsApar && _rules.CbPlanAparOnly)) continue;
                var at = -1;
                for (var i = 0; i < prescribed.Count; i++) if (prescribed[i].CourseId == a.CourseId) { at = i; break; }
                if (at < 0) prescribed.Add((a.CourseId, AcrPrescribedBy.CbPlan, a.IsApar, a.DueOn));
                else
                {
                    var (_, by, apar, due) = prescribed[at];
                    prescribed[at] = (a.CourseId, by | AcrPrescribedBy.CbPlan, apar || a.IsApar, due is { } d && d > a.DueOn ? d : a.DueOn);
                }
            }

        var lines = new List<AcrPrescribedCourse>(prescribed.Count);
        var counted = 0;
        foreach (var (courseId, by, apar, planDue) in prescribed)
        {
            var due = planDue ?? year.End;
            var at = IndexOf(done, courseId);
            var completedOn = at < 0 ? null : done[at].CompletedOn;
            var state = at < 0 ? AcrCourseState.Missing
                : completedOn is not { } on ? AcrCourseState.DoneDateUnknown
                : on <= due ? AcrCourseState.DoneOnTime
                : AcrCourseState.DoneLate;
            if (state is AcrCourseState.DoneOnTime or AcrCourseState.DoneDateUnknown || (state == AcrCourseState.DoneLate && _rules.LateCompletionsCount))
                counted++;
            lines.Add(new AcrPrescribedCourse(courseId, NameOf(courseId), by, apar, due, completedOn, state));
        }
        lines.Sort(ByDueThenName);

        // The programme: the earliest dated completion of a 7-day programme course by the year's end, else an undated one
        // (the first met).
        AcrCompletion? programmeDone = null;
        foreach (var c in done)
        {
            if (!_courses.TryGetValue(c.CourseId, out var course) || !course.IsCapacityBuildingProgramme || c.CompletedOn > year.End) continue;
            if (programmeDone is null || (c.CompletedOn is { } on && (programmeDone.CompletedOn is null || on < programmeDone.CompletedOn)))
                programmeDone = c;
        }
        var programme = programmeDone is null ? NoProgramme : new AcrProgramme(true, programmeDone.CompletedOn, NameOf(programmeDone.CourseId));

        var minutes = 0;
        foreach (var c in completedInYear) minutes += c.LearningMinutes;
        var facts = new AcrFacts(lines.Count, counted, minutes, programme.Done);
        return new AcrStatement(employee, year, completedInYear, lines, programme, facts, JudgementOf(facts), RulesDescription, _asOf);
    }

    private static readonly Comparison<AcrCompletedCourse> ByDateThenName = (a, b) => ByDayThenName(a.CompletedOn, a.Name, a.CourseId, b.CompletedOn, b.Name, b.CourseId);
    private static readonly Comparison<AcrPrescribedCourse> ByDueThenName = (a, b) => ByDayThenName(a.DueOn, a.Name, a.CourseId, b.DueOn, b.Name, b.CourseId);

    // Ties (two courses of one name on one day) go by course id, so that the order never depends on the order read.
    private static int ByDayThenName(DateOnly dayA, string nameA, int idA, DateOnly dayB, string nameB, int idB)
    {
        var c = dayA.CompareTo(dayB);
        if (c == 0) c = StringComparer.OrdinalIgnoreCase.Compare(nameA, nameB);
        return c != 0 ? c : idA.CompareTo(idB);
    }

    private static int IndexOf(List<AcrCompletion> done, int courseId)
    {
        for (var i = 0; i < done.Count; i++) if (done[i].CourseId == courseId) return i;
        return -1;
    }

    /// <summary>
    /// <see cref="AcrVerdict.Judge"/>'s judgement of the facts, remembered: the same facts (prescribed, done, minutes,
    /// programme) recur across thousands of employees, and the judgement (with its reason's words) depends on nothing else.
    /// </summary>
    private AcrJudgement JudgementOf(AcrFacts facts)
    {
        if (_judgements.TryGetValue(facts, out var judgement)) return judgement;
        judgement = AcrVerdict.Judge(_rules, facts);
        if (_judgements.Count < MaxRememberedJudgements) _judgements[facts] = judgement;
        return judgement;
    }

    private int[] MandatoryFor(int designationId)
    {
        if (!_mandatoryByDesignation.TryGetValue(designationId, out var ids))
            _mandatoryByDesignation[designationId] = ids = _mandatoryFor(designationId).Distinct().Order().ToArray();
        return ids;
    }

    private string NameOf(int courseId) => _courses.TryGetValue(courseId, out var c) ? c.Name : $"Course {courseId}";

    /// <summary>In the reader's language (the current UI culture), as the statements' reasons are.</summary>
    public static string Describe(AcrRuleSet rules) => rules.IssuedAt is { } at
        ? SharedText.L["{0} rules, issued {1} by {2}", rules.Year.ToString(), AcrText.Date(DateOnly.FromDateTime(at)), rules.IssuedBy ?? ""]
        : SharedText.L["{0} rules, a draft not yet issued (last changed {1} by {2})", rules.Year.ToString(), AcrText.Date(DateOnly.FromDateTime(rules.UpdatedAt)), rules.UpdatedBy];
}
