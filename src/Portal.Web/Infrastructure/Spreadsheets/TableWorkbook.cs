using ClosedXML.Excel;

namespace Portal.Web.Infrastructure.Spreadsheets;

/// <summary>How a column's values are written: text stays text (codes keep leading zeros), figures stay numbers.</summary>
public enum ColumnKind { Text, Number, Percent, Hours, Date, OneDecimal }

/// <summary>One column of a table as a page shows it.</summary>
public sealed record TableColumn<T>(string Header, Func<T, object?> Value, ColumnKind Kind = ColumnKind.Text, double Width = 14);

/// <summary>
/// Writes a table exactly as a page shows it (the same rows in the same order, with a heading that says what
/// scope and filters it covers) to one .xlsx sheet. Numbers keep Indian digit grouping and rates one decimal;
/// a rate with no workforce is written as "—", as on screen.
/// </summary>
public static class TableWorkbook
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    // 1,23,45,678: Excel has no lakh grouping built in, so thresholds pick the pattern.
    public const string IndianNumberFormat = @"[>=10000000]##\,##\,##\,##0;[>=100000]##\,##\,##0;##,##0";

    public static byte[] Write<T>(string sheetName, IReadOnlyList<string> heading, IReadOnlyList<TableColumn<T>> columns, IEnumerable<T> rows)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet(SheetNames.Safe(sheetName, "Sheet1"));
        var r = 1;
        foreach (var line in heading)
        {
            sheet.Cell(r, 1).SetValue<string>(line);
            if (r == 1) sheet.Cell(r, 1).Style.Font.Bold = true;
            r++;
        }
        if (heading.Count > 0) r++;
        var headerRow = r;
        for (var c = 0; c < columns.Count; c++)
        {
            sheet.Cell(r, c + 1).SetValue<string>(columns[c].Header);
            sheet.Column(c + 1).Width = columns[c].Width; // AdjustToContents needs GDI+, which Linux servers lack.
        }
        sheet.Row(r).Style.Font.Bold = true;
        r++;
        foreach (var row in rows)
        {
            for (var c = 0; c < columns.Count; c++)
                WriteCell(sheet.Cell(r, c + 1), columns[c].Kind, columns[c].Value(row));
            r++;
        }
        sheet.SheetView.FreezeRows(headerRow);
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    private static void WriteCell(IXLCell cell, ColumnKind kind, object? value)
    {
        switch (value)
        {
            case null when kind is ColumnKind.Percent:
                cell.SetValue<string>(IndianFormat.NoValue);
                cell.Style.Alignment.Horizontal = XLAlignmentHorizontalValues.Right;
                return;
            case null:
                return;
            case DateOnly date:
                cell.SetValue(date.ToDateTime(TimeOnly.MinValue)).Style.DateFormat.Format = "dd-mm-yyyy";
                return;
            case string text:
                cell.SetValue<string>(text);
                return;
        }
        var number = Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);
        switch (kind)
        {
            case ColumnKind.Percent:
                cell.SetValue(Math.Round(number, 3)).Style.NumberFormat.Format = "0.0%";
                break;
            case ColumnKind.Hours:
                cell.SetValue(Math.Round(number, MidpointRounding.AwayFromZero)).Style.NumberFormat.Format = IndianNumberFormat;
                break;
            case ColumnKind.Number:
                cell.SetValue(number).Style.NumberFormat.Format = IndianNumberFormat;
                break;
            case ColumnKind.OneDecimal:
                cell.SetValue(Math.Round(number, 1)).Style.NumberFormat.Format = "0.0";
                break;
            default:
                cell.SetValue<string>(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "");
                break;
        }
    }

    /// <summary>A file name from a page's title: letters, digits and dashes, with the date.</summary>
    public static string FileName(string title, DateOnly today)
    {
        var slug = new string(title.ToLowerInvariant().Select(ch => char.IsAsciiLetterOrDigit(ch) ? ch : '-').ToArray());
        while (slug.Contains("--")) slug = slug.Replace("--", "-");
        return $"{slug.Trim('-')}-{today:yyyy-MM-dd}.xlsx";
    }
}
