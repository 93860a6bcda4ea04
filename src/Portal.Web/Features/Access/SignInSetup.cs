using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using Microsoft.Identity.Web;
using Portal.Web.Data;

namespace Portal.Web.Features.Access;

/// <summary>
/// Which sign-in the portal uses: Microsoft Entra ID when `AzureAd` is configured, else local accounts.
/// <paramref name="EntraTenantId"/>: the one tenant whose accounts may sign in, when `AzureAd:TenantId` names one
/// (a GUID; "common" and "organizations" name none).
/// </summary>
public sealed record SignInMode(bool UsesEntraId, string? EntraTenantId = null)
{
    public string Description => UsesEntraId
        ? "Microsoft Entra ID (organisational accounts)"
        : "Local demo accounts (Microsoft Entra ID is not configured)";

    public static SignInMode From(IConfiguration configuration) =>
        new(!string.IsNullOrWhiteSpace(configuration["AzureAd:ClientId"]),
            Guid.TryParse(configuration["AzureAd:TenantId"], out var tenant) ? tenant.ToString("D") : null);
}

public static class SignInSetup
{
    public const string LoginPath = "/account/login";
    public const string DeniedPath = "/account/denied";
    public const string NotAuthorisedPath = "/account/not-authorised";

    /// <summary>What the web host and the command line share: the sign-in mode, the password hasher, the access service.</summary>
    public static SignInMode AddPortalAccess(this IServiceCollection services, IConfiguration configuration)
    {
        var mode = SignInMode.From(configuration);
        services.AddSingleton(mode);
        services.AddSingleton<IPasswordHasher<PortalUser>, PasswordHasher<PortalUser>>();
        services.AddTransient<AccessService>();
        services.AddSingleton<Portal.Web.Features.DemoData.DemoStateMarker>();
        return mode;
    }

    public static SignInMode AddPortalAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        var mode = services.AddPortalAccess(configuration);
        services.AddScoped<CurrentUser>();
        services.AddSingleton(SignInThrottle.From(configuration));
        services.AddCascadingAuthenticationState();
        services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, PortalAuthenticationStateProvider>();

        if (mode.UsesEntraId)
        {
            services.AddAuthentication(OpenIdConnectDefaults.AuthenticationScheme)
                .AddMicrosoftIdentityWebApp(configuration.GetSection("AzureAd"));
            services.Configure<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme, options =>
            {
                var previous = options.Events.OnTokenValidated;
                options.Events.OnTokenValidated = async context =>
                {
                    await previous(context);
                    await MapToPortalUserAsync(context);
                };
            });
        }
        else
        {
            services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie();
        }

        services.Configure<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme, options =>
        {
            options.LoginPath = LoginPath;
            options.AccessDeniedPath = DeniedPath;
            options.Cookie.Name = "karmayogi.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            // Secure whenever the request is HTTPS; plain http://localhost demos still sign in.
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            options.SlidingExpiration = true;
            options.Events.OnValidatePrincipal = ValidatePrincipalAsync;
        });
        return mode;
    }

    /// <summary>Entra ID sign-in: only accounts that are portal users get the portal's claims; others see "not authorised".</summary>
    private static async Task MapToPortalUserAsync(Microsoft.AspNetCore.Authentication.OpenIdConnect.TokenValidatedContext context)
    {
        var principal = context.Principal!;
        var account = EntraAccount.From(principal);
        var services = context.HttpContext.RequestServices;
        var user = await services.GetRequiredService<AccessService>().MapEntraAccountAsync(account, services.GetRequiredService<SignInMode>().EntraTenantId);
        if (user is null)
        {
            var shown = account.Email ?? account.ObjectId ?? "";
            context.Response.Redirect($"{NotAuthorisedPath}?account={Uri.EscapeDataString(shown.Length > AccessService.MaxLoginLength ? shown[..AccessService.MaxLoginLength] : shown)}");
            context.HandleResponse();
            return;
        }
        context.Principal = new ClaimsPrincipal(PortalClaims.CreateIdentity(user, principal.Identity?.AuthenticationType ?? "Entra"));
    }

    /// <summary>Every request re-checks that the user is still active with the same role and security stamp (one lookup by key).</summary>
    private static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal?.GetPortalUserId() is null) return;
        if (!await context.HttpContext.RequestServices.GetRequiredService<AccessService>().IsStillValidAsync(context.Principal))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }

    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/account").AllowAnonymous();

        // Entra ID: start the OpenID Connect challenge.
        account.MapGet("/signin", (string? returnUrl, SignInMode mode) => mode.UsesEntraId
            ? Results.Challenge(new AuthenticationProperties { RedirectUri = SafeReturnUrl(returnUrl) }, [OpenIdConnectDefaults.AuthenticationScheme])
            : Results.LocalRedirect(LoginPath));

        account.MapPost("/logout", async (HttpContext http, SignInMode mode, AccessService access, Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http)) return Results.BadRequest("The sign-out form has expired: reload the page and try again.");
            if (http.User.Identity?.IsAuthenticated == true)
                await access.AuditAsync(http.User.Identity.Name ?? "unknown", AuditActions.SignOut, null);
            if (mode.UsesEntraId)
                return Results.SignOut(new AuthenticationProperties { RedirectUri = "/" },
                    [CookieAuthenticationDefaults.AuthenticationScheme, OpenIdConnectDefaults.AuthenticationScheme]);
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect(LoginPath);
        });
    }

    /// <summary>
    /// Only paths inside the portal, never another site: the framework's local-URL rule (no `//`, no `/\`, no control
    /// characters), and rooted at `/` (not `~/`) because the login page hands it to the NavigationManager.
    /// </summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        returnUrl is not null && returnUrl.StartsWith('/') && Microsoft.AspNetCore.Http.HttpResults.RedirectHttpResult.IsLocalUrl(returnUrl) ? returnUrl : "/";
}
