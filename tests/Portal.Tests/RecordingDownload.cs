using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using MudBlazor;
using Portal.Web.Features.Access;
using Portal.Web.Infrastructure;

namespace Portal.Tests;

/// <summary>Keeps what would be sent to the browser, after the app's own export check and audit.</summary>
public sealed class RecordingDownload(IJSRuntime js, AuthenticationStateProvider authentication, ExportAccess exports, ISnackbar snackbar)
    : FileDownload(js, authentication, exports, snackbar)
{
    public List<(string Name, byte[] Content)> Files { get; } = [];

    protected override Task SaveAsync(string fileName, byte[] content, string contentType)
    {
        Files.Add((fileName, content));
        return Task.CompletedTask;
    }
}
