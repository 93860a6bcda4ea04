using System.Globalization;
using Portal.Web.Features.Rosters;
using Portal.Web.Features.Uploads;
using Portal.Web.Infrastructure.Spreadsheets;
using Portal.Web.Resources;

namespace Portal.Web.Features.Progress;

/// <summary>
/// Applies an iGOT report's rules to one row (one parser per reader thread: it is not thread-safe), collecting every error rather than stopping at the first. Values
/// that identify a person are taken as iGOT holds them (a bad phone is dropped, not an error: the uploader cannot
/// correct iGOT's data); values the import relies on (dates, statuses, durations, percentages, flags) are row
/// errors when they cannot be read. Row errors are in the uploader's language (the current UI culture), with iGOT's
/// column names as the file has them.
/// </summary>
public sealed class IgotRowParser(HeaderMap header, IgotReportKind kind)
{
    private static readonly string[] DateFormats =
    [
        "yyyy-MM-dd", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd HH:mm", "dd/MM/yyyy", "d/M/yyyy", "dd/MM/yyyy HH:mm:ss", "dd/MM/yyyy HH:mm", "d/M/yyyy H:mm:ss", "d/M/yyyy H:mm",
        "dd-MM-yyyy", "dd-MM-yyyy HH:mm:ss", "dd-MM-yyyy HH:mm",
    ];

    /// <summary>What iGOT (and Python's pandas, which writes its reports) put where there is no value.</summary>
    private static readonly HashSet<string> NoValueWords = ["notavailable", "none", "nan", "null", "na", "n/a", "nat", "undefined"];

    private int _rowNumber;

    public IgotRow<EnrolmentRow> ParseEnrolment(RawRow row)
    {
        _rowNumber = row.RowNumber;
        var errors = new List<RowError>();
        var (email, phone, code) = Identity(row, errors);
        var contentName = Text(row, IgotReportColumns.ContentName);
        if (contentName is null) errors.Add(Error(IgotReportColumns.ContentName, SharedText.L["{0} is empty: the course cannot be found without it.", Label(IgotReportColumns.ContentName)]));
        var completedOn = DateTimeValue(row, IgotReportColumns.CompletedOn, errors);
        var percent = Percent(row, IgotReportColumns.ProgressPercent, errors);
        var status = StatusValue(row, IgotReportColumns.Status, errors);
        var result = new EnrolmentRow
        {
            RowNumber = row.RowNumber,
            Name = Text(row, IgotReportColumns.Name),
            Email = email, Phone = phone, EmployeeCode = code,
            Designation = Text(row, IgotReportColumns.Designation),
            Organisation = Text(row, IgotReportColumns.Organisation),
            ContentId = Text(row, IgotReportColumns.ContentId),
            ContentName = contentName ?? "",
            Provider = Text(row, IgotReportColumns.Provider),
            ContentType = Text(row, IgotReportColumns.ContentType),
            DurationMinutes = Duration(row, IgotReportColumns.Duration, errors),
            EnrolledOn = DateTimeValue(row, IgotReportColumns.EnrolledOn, errors),
            CompletedOn = completedOn,
            // No status given: what the other columns say (a completion date, some progress).
            Status = status ?? (completedOn is not null || percent >= 100 ? IgotStatus.Completed : percent > 0 ? IgotStatus.InProgress : IgotStatus.NotStarted),
            ProgressPercent = percent,
            CertificateGenerated = Flag(row, IgotReportColumns.Certificate, errors),
            InLiveCbPlan = Flag(row, IgotReportColumns.CbPlanMandate, errors),
        };
        return new(row.RowNumber, errors.Count == 0 ? result : null, errors) { AsRead = result, Raw = row };
    }

    public IgotRow<UserReportRow> ParseUser(RawRow row)
    {
        _rowNumber = row.RowNumber;
        var errors = new List<RowError>();
        var (email, phone, code) = Identity(row, errors);
        var registered = DateTimeValue(row, IgotReportColumns.RegisteredOn, errors);
        var result = new UserReportRow
        {
            RowNumber = row.RowNumber,
            Name = Text(row, IgotReportColumns.Name),
            Email = email, Phone = phone, EmployeeCode = code,
            Designation = Text(row, IgotReportColumns.Designation),
            Organisation = Text(row, IgotReportColumns.Organisation),
            RegisteredOn = registered is { } r ? DateOnly.FromDateTime(r) : null,
        };
        return new(row.RowNumber, errors.Count == 0 ? result : null, errors) { AsRead = result, Raw = row };
    }

    public IgotRow<CbPlanRow> ParseCbPlan(RawRow row)
    {
        _rowNumber = row.RowNumber;
        var errors = new List<RowError>();
        var (email, phone, code) = Identity(row, errors);
        var course = Text(row, IgotReportColumns.CbpCourseName);
        if (course is null) errors.Add(Error(IgotReportColumns.CbpCourseName, SharedText.L["{0} is empty.", Label(IgotReportColumns.CbpCourseName)]));
        var result = new CbPlanRow
        {
            RowNumber = row.RowNumber,
            Name = Text(row, IgotReportColumns.Name),
            Email = email, Phone = phone, EmployeeCode = code,
            Organisation = Text(row, IgotReportColumns.Organisation),
            Designation = Text(row, IgotReportColumns.Designation),
            CourseName = course ?? "",
            IsApar = Flag(row, IgotReportColumns.IsApar, errors),
            AllocatedOn = DateValue(row, IgotReportColumns.AllocatedOn, errors),
            CurrentProgress = StatusValue(row, IgotReportColumns.CurrentProgress, errors),
            DueDate = DateValue(row, IgotReportColumns.DueDate, errors),
            ActualCompletionDate = DateValue(row, IgotReportColumns.ActualCompletionDate, errors),
        };
        return new(row.RowNumber, errors.Count == 0 ? result : null, errors) { AsRead = result, Raw = row };
    }

    private (string? Email, string? Phone, string? Code) Identity(RawRow row, List<RowError> errors)
    {
        var email = Email(Text(row, IgotReportColumns.Email));
        var phone = Phone(Cell(row, IgotReportColumns.Phone));
        var code = Text(row, IgotReportColumns.EmployeeCode)?.ToUpperInvariant();
        if (email is null && phone is null && code is null)
        {
            var field = header.ColumnOf(IgotReportColumns.Email) is not null ? IgotReportColumns.Email
                : header.ColumnOf(IgotReportColumns.Phone) is not null ? IgotReportColumns.Phone : IgotReportColumns.EmployeeCode;
            errors.Add(Error(field, SharedText.L["The row has no email, 10-digit phone or employee id, so it cannot be matched to an employee."]));
        }
        return (email, phone, code);
    }

    private RawCell Cell(RawRow row, string field) => header.ColumnOf(field) is { } c ? row[c] : RawCell.Empty;

    private string? Text(RawRow row, string field)
    {
        var cell = Cell(row, field);
        if (cell.IsBlank) return null;
        var value = cell.Kind == CellKind.Number ? Digits(cell) ?? cell.Text.Trim() : cell.Text.Trim();
        return IsNoValue(value) ? null : value;
    }

    // Most cells are real values longer than any no-value word: those cost one comparison.
    internal static bool IsNoValue(string value) =>
        value.Length == 0 || (value.Length <= 13 && NoValueWords.Contains(value.Replace(" ", "").ToLowerInvariant()));

    /// <summary>Number cells are read as their digits: 12345 not 12345.0, 9876543210 not 9.87654321E+09.</summary>
    private static string? Digits(RawCell cell) =>
        double.TryParse(cell.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= 0 && n < 1e15 && Math.Floor(n) == n
            ? ((long)n).ToString(CultureInfo.InvariantCulture) : null;

    internal static string? Email(string? value)
    {
        if (value is null) return null;
        var email = value.Trim().ToLowerInvariant();
        // iGOT's data: anything without an '@' cannot be an address to match on.
        return email.Contains('@') && !email.Any(char.IsWhiteSpace) ? email : null;
    }

    internal static string? Phone(RawCell cell)
    {
        if (cell.IsBlank) return null;
        var shown = cell.Kind == CellKind.Number ? Digits(cell) ?? cell.Text.Trim() : cell.Text.Trim();
        var digits = new string(shown.Where(ch => !char.IsWhiteSpace(ch) && ch != '-').ToArray());
        if (digits.StartsWith("+91")) digits = digits[3..];
        else if (digits.Length == 12 && digits.StartsWith("91")) digits = digits[2..];
        else if (digits.Length == 11 && digits.StartsWith('0')) digits = digits[1..];
        return digits.Length == 10 && digits.All(char.IsAsciiDigit) ? digits : null;
    }

    private DateTime? DateTimeValue(RawRow row, string field, List<RowError> errors)
    {
        var cell = Cell(row, field);
        if (cell.IsBlank || IsNoValue(cell.Text.Trim())) return null;
        if (TryDate(cell, out var value)) return value;
        errors.Add(Error(field, SharedText.L["{0} '{1}' is not a date: iGOT writes yyyy-mm-dd (for example 2025-04-01).", Label(field), RosterRowParser.Shown(cell.Text.Trim())]));
        return null;
    }

    private DateOnly? DateValue(RawRow row, string field, List<RowError> errors) =>
        DateTimeValue(row, field, errors) is { } value ? DateOnly.FromDateTime(value) : null;

    internal static bool TryDate(RawCell cell, out DateTime value)
    {
        value = default;
        if (cell.Kind is CellKind.Date or CellKind.Number)
        {
            // The table saved as .xlsx: Excel turned the text into a date serial.
            if (double.TryParse(cell.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is >= 1 and < 2958466)
            {
                value = DateTime.FromOADate(serial);
                return true;
            }
            return false;
        }
        var text = cell.Text.AsSpan().Trim();
        // iGOT's own two forms read digit by digit: a state's report has millions of dates, and the framework's format
        // parser cost more than reading the rest of the row. Anything else (or a form that does not add up) goes to it.
        if (TryIgotForm(text, out value)) return value.Year >= 1900;
        return DateTime.TryParseExact(text.ToString(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out value) && value.Year >= 1900;
    }

    /// <summary>yyyy-MM-dd or yyyy-MM-dd HH:mm:ss (iGOT's two forms), exactly; false for anything else, which the general parse then tries.</summary>
    internal static bool TryIgotForm(ReadOnlySpan<char> text, out DateTime value)
    {
        value = default;
        if (text.Length is not (10 or 19) || text[4] != '-' || text[7] != '-') return false;
        if (!Digits(text, 0, 4, out var year) || !Digits(text, 5, 2, out var month) || !Digits(text, 8, 2, out var day)) return false;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        if (text.Length == 10)
        {
            value = new DateTime(year, month, day);
            return true;
        }
        if (text[10] != ' ' || text[13] != ':' || text[16] != ':') return false;
        if (!Digits(text, 11, 2, out var hour) || !Digits(text, 14, 2, out var minute) || !Digits(text, 17, 2, out var second)) return false;
        if (hour > 23 || minute > 59 || second > 59) return false;
        value = new DateTime(year, month, day, hour, minute, second);
        return true;

        static bool Digits(ReadOnlySpan<char> text, int start, int count, out int number)
        {
            number = 0;
            for (var i = start; i < start + count; i++)
            {
                if (!char.IsAsciiDigit(text[i])) return false;
                number = number * 10 + (text[i] - '0');
            }
            return true;
        }
    }

    private IgotStatus? StatusValue(RawRow row, string field, List<RowError> errors)
    {
        var cell = Cell(row, field);
        if (cell.IsBlank || IsNoValue(cell.Text.Trim())) return null;
        if (TryStatus(cell.Text, out var status)) return status;
        errors.Add(Error(field, SharedText.L["{0} '{1}' is not a status iGOT writes: Not Enrolled, Not Started, In Progress or Completed (or 0, 1, 2).", Label(field), RosterRowParser.Shown(cell.Text.Trim())]));
        return null;
    }

    internal static bool TryStatus(string text, out IgotStatus status)
    {
        IgotStatus? found = HeaderMatcher.Key(text.Trim()) switch
        {
            "notenrolled" => IgotStatus.NotEnrolled,
            "notstarted" or "0" or "0.0" => IgotStatus.NotStarted,
            "inprogress" or "1" or "1.0" => IgotStatus.InProgress,
            "completed" or "2" or "2.0" => IgotStatus.Completed,
            _ => null,
        };
        status = found ?? default;
        return found is not null;
    }

    private int? Duration(RawRow row, string field, List<RowError> errors)
    {
        var cell = Cell(row, field);
        if (cell.IsBlank || IsNoValue(cell.Text.Trim())) return null;
        if (TryDuration(cell, out var minutes)) return minutes;
        errors.Add(Error(field, SharedText.L["{0} '{1}' is not a duration: iGOT writes hours:minutes:seconds (for example 56:00:00) or hours (1.5).", Label(field), RosterRowParser.Shown(cell.Text.Trim())]));
        return null;
    }

    /// <summary>"56:00:00" (hours past 24 allowed) or "1.5" hours; an Excel time cell is a fraction of a day.</summary>
    internal static bool TryDuration(RawCell cell, out int minutes)
    {
        minutes = 0;
        var text = cell.Text.Trim();
        double seconds;
        if (text.Contains(':'))
        {
            var parts = text.Split(':');
            if (parts.Length is < 2 or > 3) return false;
            var numbers = new long[parts.Length];
            for (var i = 0; i < parts.Length; i++)
                if (!long.TryParse(parts[i].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i])) return false;
            if (numbers.Skip(1).Any(n => n >= 60) || numbers[0] > 100_000) return false;
            seconds = numbers[0] * 3600 + numbers[1] * 60 + (parts.Length == 3 ? numbers[2] : 0);
        }
        else
        {
            if (text.EndsWith("hours", StringComparison.OrdinalIgnoreCase)) text = text[..^5].Trim();
            else if (text.EndsWith("hrs", StringComparison.OrdinalIgnoreCase)) text = text[..^3].Trim();
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || number < 0 || number > 100_000 || double.IsNaN(number)) return false;
            seconds = cell.Kind == CellKind.Date ? number * 86_400 : number * 3600;
        }
        minutes = (int)Math.Round(seconds / 60, MidpointRounding.AwayFromZero);
        return true;
    }

    private decimal? Percent(RawRow row, string field, List<RowError> errors)
    {
        var cell = Cell(row, field);
        if (cell.IsBlank || IsNoValue(cell.Text.Trim())) return null;
        var text = cell.Text.Trim().TrimEnd('%').Trim();
        if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var percent) && percent is >= 0 and <= 100) return percent;
        errors.Add(Error(field, SharedText.L["{0} '{1}' must be a number from 0 to 100.", Label(field), RosterRowParser.Shown(cell.Text.Trim())]));
        return null;
    }

    private bool? Flag(RawRow row, string field, List<RowError> errors)
    {
        var cell = Cell(row, field);
        if (cell.IsBlank || IsNoValue(cell.Text.Trim())) return null;
        switch (cell.Text.Trim().ToLowerInvariant())
        {
            case "yes" or "y" or "true" or "1": return true;
            case "no" or "n" or "false" or "0": return false;
        }
        errors.Add(Error(field, SharedText.L["{0} '{1}' must be Yes or No (or true or false).", Label(field), RosterRowParser.Shown(cell.Text.Trim())]));
        return null;
    }

    private string Label(string field) => HeaderOf(field);

    /// <summary>The column's header as in the uploader's file, so that messages name what they see.</summary>
    private string HeaderOf(string field) =>
        header.ColumnOf(field) is { } c && c < header.Headers.Count && header.Headers[c].Length > 0 ? header.Headers[c] : IgotReportColumns.Label(kind, field);

    private RowError Error(string field, string message) => new(_rowNumber, HeaderOf(field), message);
}
