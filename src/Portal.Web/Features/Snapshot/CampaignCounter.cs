using Portal.Web.Data;

namespace Portal.Web.Features.Snapshot;

/// <summary>
/// The one definition of what each campaign metric counts, fed one completion at a time: by the compliance
/// snapshot's pass over the state or the districts it recounts (<see cref="ComplianceAggregator"/>), and by the campaigns'
/// live count over a reader's scope (<c>CampaignMetrics.CountAsync</c>) until the next snapshot has the campaign.
/// For an <b>active</b> employee in the campaign's scope, "reached by day D" means:
/// <list type="bullet">
/// <item><see cref="CampaignMetric.Onboarding"/>: registered on iGOT on or before D.</item>
/// <item><see cref="CampaignMetric.AnyCompletion"/>: a course completed with WindowStart ≤ completion ≤ D.</item>
/// <item><see cref="CampaignMetric.CourseCompletion"/>: the campaign's course completed on or before D (before the window counts too).</item>
/// <item><see cref="CampaignMetric.MandatoryCompliance"/>: every mandatory course of the designation completed by D
/// (<see cref="MandatoryRules"/>: the dashboard's meaning, dated; a designation with none to do has reached it).</item>
/// <item><see cref="CampaignMetric.LearningHours"/>: learning minutes of completions with WindowStart ≤ completion ≤ min(D, WindowEnd)
/// add up to at least ThresholdMinutes.</item>
/// </list>
/// A completion counts on its completion date; one without a date cannot be placed in a window and is not counted.
/// D is the count's "now" (today, or the deadline once it has passed) and fourteen days before it (the pace).
/// </summary>
public sealed class CampaignCounter
{
    /// <summary>Days back to "before", whose gain is the pace of a campaign's projection.</summary>
    public const int PaceDays = 14;

    private readonly Campaign _campaign;
    private readonly MandatoryRules _mandatory;
    private readonly int _now, _before, _start, _endNow, _endBefore;
    private readonly IReadOnlySet<int>? _groupingDistricts;
    // Per employee slot (the caller's index of the employee, up to maxSlot), only what the metric needs.
    private readonly int[]? _firstDay;          // course completion: the course's day; any completion: first day in the window
    private readonly int[]? _minutesNow, _minutesBefore;
    private readonly short[]? _doneNow, _doneBefore;

    public CampaignCounter(Campaign campaign, DateOnly now, IReadOnlySet<int>? groupingDistricts, MandatoryRules mandatory, int maxSlot)
    {
        _campaign = campaign;
        _mandatory = mandatory;
        _groupingDistricts = groupingDistricts;
        Now = now;
        _now = now.DayNumber;
        _before = now.AddDays(-PaceDays).DayNumber;
        _start = campaign.WindowStart.DayNumber;
        _endNow = Math.Min(_now, campaign.WindowEnd.DayNumber);
        _endBefore = Math.Min(_before, campaign.WindowEnd.DayNumber);
        var size = maxSlot + 1;
        switch (campaign.Metric)
        {
            case CampaignMetric.CourseCompletion or CampaignMetric.AnyCompletion:
                _firstDay = new int[size];
                Array.Fill(_firstDay, int.MaxValue);
                break;
            case CampaignMetric.LearningHours:
                (_minutesNow, _minutesBefore) = (new int[size], new int[size]);
                break;
            case CampaignMetric.MandatoryCompliance:
                (_doneNow, _doneBefore) = (new short[size], new short[size]);
                break;
        }
    }

    public Campaign Campaign => _campaign;
    /// <summary>The day counted as "now"; "before" is <see cref="PaceDays"/> days earlier.</summary>
    public DateOnly Now { get; }

    /// <summary>The day a campaign is measured on: today, or its deadline once that has passed.</summary>
    public static DateOnly MeasuredOn(Campaign campaign, DateOnly today) => today > campaign.Deadline ? campaign.Deadline : today;

    /// <summary>What a count depends on: a campaign changed in any of these is counted again.</summary>
    public static string DefinitionKey(Campaign c) => string.Join("|", c.Metric, c.CourseId, c.ThresholdMinutes, c.WindowStart.DayNumber,
        c.WindowEnd.DayNumber, c.Deadline.DayNumber, c.ScopeGroupingId, c.ScopeDistrictId, c.ScopeDepartmentId);

    /// <summary>Whether an employee of this district and department is in the campaign's scope.</summary>
    public bool InScope(int districtId, int departmentId) =>
        (_campaign.ScopeDistrictId is not { } d || d == districtId)
        && (_campaign.ScopeDepartmentId is not { } p || p == departmentId)
        && (_groupingDistricts is null || _groupingDistricts.Contains(districtId));

    /// <summary>Whether a dated completion can matter to this campaign (the rest need not be read).</summary>
    public bool Wants(int courseId, int day) => _campaign.Metric switch
    {
        CampaignMetric.CourseCompletion => courseId == _campaign.CourseId && day <= _now,
        CampaignMetric.AnyCompletion => day >= _start && day <= _now,
        CampaignMetric.LearningHours => day >= _start && day <= _endNow,
        CampaignMetric.MandatoryCompliance => day <= _now && _mandatory.CourseIds.Contains(courseId),
        _ => false,
    };

    /// <summary>One dated completion of an employee (each course once: enrolments are unique per employee and course).</summary>
    public void Add(int slot, int designationId, int courseId, int day, int minutes)
    {
        if (!Wants(courseId, day)) return;
        switch (_campaign.Metric)
        {
            case CampaignMetric.CourseCompletion or CampaignMetric.AnyCompletion:
                if (day < _firstDay![slot]) _firstDay[slot] = day;
                break;
            case CampaignMetric.LearningHours:
                _minutesNow![slot] += minutes;
                if (day <= _endBefore) _minutesBefore![slot] += minutes;
                break;
            case CampaignMetric.MandatoryCompliance:
                if (!_mandatory.Counts(courseId, designationId)) return;
                _doneNow![slot]++;
                if (day <= _before) _doneBefore![slot]++;
                break;
        }
    }

    /// <summary>Whether an employee (whose completions were all added) had reached the goal by now and fourteen days before.</summary>
    public (bool Now, bool Before) Reached(int slot, int designationId, DateOnly? onboardedOn)
    {
        switch (_campaign.Metric)
        {
            case CampaignMetric.Onboarding:
                return onboardedOn is { } on ? (on.DayNumber <= _now, on.DayNumber <= _before) : (false, false);
            case CampaignMetric.CourseCompletion or CampaignMetric.AnyCompletion:
                return (_firstDay![slot] <= _now, _firstDay[slot] <= _before);
            case CampaignMetric.LearningHours:
                var threshold = _campaign.ThresholdMinutes ?? 0;
                return (_minutesNow![slot] >= threshold, _minutesBefore![slot] >= threshold);
            case CampaignMetric.MandatoryCompliance:
                var required = _mandatory.RequiredOf(designationId);
                return (_doneNow![slot] >= required, _doneBefore![slot] >= required);
            default:
                throw new ArgumentOutOfRangeException(nameof(slot), _campaign.Metric, "Unknown campaign metric.");
        }
    }
}
