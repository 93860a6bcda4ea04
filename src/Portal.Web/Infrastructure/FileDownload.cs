using Microsoft.JSInterop;
using Portal.Web.Infrastructure.Spreadsheets;

namespace Portal.Web.Infrastructure;

/// <summary>
/// Sends a file made on the server to the user's browser from an interactive page, so an export holds exactly
/// the rows the page shows (its filters, search and sort) without a second request that could differ.
/// </summary>
public class FileDownload(IJSRuntime js)
{
    /// <summary>Writes a table as shown (<see cref="TableWorkbook"/>) and sends it as an .xlsx file.</summary>
    public Task SaveTableAsync<T>(string fileName, string sheetName, IReadOnlyList<string> heading, IReadOnlyList<TableColumn<T>> columns, IEnumerable<T> rows) =>
        SaveAsync(fileName, TableWorkbook.Write(sheetName, heading, columns, rows), TableWorkbook.ContentType);

    public virtual async Task SaveAsync(string fileName, byte[] content, string contentType)
    {
        using var stream = new DotNetStreamReference(new MemoryStream(content));
        await js.InvokeVoidAsync("portalDownload", fileName, contentType, stream);
    }
}
