using Microsoft.AspNetCore.Components.Authorization;
using Portal.Web.Data;

namespace Portal.Web.Features.Access;

/// <summary>The signed-in user of this circuit (or request), with a scope read fresh from the database.</summary>
public sealed class CurrentUser(AuthenticationStateProvider authentication, AccessService access)
{
    public async Task<SignedInUser?> GetAsync(CancellationToken ct = default)
    {
        var state = await authentication.GetAuthenticationStateAsync();
        return await access.GetSignedInUserAsync(state.User, ct);
    }

    /// <summary>The data scope to pass to services; nothing when no portal user is signed in.</summary>
    public async Task<DataScope> GetScopeAsync(CancellationToken ct = default) => (await GetAsync(ct))?.Scope ?? DataScope.Nothing;
}
