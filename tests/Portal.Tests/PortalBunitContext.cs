using Bunit;

namespace Portal.Tests;

/// <summary>
/// A bUnit context that xUnit disposes asynchronously: MudBlazor registers services that are
/// IAsyncDisposable only, which the synchronous Dispose cannot release.
/// </summary>
public abstract class PortalBunitContext : BunitContext, IAsyncLifetime
{
    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();
}
