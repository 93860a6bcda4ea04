using Microsoft.AspNetCore.Components.Forms;
using Portal.Web.Resources;

namespace Portal.Web.Features.Uploads;

/// <summary>
/// A file chosen in the browser, received into a temporary file (a few hundred MB do not fit a circuit's memory),
/// with progress. The caller deletes <see cref="Path"/> when done with it (Dispose does).
/// </summary>
public sealed class BrowserUpload : IDisposable
{
    public string Path { get; }

    private BrowserUpload(string path) => Path = path;

    /// <param name="report">Told the bytes received and the file's size, as they arrive.</param>
    public static async Task<BrowserUpload> ReceiveAsync(IBrowserFile file, long limit, Func<long, long, Task> report, CancellationToken ct)
    {
        var upload = new BrowserUpload(System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"portal-upload-{Guid.NewGuid():N}"));
        try
        {
            await using var target = File.Create(upload.Path);
            await using var source = file.OpenReadStream(limit, ct);
            var buffer = new byte[81920];
            long copied = 0;
            int read;
            while ((read = await source.ReadAsync(buffer, ct)) > 0)
            {
                await target.WriteAsync(buffer.AsMemory(0, read), ct);
                copied += read;
                await report(copied, file.Size);
            }
            return upload;
        }
        catch
        {
            upload.Dispose();
            throw;
        }
    }

    /// <summary>
    /// What an upload page does with a chosen file: receive it (showing the bytes on <paramref name="progress"/>) and have it
    /// previewed. A file over <paramref name="limit"/>, an upload stopped by the user, or one that could not be received
    /// is recorded by <paramref name="refuse"/> with the reason (a failed batch in the history), never lost. A user who
    /// may no longer upload gets the <see cref="UnauthorizedAccessException"/>.
    /// </summary>
    public static async Task<TResult> PreviewAsync<TResult>(IBrowserFile file, long limit, UploadProgressView progress, string checkingText,
        Func<string, Task<TResult>> preview, Func<string, Task<TResult>> refuse, CancellationToken ct)
    {
        if (file.Size > limit)
            return await refuse(SharedText.L["The file '{0}' is {1}; the limit is {2}. Ask the state admin to import it from the command line.",
                file.Name, Infrastructure.Spreadsheets.SpreadsheetFile.Megabytes(file.Size), Infrastructure.Spreadsheets.SpreadsheetFile.Megabytes(limit)]);
        BrowserUpload? upload = null;
        try
        {
            upload = await ReceiveAsync(file, limit, (copied, size) => progress.ShowAsync(
                SharedText.L["Uploading {0}: {1} of {2}", file.Name, Infrastructure.Spreadsheets.SpreadsheetFile.Megabytes(copied), Infrastructure.Spreadsheets.SpreadsheetFile.Megabytes(size)],
                size == 0 ? 1 : (double)copied / size), ct);
            await progress.ShowAsync(checkingText, 0, force: true);
            return await preview(upload.Path);
        }
        catch (OperationCanceledException)
        {
            return await refuse(SharedText.L["The upload was stopped before it finished; nothing was imported."]);
        }
        catch (IOException ex)
        {
            return await refuse(SharedText.L["The file could not be received: {0} Try again.", ex.Message]);
        }
        finally
        {
            upload?.Dispose();
        }
    }

    public void Dispose()
    {
        try { File.Delete(Path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
