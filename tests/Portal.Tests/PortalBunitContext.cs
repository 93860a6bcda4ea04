using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Infrastructure;

namespace Portal.Tests;

/// <summary>
/// A bUnit context wired like the app (MudBlazor, feature services, policies) over a real SQLite
/// database. xUnit disposes it asynchronously: MudBlazor registers services that are IAsyncDisposable only.
/// </summary>
public abstract class PortalBunitContext : BunitContext, IAsyncLifetime
{
    protected PortalBunitContext(TestDatabase db, bool usesEntraId = false)
    {
        Db = db;
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<IDbContextFactory<PortalDbContext>>(db.Factory);
        Services.AddSingleton(new SignInMode(usesEntraId));
        Services.AddSingleton<IPasswordHasher<PortalUser>, PasswordHasher<PortalUser>>();
        Services.AddTransient<AccessService>();
        Services.AddScoped<CurrentUser>();
        Services.AddPortalFeatures();
        Services.AddPortalAuthorization();
        Services.AddScoped<FileDownload>();
    }

    protected TestDatabase Db { get; }

    /// <summary>Signs in as a portal user of the test database, with the claims the real sign-in gives.</summary>
    protected void SignInAs(string login)
    {
        var role = (PortalRole)Db.Scalar($"SELECT Role FROM Users WHERE LoginName = '{login}'");
        var auth = AddAuthorization();
        auth.SetAuthorized(login);
        auth.SetRoles(role.ToString());
        auth.SetClaims(new Claim(PortalClaims.UserId, Db.UserId(login).ToString()));
        // bUnit's fake answers policies from SetPolicies; put the app's real policy evaluation back,
        // so AuthorizeView is judged by the real policies on the real claims.
        Services.AddTransient<IAuthorizationService, DefaultAuthorizationService>();
        Services.AddSingleton<IAuthorizationPolicyProvider, DefaultAuthorizationPolicyProvider>();
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();
}
