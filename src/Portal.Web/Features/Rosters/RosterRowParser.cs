using System.Globalization;
using System.Net.Mail;
using System.Text;
using System.Text.RegularExpressions;
using Portal.Web.Data;
using Portal.Web.Features.Uploads;
using Portal.Web.Infrastructure.Spreadsheets;
using Portal.Web.Resources;

namespace Portal.Web.Features.Rosters;

/// <summary>One roster row that passed every rule. Null means the file did not give that value.</summary>
public sealed class RosterRow
{
    public int RowNumber { get; init; }
    public required string EmployeeCode { get; init; }
    public required string Name { get; init; }
    public int DesignationId { get; init; }
    public int DepartmentId { get; init; }
    public int DistrictId { get; init; }
    public string? Office { get; init; }
    /// <summary>The office name as matched (case, spaces and dots ignored), worked out once on the reading thread.</summary>
    public string? OfficeKey { get; init; }
    public string? Mobile { get; init; }
    public string? Email { get; init; }
    public ServiceGroup? Group { get; init; }
    public EmployeeStatus? Status { get; init; }
    public DateOnly? DateOfJoining { get; init; }
    public string? IgotUserId { get; init; }
    public DateOnly? IgotRegisteredOn { get; init; }
}

/// <summary>
/// Applies the roster contract to one row, collecting every error rather than stopping at the first. The messages are
/// in the current UI culture, the uploader's (they go to the preview and the error workbook); the column names in them
/// stay the contract's English, as the file has them.
/// </summary>
public sealed partial class RosterRowParser(HeaderMap header, RosterLookups lookups, DataScope scope, string scopeDescription, DateOnly today)
{
    [GeneratedRegex("^[A-Za-z0-9/-]{1,30}$")]
    private static partial Regex CodePattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();

    private static readonly string[] DateFormats =
        ["dd-MM-yyyy", "d-M-yyyy", "dd/MM/yyyy", "d/M/yyyy", "dd.MM.yyyy", "d.M.yyyy", "yyyy-MM-dd", "yyyy-MM-dd HH:mm:ss", "dd-MMM-yyyy", "d-MMM-yyyy"];

    public RosterRow? Parse(RawRow row, List<CellError> errors)
    {
        errors.Clear();
        var code = Code(Cell(row, RosterColumns.EmployeeCode), errors);
        var name = Name(Cell(row, RosterColumns.Name), errors);
        var designation = Reference(Cell(row, RosterColumns.Designation), RosterColumns.Designation, lookups.Designations, errors);
        var department = Reference(Cell(row, RosterColumns.Department), RosterColumns.Department, lookups.Departments, errors);
        var district = Reference(Cell(row, RosterColumns.District), RosterColumns.District, lookups.Districts, errors);

        if (district is { } d && department is { } p && !scope.Includes(d, p))
        {
            var field = scope.IncludesDistrict(d) ? RosterColumns.Department : RosterColumns.District;
            var value = field == RosterColumns.District ? lookups.Districts.NameOf[d] : lookups.Departments.NameOf[p];
            errors.Add(new(field, SharedText.L["{0} '{1}' is outside your scope ({2}); this row cannot be imported by you.", Label(field), Shown(value), scopeDescription]));
        }

        var office = Text(Cell(row, RosterColumns.Office), RosterColumns.Office, 200, errors);
        var mobile = Mobile(Cell(row, RosterColumns.Mobile), errors);
        var email = Email(Cell(row, RosterColumns.Email), errors);
        var group = Group(Cell(row, RosterColumns.Group), errors);
        var status = Status(Cell(row, RosterColumns.Status), errors);
        var joined = Date(Cell(row, RosterColumns.DateOfJoining), RosterColumns.DateOfJoining, errors);
        var igotId = Text(Cell(row, RosterColumns.IgotUserId), RosterColumns.IgotUserId, 100, errors);
        var registered = Date(Cell(row, RosterColumns.IgotRegisteredOn), RosterColumns.IgotRegisteredOn, errors);

        if (errors.Count > 0) return null;
        return new RosterRow
        {
            RowNumber = row.RowNumber, EmployeeCode = code!, Name = name!, DesignationId = designation!.Value, DepartmentId = department!.Value,
            DistrictId = district!.Value, Office = office, OfficeKey = office is null ? null : HeaderMatcher.Key(office), Mobile = mobile, Email = email, Group = group, Status = status,
            DateOfJoining = joined, IgotUserId = igotId, IgotRegisteredOn = registered,
        };
    }

    private RawCell Cell(RawRow row, string field) => header.ColumnOf(field) is { } c ? row[c] : RawCell.Empty;

    public static string Label(string field) => RosterColumns.Spec(field).DisplayName;

    private static string Clean(RawCell cell) => cell.Text.Trim();

    /// <summary>Number cells are read as their digits: 12345 not 12345.0, 9876543210 not 9.87654321E+09.</summary>
    private static string? Digits(RawCell cell)
    {
        if (cell.Kind != CellKind.Number) return null;
        return double.TryParse(cell.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= 0 && n < 1e15 && Math.Floor(n) == n
            ? ((long)n).ToString(CultureInfo.InvariantCulture) : null;
    }

    private static string? Code(RawCell cell, List<CellError> errors)
    {
        if (cell.IsBlank) { errors.Add(new(RosterColumns.EmployeeCode, SharedText.L["Employee Code is empty."])); return null; }
        var value = cell.Kind == CellKind.Number ? Digits(cell) ?? Clean(cell) : Clean(cell);
        if (!CodePattern().IsMatch(value))
        {
            errors.Add(new(RosterColumns.EmployeeCode, SharedText.L["Employee Code '{0}' must be 1 to 30 letters, digits, '/' or '-'.", Shown(value)]));
            return null;
        }
        // Codes are matched without regard to case: UP/123 and up/123 are one employee.
        return value.ToUpperInvariant();
    }

    private static string? Name(RawCell cell, List<CellError> errors)
    {
        if (cell.IsBlank) { errors.Add(new(RosterColumns.Name, SharedText.L["Name is empty."])); return null; }
        var value = Regex.Replace(Clean(cell).Normalize(NormalizationForm.FormC), @"\s+", " ");
        var allowed = value.All(ch => char.IsLetter(ch) || ch is ' ' or '.' or '\'' or '-' or '\u200C' or '\u200D'
            || CharUnicodeInfo.GetUnicodeCategory(ch) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark);
        if (!allowed) { errors.Add(new(RosterColumns.Name, SharedText.L["Name '{0}' may contain only letters, spaces and . ' -", Shown(value)])); return null; }
        if (value.Length is < 2 or > 100) { errors.Add(new(RosterColumns.Name, SharedText.L["Name '{0}' must be 2 to 100 characters long.", Short(value)])); return null; }
        return value;
    }

    private static int? Reference(RawCell cell, string field, RosterLookups.Lookup lookup, List<CellError> errors)
    {
        if (cell.IsBlank) { errors.Add(new(field, SharedText.L["{0} is empty.", Label(field)])); return null; }
        var value = Clean(cell);
        if (lookup.TryResolve(value, out var id)) return id;
        errors.Add(new(field, lookup.Unknown(value)));
        return null;
    }

    private static string? Text(RawCell cell, string field, int max, List<CellError> errors)
    {
        if (cell.IsBlank) return null;
        var value = Clean(cell.Kind == CellKind.Number ? new RawCell(CellKind.Text, Digits(cell) ?? cell.Text) : cell);
        if (value.Length > max) { errors.Add(new(field, SharedText.L["{0} is longer than {1} characters.", Label(field), max])); return null; }
        return value;
    }

    private static string? Mobile(RawCell cell, List<CellError> errors)
    {
        if (cell.IsBlank) return null;
        var shown = cell.Kind == CellKind.Number ? Digits(cell) ?? Clean(cell) : Clean(cell);
        var digits = new string(shown.Where(ch => !char.IsWhiteSpace(ch) && ch != '-').ToArray());
        if (digits.StartsWith("+91")) digits = digits[3..];
        else if (digits.Length == 12 && digits.StartsWith("91")) digits = digits[2..];
        else if (digits.Length == 11 && digits.StartsWith('0')) digits = digits[1..];
        if (digits.Length != 10 || !digits.All(char.IsAsciiDigit))
        {
            errors.Add(new(RosterColumns.Mobile, SharedText.L["Mobile '{0}' must have 10 digits.", Shown(shown)]));
            return null;
        }
        if (digits[0] is < '6' or > '9')
        {
            errors.Add(new(RosterColumns.Mobile, SharedText.L["Mobile '{0}' must start with 6, 7, 8 or 9.", Shown(shown)]));
            return null;
        }
        return digits;
    }

    private static string? Email(RawCell cell, List<CellError> errors)
    {
        if (cell.IsBlank) return null;
        var value = Clean(cell).ToLowerInvariant();
        if (value.Length > 254 || !EmailPattern().IsMatch(value) || !MailAddress.TryCreate(value, out var parsed) || parsed.Address != value)
        {
            errors.Add(new(RosterColumns.Email, SharedText.L["Email '{0}' is not a valid address.", Shown(Clean(cell))]));
            return null;
        }
        return value;
    }

    private static ServiceGroup? Group(RawCell cell, List<CellError> errors)
    {
        if (cell.IsBlank) return null;
        var key = HeaderMatcher.Key(Clean(cell));
        if (key.StartsWith("group")) key = key[5..];
        else if (key.StartsWith("समूह")) key = key[4..];
        ServiceGroup? group = key switch
        {
            "a" or "क" => ServiceGroup.A,
            "b" or "ख" => ServiceGroup.B,
            "c" or "ग" => ServiceGroup.C,
            "d" or "घ" => ServiceGroup.D,
            "contractual" or "contract" or "samvida" or "संविदा" => ServiceGroup.Contractual,
            "others" or "other" or "अन्य" => ServiceGroup.Others,
            _ => null,
        };
        if (group is null) errors.Add(new(RosterColumns.Group, SharedText.L["Group '{0}' must be A, B, C, D, Contractual or Others.", Shown(Clean(cell))]));
        return group;
    }

    private static EmployeeStatus? Status(RawCell cell, List<CellError> errors)
    {
        if (cell.IsBlank) return null;
        EmployeeStatus? status = HeaderMatcher.Key(Clean(cell)) switch
        {
            "active" or "सक्रिय" or "कार्यरत" => EmployeeStatus.Active,
            "inactive" or "निष्क्रिय" => EmployeeStatus.Inactive,
            "retired" or "सेवानिवृत्त" => EmployeeStatus.Retired,
            "transferred" or "स्थानांतरित" or "स्थानान्तरित" => EmployeeStatus.Transferred,
            _ => null,
        };
        if (status is null) errors.Add(new(RosterColumns.Status, SharedText.L["Status '{0}' must be Active, Inactive, Retired or Transferred.", Shown(Clean(cell))]));
        return status;
    }

    private DateOnly? Date(RawCell cell, string field, List<CellError> errors)
    {
        if (cell.IsBlank) return null;
        DateOnly? date = null;
        if (cell.Kind is CellKind.Date or CellKind.Number)
        {
            // An Excel date serial (a number in a date column is a serial even without a date style).
            if (double.TryParse(cell.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is >= 1 and < 2958466)
                date = DateOnly.FromDateTime(DateTime.FromOADate(serial));
        }
        else if (DateTime.TryParseExact(Clean(cell), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            date = DateOnly.FromDateTime(parsed);
        }
        var shown = date?.ToString("dd-MM-yyyy") ?? Clean(cell);
        if (date is null || date.Value.Year < 1900)
        {
            errors.Add(new(field, SharedText.L["{0} '{1}' is not a date: write it as dd-mm-yyyy (for example 01-04-2024) or use an Excel date.", Label(field), Shown(shown)]));
            return null;
        }
        if (date > today)
        {
            errors.Add(new(field, SharedText.L["{0} {1} is in the future.", Label(field), Shown(shown)]));
            return null;
        }
        return date;
    }

    private static string Short(string value) => value.Length > 40 ? value[..40] + "…" : value;

    /// <summary>A value as quoted in a message: at most 100 characters (a cell can hold 32,767).</summary>
    internal static string Shown(string value) => value.Length > 100 ? value[..100] + "…" : value;
}
