namespace Portal.Web.Features.Campaigns;

public enum CampaignStatus
{
    /// <summary>The deadline has passed short of the target.</summary>
    Missed = 0,
    /// <summary>At the pace of the last <see cref="CampaignFigures.PaceDays"/> days the target comes after the deadline, or never.</summary>
    WillMiss = 1,
    /// <summary>The window has not opened yet.</summary>
    NotStarted = 2,
    OnTrack = 3,
    Reached = 4,
    /// <summary>Nobody in the scope: nothing to reach.</summary>
    NoWorkforce = 5,
}

/// <summary>
/// A scope's progress against a campaign's target on <see cref="AsOf"/> (today, or the deadline once it has passed),
/// and where the pace of the last <see cref="PaceDays"/> days takes it. All arithmetic is here, so it is tested on its own.
/// </summary>
public sealed record CampaignFigures(int Workforce, int ReachedNow, int ReachedBefore, decimal TargetPercent,
    DateOnly AsOf, DateOnly WindowStart, DateOnly Deadline, bool Ended)
{
    public const int PaceDays = Snapshot.CampaignCounter.PaceDays;

    /// <summary>Reached / workforce; null (shown "—") when the workforce is 0.</summary>
    public double? Rate => Workforce == 0 ? null : (double)ReachedNow / Workforce;

    /// <summary>Employees the target needs: ceil(target% × workforce).</summary>
    public int TargetCount => (int)Math.Ceiling(TargetPercent * Workforce / 100m);

    /// <summary>Employees still to reach the target: ceil(target% × workforce) − reached, at least 0.</summary>
    public int StillNeeded => Math.Max(0, TargetCount - ReachedNow);

    /// <summary>Employees who reached it in the last <see cref="PaceDays"/> days.</summary>
    public int Gained => ReachedNow - ReachedBefore;

    /// <summary>Employees per day over the last <see cref="PaceDays"/> days.</summary>
    public double PacePerDay => Gained / (double)PaceDays;

    /// <summary>
    /// The day the target is reached at the recent pace: today + ceil(still needed ÷ pace) days. Null when already reached,
    /// when the deadline has passed, or when there is no pace (then it is not reached at this pace).
    /// </summary>
    public DateOnly? ProjectedDate
    {
        get
        {
            if (StillNeeded == 0 || Ended || Gained <= 0) return null;
            // ceil(needed / (gained / 14)) in whole numbers, so no rounding error decides a flag.
            var days = ((long)StillNeeded * PaceDays + Gained - 1) / Gained;
            var last = DateOnly.MaxValue.DayNumber - AsOf.DayNumber;
            return days >= last ? DateOnly.MaxValue : AsOf.AddDays((int)days);
        }
    }

    public CampaignStatus Status =>
        Workforce == 0 ? CampaignStatus.NoWorkforce
        : StillNeeded == 0 ? CampaignStatus.Reached
        : Ended ? CampaignStatus.Missed
        : AsOf < WindowStart ? CampaignStatus.NotStarted
        : ProjectedDate is { } date && date <= Deadline ? CampaignStatus.OnTrack
        : CampaignStatus.WillMiss;

    public bool IsBehind => Status is CampaignStatus.Missed or CampaignStatus.WillMiss;

    public static string StatusText(CampaignStatus status) => status switch
    {
        CampaignStatus.Missed => "Missed deadline",
        CampaignStatus.WillMiss => "Will miss deadline",
        CampaignStatus.NotStarted => "Not started",
        CampaignStatus.OnTrack => "On track",
        CampaignStatus.Reached => "Reached",
        _ => "No staff",
    };

    /// <summary>The projected date as shown: a date, "not at this pace", or "—" when there is nothing to project.</summary>
    public string ProjectedText =>
        ProjectedDate is { } d ? (d == DateOnly.MaxValue ? "not at this pace" : d.ToString("dd-MM-yyyy"))
        : StillNeeded > 0 && !Ended ? "not at this pace"
        : "—";
}
