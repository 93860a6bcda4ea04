using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.EntityFrameworkCore;
using Portal.Web.Data;

namespace Portal.Web.Infrastructure;

/// <summary>
/// What makes the web host fit to run as Production behind a TLS proxy: static assets served in every environment,
/// forwarded headers from trusted proxies only, HSTS, security headers with a real Content-Security-Policy, and
/// data-protection keys (cookies, antiforgery) kept in the database so that every instance accepts the others' cookies.
/// </summary>
public static class WebHardening
{
    /// <summary>Shared by every instance on the same database: keys are looked up by application name.</summary>
    public const string ApplicationName = "karmayogi-portal";

    /// <summary>The per-request nonce (HttpContext.Items) that lets the one inline script, the import map, run.</summary>
    public const string CspNonceKey = "csp-nonce";

    public static WebApplicationBuilder AddWebHardening(this WebApplicationBuilder builder)
    {
        // `dotnet run` builds but does not publish: MudBlazor's CSS, blazor.web.js and the fingerprinted assets are found
        // through the build's static web assets manifest, which ASP.NET Core reads only in Development by default.
        // A published app has no such manifest (this is then a no-op) and serves the files from its own wwwroot.
        if (!builder.Environment.IsDevelopment()) builder.WebHost.UseStaticWebAssets();

        builder.Services.Configure<ForwardedHeadersOptions>(options => ConfigureForwardedHeaders(options, builder.Configuration.GetSection("ForwardedHeaders")));
        builder.Services.AddHsts(options =>
        {
            options.MaxAge = TimeSpan.FromDays(365);
            options.IncludeSubDomains = false; // other state services may share the parent domain over plain HTTP
        });

        // A context the data-protection key store resolves from a scope; it is created with DataScope.Nothing, so it
        // reads no staff data even if something else asks for it. Services keep using IDbContextFactory.
        builder.Services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContext());
        builder.Services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToDbContext<PortalDbContext>();
        return builder;
    }

    /// <summary>
    /// The pipeline before authentication: trusted forwarded headers first (so that the scheme is HTTPS behind a TLS
    /// proxy and cookies are Secure), then error pages, HSTS outside Development, security headers on every response.
    /// </summary>
    public static WebApplication UseWebHardening(this WebApplication app)
    {
        app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
            app.UseHsts();
        }
        app.Use(AddSecurityHeaders);
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        return app;
    }

    /// <summary>/health: the status for anyone (load balancers), the checks' details only for a signed-in portal user.</summary>
    public static IEndpointConventionBuilder MapPortalHealth(this IEndpointRouteBuilder app) =>
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = HealthResponse.WriteAsync }).AllowAnonymous();

    private static void ConfigureForwardedHeaders(ForwardedHeadersOptions options, IConfigurationSection section)
    {
        // Only the client address and the scheme: the host name is not taken from a header (AllowedHosts applies).
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        options.ForwardLimit = section.GetValue<int?>("ForwardLimit") ?? 1;
        // Loopback is trusted by default (a proxy on the same server); add the proxy's address or network otherwise.
        foreach (var proxy in section.GetSection("KnownProxies").Get<string[]>() ?? [])
            options.KnownProxies.Add(IPAddress.Parse(proxy));
        foreach (var network in section.GetSection("KnownNetworks").Get<string[]>() ?? [])
            options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
    }

    private static Task AddSecurityHeaders(HttpContext context, Func<Task> next)
    {
        // Hex, not base64: nothing in it is escaped when written into the page, so the page says what the header says.
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        context.Items[CspNonceKey] = nonce;
        var entraHost = EntraSignInOrigin(context.RequestServices.GetRequiredService<IConfiguration>());
        var host = context.Request.Host.Value;
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = string.Join("; ",
                "default-src 'self'",
                // Blazor Server needs no eval; the import map is the one inline script and carries the nonce.
                $"script-src 'self' 'nonce-{nonce}'",
                // MudBlazor sets style attributes on its components.
                "style-src 'self' 'unsafe-inline'",
                "img-src 'self' data:",
                "font-src 'self' data:",
                // The circuit's WebSocket, to this host only (older browsers do not count ws: as 'self').
                $"connect-src 'self' ws://{host} wss://{host}",
                "object-src 'none'",
                "frame-ancestors 'none'",
                "base-uri 'self'",
                // Sign-in and sign-out forms redirect to Microsoft Entra ID when it is configured.
                "form-action 'self'" + (entraHost is null ? "" : " " + entraHost));
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            return Task.CompletedTask;
        });
        return next();
    }

    private static string? EntraSignInOrigin(IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration["AzureAd:ClientId"])) return null;
        var instance = configuration["AzureAd:Instance"];
        return Uri.TryCreate(string.IsNullOrWhiteSpace(instance) ? "https://login.microsoftonline.com/" : instance, UriKind.Absolute, out var uri)
            ? uri.GetLeftPart(UriPartial.Authority) : null;
    }
}
