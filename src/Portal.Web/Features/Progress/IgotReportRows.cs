using Portal.Web.Data;
using Portal.Web.Features.Uploads;

namespace Portal.Web.Features.Progress;

/// <summary>
/// iGOT's status of a user's content. <see cref="NotEnrolled"/> is iGOT's own (a CB plan allocated the course but
/// the user never enrolled): the portal's <see cref="EnrolmentStatus"/> has no such value, as such a row is no enrolment.
/// </summary>
public enum IgotStatus
{
    NotEnrolled = -1,
    NotStarted = 0,
    InProgress = 1,
    Completed = 2,
}

public static class IgotStatusExtensions
{
    /// <summary>The portal's status, or null for <see cref="IgotStatus.NotEnrolled"/> (nothing to record as an enrolment).</summary>
    public static EnrolmentStatus? ToEnrolmentStatus(this IgotStatus status) => status switch
    {
        IgotStatus.NotStarted => EnrolmentStatus.NotStarted,
        IgotStatus.InProgress => EnrolmentStatus.InProgress,
        IgotStatus.Completed => EnrolmentStatus.Completed,
        _ => null,
    };
}

/// <summary>A row of the enrolment report that passed every check. Null means the file did not give that value.</summary>
public sealed record EnrolmentRow
{
    public int RowNumber { get; init; }
    public string? Name { get; init; }
    /// <summary>Trimmed, lower-case.</summary>
    public string? Email { get; init; }
    /// <summary>10 digits; null when the file's value is not a 10-digit Indian number (iGOT's data, not the uploader's to fix).</summary>
    public string? Phone { get; init; }
    /// <summary>Trimmed, upper-case (as the roster stores codes).</summary>
    public string? EmployeeCode { get; init; }
    public string? Designation { get; init; }
    public string? Organisation { get; init; }
    public string? ContentId { get; init; }
    public required string ContentName { get; init; }
    public string? Provider { get; init; }
    public string? ContentType { get; init; }
    /// <summary>The content's listed duration (iGOT counts learning hours as the durations of completed content).</summary>
    public int? DurationMinutes { get; init; }
    public DateTime? EnrolledOn { get; init; }
    public DateTime? CompletedOn { get; init; }
    public IgotStatus Status { get; init; }
    public decimal? ProgressPercent { get; init; }
    public bool? CertificateGenerated { get; init; }
    /// <summary>The content is in a live CB plan for this user.</summary>
    public bool? InLiveCbPlan { get; init; }
}

/// <summary>A row of the user report: who registered on iGOT, and when.</summary>
public sealed record UserReportRow
{
    public int RowNumber { get; init; }
    public string? Name { get; init; }
    public string? Email { get; init; }
    public string? Phone { get; init; }
    public string? EmployeeCode { get; init; }
    public string? Designation { get; init; }
    public string? Organisation { get; init; }
    /// <summary>The day the user registered on iGOT: from then on the employee is onboarded.</summary>
    public DateOnly? RegisteredOn { get; init; }
}

/// <summary>A row of the CB plan report (CBPEnrollmentReport.csv): a course a live CB plan allocated to a user.</summary>
public sealed record CbPlanRow
{
    public int RowNumber { get; init; }
    public string? Name { get; init; }
    public string? Email { get; init; }
    public string? Phone { get; init; }
    public string? EmployeeCode { get; init; }
    public string? Organisation { get; init; }
    public string? Designation { get; init; }
    public required string CourseName { get; init; }
    /// <summary>The course counts for the APAR.</summary>
    public bool? IsApar { get; init; }
    public DateOnly? AllocatedOn { get; init; }
    public IgotStatus? CurrentProgress { get; init; }
    public DateOnly? DueDate { get; init; }
    public DateOnly? ActualCompletionDate { get; init; }

    /// <summary>iGOT's rule: done within the due date when completed before the due date plus one day.</summary>
    public bool CompletedWithinDueDate =>
        CurrentProgress == IgotStatus.Completed && ActualCompletionDate is { } done && DueDate is { } due && done <= due;
}

/// <summary>One data row read: the typed row when it passed, else its errors (column headers as in the file).</summary>
public sealed record IgotRow<T>(int RowNumber, T? Row, IReadOnlyList<RowError> Errors) where T : class
{
    public bool IsValid => Row is not null;

    /// <summary>
    /// The values read even when the row has errors (those that failed are null): a rejected row is still matched to
    /// its employee by its e-mail, phone or code, so that an import can keep rows of staff outside the uploader's
    /// scope out of what it gives back.
    /// </summary>
    public T? AsRead { get; init; }

    /// <summary>The cells as in the file, for the error workbook that gives rejected rows back.</summary>
    public Infrastructure.Spreadsheets.RawRow? Raw { get; init; }
}
