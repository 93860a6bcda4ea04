using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using Microsoft.Identity.Web;
using Portal.Web.Data;

namespace Portal.Web.Features.Access;

/// <summary>Which sign-in the portal uses: Microsoft Entra ID when `AzureAd` is configured, else local accounts.</summary>
public sealed record SignInMode(bool UsesEntraId)
{
    public string Description => UsesEntraId
        ? "Microsoft Entra ID (organisational accounts)"
        : "Local demo accounts (Microsoft Entra ID is not configured)";

    public static SignInMode From(IConfiguration configuration) =>
        new(!string.IsNullOrWhiteSpace(configuration["AzureAd:ClientId"]));
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
        return mode;
    }

    public static SignInMode AddPortalAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        var mode = services.AddPortalAccess(configuration);
        services.AddScoped<CurrentUser>();
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
        var objectId = principal.FindFirstValue("http://schemas.microsoft.com/identity/claims/objectidentifier") ?? principal.FindFirstValue("oid");
        var email = principal.FindFirstValue("preferred_username") ?? principal.FindFirstValue(ClaimTypes.Email) ?? principal.FindFirstValue(ClaimTypes.Upn);
        var access = context.HttpContext.RequestServices.GetRequiredService<AccessService>();
        var user = await access.MapEntraAccountAsync(objectId, email);
        if (user is null)
        {
            context.Response.Redirect($"{NotAuthorisedPath}?account={Uri.EscapeDataString(email ?? objectId ?? "")}");
            context.HandleResponse();
            return;
        }
        context.Principal = new ClaimsPrincipal(PortalClaims.CreateIdentity(user, principal.Identity?.AuthenticationType ?? "Entra"));
    }

    /// <summary>Every request re-checks that the user is still active and keeps the same role.</summary>
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

    /// <summary>Only paths inside the portal, never another site.</summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//") && !returnUrl.StartsWith("/\\") ? returnUrl : "/";
}
