using System.Globalization;

namespace Portal.Web.Infrastructure;

/// <summary>Numbers as the users read them: Indian digit grouping (12,34,567) and one-decimal percentages.</summary>
public static class IndianFormat
{
    public const string NoValue = "—";

    public static string Number(long value)
    {
        var digits = Math.Abs(value).ToString(CultureInfo.InvariantCulture);
        var sign = value < 0 ? "-" : "";
        if (digits.Length <= 3) return sign + digits;
        // Last three digits, then groups of two: 1,23,45,678.
        var head = digits[..^3];
        var groups = new List<string>();
        for (var end = head.Length; end > 0; end -= 2)
            groups.Insert(0, head[Math.Max(0, end - 2)..end]);
        return sign + string.Join(",", groups) + "," + digits[^3..];
    }

    public static string Hours(double hours) => Number((long)Math.Round(hours, MidpointRounding.AwayFromZero));

    /// <summary>A rate as "87.3%"; "—" when there is no workforce to divide by.</summary>
    public static string Percent(double? rate) =>
        rate is { } r && !double.IsNaN(r) ? (r * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : NoValue;
}
