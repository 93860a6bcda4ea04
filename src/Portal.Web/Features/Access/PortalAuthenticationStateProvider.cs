using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace Portal.Web.Features.Access;

/// <summary>
/// Long-lived circuits re-check every minute that the user is still active with the same role and security stamp;
/// when not, the base class signs the circuit out and the page shows sign-in again.
/// </summary>
internal sealed class PortalAuthenticationStateProvider(ILoggerFactory loggerFactory, IServiceScopeFactory scopes)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken ct) => IsStillValidAsync(state, ct);

    internal async Task<bool> IsStillValidAsync(AuthenticationState state, CancellationToken ct)
    {
        if (state.User.GetPortalUserId() is null) return true;
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AccessService>().IsStillValidAsync(state.User, ct);
    }
}
