using System.Globalization;
using ClosedXML.Excel;
using Portal.Web.Infrastructure.Spreadsheets;

namespace Portal.Web.Features.Rosters;

/// <summary>
/// The rejected rows given back as the uploader sent them: their own header and columns, an "Errors" column,
/// the bad cells highlighted. They fix the rows there and upload the workbook again (the extra column is ignored).
/// </summary>
public static class ErrorWorkbook
{
    public const string ErrorsHeader = "Errors";

    internal static void Write(string path, HeaderMap header, IReadOnlyList<(RawRow Row, List<CellError> Errors)> rejected)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet(SafeSheetName(header.Sheet.Name));
        var width = Math.Max(header.Headers.Count, rejected.Count == 0 ? 0 : rejected.Max(r => r.Row.Cells.Length));
        var errorsColumn = width + 1;

        for (var c = 0; c < header.Headers.Count; c++) sheet.Cell(1, c + 1).SetValue<string>(header.Headers[c]);
        sheet.Cell(1, errorsColumn).SetValue<string>(ErrorsHeader);
        sheet.Row(1).Style.Font.Bold = true;
        sheet.Cell(1, errorsColumn).Style.Font.FontColor = XLColor.DarkRed;

        var r = 2;
        foreach (var (row, errors) in rejected)
        {
            for (var c = 0; c < row.Cells.Length; c++) SetCell(sheet.Cell(r, c + 1), row.Cells[c]);
            foreach (var error in errors)
            {
                if (header.ColumnOf(error.Field) is { } c)
                    sheet.Cell(r, c + 1).Style.Fill.BackgroundColor = XLColor.FromHtml("#FFC7CE");
            }
            var text = $"[row {row.RowNumber}] " + string.Join(" ", errors.Select(e => e.Message));
            sheet.Cell(r, errorsColumn).SetValue<string>(text);
            sheet.Cell(r, errorsColumn).Style.Font.FontColor = XLColor.DarkRed;
            r++;
        }

        // AdjustToContents needs GDI+, which Linux servers lack: fixed widths.
        for (var c = 1; c <= width; c++) sheet.Column(c).Width = 18;
        sheet.Column(errorsColumn).Width = 80;
        sheet.Column(errorsColumn).Style.Alignment.WrapText = true;
        sheet.SheetView.FreezeRows(1);
        workbook.SaveAs(path);
    }

    private static void SetCell(IXLCell cell, RawCell raw)
    {
        switch (raw.Kind)
        {
            case CellKind.Number when double.TryParse(raw.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n):
                cell.SetValue(n);
                break;
            case CellKind.Date when double.TryParse(raw.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is >= 1 and < 2958466:
                cell.SetValue(DateTime.FromOADate(serial));
                cell.Style.DateFormat.Format = "dd-mm-yyyy";
                break;
            case CellKind.Boolean:
                cell.SetValue(raw.Text == "TRUE");
                break;
            case CellKind.Empty:
                break;
            default:
                // Text stays text: "00123" keeps its zeros.
                cell.SetValue<string>(raw.Text);
                break;
        }
    }

    private static string SafeSheetName(string name)
    {
        var clean = new string(name.Where(ch => ch is not ('[' or ']' or ':' or '*' or '?' or '/' or '\\')).ToArray());
        return string.IsNullOrWhiteSpace(clean) ? "Rejected rows" : clean.Length > 31 ? clean[..31] : clean;
    }
}
