using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using MudBlazor;
using Portal.Web.Features.Access;
using Portal.Web.Infrastructure.Spreadsheets;

namespace Portal.Web.Infrastructure;

/// <summary>
/// Sends a file made on the server to the user's browser from an interactive page, so an export holds exactly
/// the rows the page shows (its filters, search and sort) without a second request that could differ.
/// Every table goes through <see cref="ExportAccess"/>: the Exporter role is checked afresh and the export audited.
/// </summary>
public class FileDownload(IJSRuntime js, AuthenticationStateProvider authentication, ExportAccess exports, ISnackbar snackbar)
{
    /// <summary>
    /// Writes a table as shown (<see cref="TableWorkbook"/>) and sends it as an .xlsx file, if the signed-in user may
    /// export. The audit records the file name, the heading (which names the scope, path and filters) and the row count.
    /// False when refused (the user is told).
    /// </summary>
    public async Task<bool> SaveTableAsync<T>(string fileName, string sheetName, IReadOnlyList<string> heading, IReadOnlyList<TableColumn<T>> columns, IEnumerable<T> rows)
    {
        var what = heading.Count == 0 ? fileName : $"{fileName}: {string.Join(" | ", heading)}";
        var state = await authentication.GetAuthenticationStateAsync();
        var user = await exports.CheckAsync(state.User, what);
        if (user is null)
        {
            snackbar.Add("Your role may not export. Ask your state admin if you need this data.", Severity.Error);
            return false;
        }
        var shown = rows as IReadOnlyCollection<T> ?? rows.ToList();
        var content = TableWorkbook.Write(sheetName, heading, columns, shown);
        await exports.RecordAsync(user, what, shown.Count);
        await SaveAsync(fileName, content, TableWorkbook.ContentType);
        return true;
    }

    /// <summary>Hands the bytes to the browser; only <see cref="SaveTableAsync{T}"/> calls it, after the check.</summary>
    protected virtual async Task SaveAsync(string fileName, byte[] content, string contentType)
    {
        using var stream = new DotNetStreamReference(new MemoryStream(content));
        await js.InvokeVoidAsync("portalDownload", fileName, contentType, stream);
    }
}
