using Microsoft.AspNetCore.Components.Forms;

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

    public void Dispose()
    {
        try { File.Delete(Path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
