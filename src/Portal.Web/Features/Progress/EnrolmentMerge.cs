using Portal.Web.Data;

namespace Portal.Web.Features.Progress;

/// <summary>What is stored of one employee's enrolment on one course (the columns a progress import writes).</summary>
public readonly record struct EnrolmentState(EnrolmentStatus Status, int ProgressPercent, DateOnly? EnrolledOn, DateOnly? CompletedOn, int LearningMinutes)
{
    public bool IsCompleted => Status == EnrolmentStatus.Completed;
}

/// <summary>How a report row changed the enrolment it merged into.</summary>
public enum MergeOutcome : byte { New, Updated, Unchanged }

/// <summary>
/// The rules that merge a report row into the stored enrolment. Every rule only moves forward: status and progress
/// take the further of stored and row, dates the earlier of the two, and a completion is never undone. So a merge is
/// idempotent (the same report again changes nothing), does not depend on order (an iGOT user holding two accounts
/// that match one employee, or an older report uploaded after a newer one, gives the same result), and a later report
/// that omits a row or shows a completed course in progress again (iGOT does when content is revised) loses nothing.
/// <list type="bullet">
/// <item>Completed: the status sticks; CompletedOn is the FIRST known completion date (iGOT writes the last one, so
/// the earlier of stored and row is kept); progress is 100; LearningMinutes is the course's listed duration
/// (iGOT's rule: learning hours are the durations of completed content, not time spent).</item>
/// <item>Not completed: progress is the higher of stored and row; LearningMinutes is left as stored (the report says
/// nothing about time spent), 0 for a new enrolment.</item>
/// <item>EnrolledOn: the earlier known date.</item>
/// </list>
/// </summary>
public static class EnrolmentMerge
{
    /// <summary>
    /// The enrolment after <paramref name="row"/> (whose status is not <see cref="IgotStatus.NotEnrolled"/>);
    /// <paramref name="courseMinutes"/> is the course's duration in the catalogue.
    /// </summary>
    public static EnrolmentState Merge(EnrolmentState? stored, EnrolmentRow row, int courseMinutes)
    {
        var rowStatus = row.Status.ToEnrolmentStatus() ?? throw new ArgumentException("A not-enrolled row is no enrolment.", nameof(row));
        var rowCompleted = rowStatus == EnrolmentStatus.Completed;
        var rowProgress = row.ProgressPercent is { } p ? (int)Math.Clamp(Math.Round(p, MidpointRounding.AwayFromZero), 0, 100) : 0;
        var rowEnrolledOn = DateOf(row.EnrolledOn);
        var rowCompletedOn = rowCompleted ? DateOf(row.CompletedOn) : null;

        if (stored is not { } s)
            return rowCompleted
                ? new EnrolmentState(EnrolmentStatus.Completed, 100, rowEnrolledOn, rowCompletedOn, courseMinutes)
                : new EnrolmentState(rowStatus, rowProgress, rowEnrolledOn, null, 0);

        var status = (EnrolmentStatus)Math.Max((int)s.Status, (int)rowStatus);
        var enrolledOn = Earlier(s.EnrolledOn, rowEnrolledOn);
        return status == EnrolmentStatus.Completed
            ? new EnrolmentState(status, 100, enrolledOn, Earlier(s.CompletedOn, rowCompletedOn), courseMinutes)
            : new EnrolmentState(status, Math.Max(s.ProgressPercent, rowProgress), enrolledOn, s.CompletedOn, s.LearningMinutes);
    }

    public static MergeOutcome Compare(EnrolmentState? before, EnrolmentState after) =>
        before is not { } b ? MergeOutcome.New : b == after ? MergeOutcome.Unchanged : MergeOutcome.Updated;

    /// <summary>The earlier of two dates, either of which may be unknown.</summary>
    public static DateOnly? Earlier(DateOnly? a, DateOnly? b) => a is null ? b : b is null ? a : a < b ? a : b;

    /// <summary>iGOT writes date-times (the server's Indian time): the day is what the portal keeps.</summary>
    public static DateOnly? DateOf(DateTime? value) => value is { } v ? DateOnly.FromDateTime(v) : null;
}
