using System.Globalization;

namespace Portal.Web.Infrastructure.Spreadsheets;

/// <summary>
/// Writes a table described by <see cref="TableColumn{T}"/> (the description a page's export gives
/// <see cref="TableWorkbook"/>) onto a sheet of a <see cref="StreamingWorkbookWriter"/>, with the same rules: text stays
/// text (inline strings, never a formula), figures stay numbers with Indian grouping, rates are 0.0%, and a rate with no
/// workforce is "—" as on screen. So a workbook of several tables reuses the columns the pages already define.
/// </summary>
public static class StreamingTable
{
    /// <summary>The columns' widths, for <see cref="StreamingWorkbookWriter.AddSheet"/>.</summary>
    public static IReadOnlyList<SheetColumn> Widths<T>(IReadOnlyList<TableColumn<T>> columns) =>
        columns.Select((c, i) => new SheetColumn(i + 1, i + 1, c.Width)).ToList();

    /// <summary>The header row: the columns' names in bold.</summary>
    public static void Header<T>(StreamingSheet sheet, IReadOnlyList<TableColumn<T>> columns)
    {
        sheet.NextRow();
        for (var i = 0; i < columns.Count; i++) sheet.Text(i, columns[i].Header, SheetStyles.Bold);
    }

    /// <summary>
    /// One row per item, in the given order; returns how many were written. The text cells of a row that
    /// <paramref name="marked"/> picks get the light red fill of <see cref="SheetStyles.Marked"/> (figures keep their format).
    /// </summary>
    public static int Rows<T>(StreamingSheet sheet, IReadOnlyList<TableColumn<T>> columns, IEnumerable<T> rows, Func<T, bool>? marked = null)
    {
        var count = 0;
        foreach (var row in rows)
        {
            sheet.NextRow();
            var textStyle = marked?.Invoke(row) == true ? SheetStyles.Marked : SheetStyles.Normal;
            for (var i = 0; i < columns.Count; i++) Cell(sheet, i, columns[i].Kind, columns[i].Value(row), textStyle);
            count++;
        }
        return count;
    }

    /// <summary>One value as its column's kind says; null writes nothing (a rate: "—").</summary>
    public static void Cell(StreamingSheet sheet, int column, ColumnKind kind, object? value, int textStyle = SheetStyles.Normal)
    {
        switch (value)
        {
            case null when kind is ColumnKind.Percent:
                sheet.Text(column, IndianFormat.NoValue, textStyle);
                return;
            case null:
                if (textStyle != SheetStyles.Normal && kind is ColumnKind.Text) sheet.Text(column, null, textStyle);
                return;
            case DateOnly date:
                sheet.Date(column, date.ToDateTime(TimeOnly.MinValue));
                return;
            case DateTime time:
                sheet.Date(column, time);
                return;
            case string text:
                sheet.Text(column, text, textStyle);
                return;
        }
        var number = Convert.ToDouble(value, CultureInfo.InvariantCulture);
        switch (kind)
        {
            case ColumnKind.Percent:
                sheet.Number(column, Math.Round(number, 3), SheetStyles.Percent);
                break;
            case ColumnKind.Hours:
                sheet.Number(column, Math.Round(number, MidpointRounding.AwayFromZero));
                break;
            case ColumnKind.OneDecimal:
                sheet.Number(column, Math.Round(number, 1), SheetStyles.OneDecimal);
                break;
            case ColumnKind.Number:
                sheet.Number(column, number);
                break;
            default:
                sheet.Text(column, Convert.ToString(value, CultureInfo.InvariantCulture), textStyle);
                break;
        }
    }
}
