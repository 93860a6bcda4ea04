using System.Globalization;

namespace Portal.Web.Infrastructure;

/// <summary>
/// Dates and times as the users read them: dd-mm-yyyy, in India Standard Time whatever the server's own time zone
/// (the database keeps UTC). IST is UTC+05:30 all year (India has no daylight saving), so a fixed offset is exact and
/// needs no time-zone database on the server.
/// </summary>
public static class IndianTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromMinutes(330);

    /// <summary>
    /// IST as a system time zone, for the scheduler's triggers: Quartz stores a trigger's zone by id and finds it again by
    /// that id, so it must be a zone the system knows (a custom fixed-offset zone is not found on reload).
    /// </summary>
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata");

    public const string DateFormat = "dd-MM-yyyy";
    public const string DateTimeFormat = "dd-MM-yyyy HH:mm";

    /// <summary>A UTC moment (DateTime of kind Utc or Unspecified, as EF reads it back) in IST.</summary>
    public static DateTimeOffset ToIst(DateTime utc) =>
        new DateTimeOffset(DateTime.SpecifyKind(utc.Kind == DateTimeKind.Local ? utc.ToUniversalTime() : utc, DateTimeKind.Utc)).ToOffset(Offset);

    public static DateTimeOffset ToIst(DateTimeOffset moment) => moment.ToOffset(Offset);

    /// <summary>"05-12-2026 14:30" (IST).</summary>
    public static string DateAndTime(DateTime utc) => ToIst(utc).ToString(DateTimeFormat, CultureInfo.InvariantCulture);

    public static string DateAndTime(DateTimeOffset moment) => ToIst(moment).ToString(DateTimeFormat, CultureInfo.InvariantCulture);

    /// <summary>"05-12-2026".</summary>
    public static string Date(DateOnly date) => date.ToString(DateFormat, CultureInfo.InvariantCulture);

    public static string Date(DateOnly? date) => date is { } d ? Date(d) : "";

    /// <summary>The IST date of a UTC moment: "05-12-2026" (a 20:00 UTC moment is already the next day in India).</summary>
    public static string Date(DateTime utc) => ToIst(utc).ToString(DateFormat, CultureInfo.InvariantCulture);

    /// <summary>Today's date in India, by the given clock.</summary>
    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(ToIst(clock.GetUtcNow()).DateTime);

    /// <summary>The current moment in IST, e.g. for "Exported on ..." lines.</summary>
    public static DateTimeOffset Now(TimeProvider clock) => ToIst(clock.GetUtcNow());
}
