namespace Portal.Tests.Infrastructure.Spreadsheets;

/// <summary>Reaches the reader's date-format rule (internal to the app; visible to the tests).</summary>
internal static class XlsxSpreadsheetProbe
{
    public static bool IsDateFormat(int id, string? code) => Portal.Web.Infrastructure.Spreadsheets.XlsxSpreadsheet.IsDateFormat(id, code);
}
