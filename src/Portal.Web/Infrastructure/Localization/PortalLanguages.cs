using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Portal.Web.Features.Access;

namespace Portal.Web.Infrastructure.Localization;

/// <summary>The "Portal" section's language settings: the language a browser gets before its user picks one.</summary>
public sealed class LanguageOptions
{
    /// <summary>en-IN or hi-IN (Portal:DefaultLanguage).</summary>
    public string DefaultLanguage { get; set; } = PortalLanguages.English;
}

/// <summary>
/// English and Hindi. The language is the request's culture, set from the user's cookie (else the configured default);
/// an interactive page keeps the culture of the request that opened its connection, so switching goes through
/// <c>/language</c>, which sets the cookie and reloads the page.
/// </summary>
public static class PortalLanguages
{
    public const string English = "en-IN";
    public const string Hindi = "hi-IN";
    public const string CookieName = "karmayogi.language";
    public const string SwitchPath = "/language";

    /// <summary>The languages offered, each named in its own language (a reader looks for their own).</summary>
    public static readonly IReadOnlyList<(string Culture, string Name)> Offered = [(English, "English"), (Hindi, "हिन्दी")];

    public static bool IsHindi(CultureInfo culture) => culture.TwoLetterISOLanguageName == "hi";

    /// <summary>The page's <c>lang</c>: "hi" or "en".</summary>
    public static string PageLang => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "hi" ? "hi" : "en";

    public static IServiceCollection AddPortalLocalization(this IServiceCollection services, IConfiguration? configuration)
    {
        var options = configuration?.GetSection("Portal").Get<LanguageOptions>() ?? new LanguageOptions();
        if (!Offered.Any(l => l.Culture == options.DefaultLanguage))
            throw new InvalidOperationException($"Portal:DefaultLanguage is '{options.DefaultLanguage}'; it must be {English} or {Hindi}.");
        services.AddSingleton(options);
        // No resources path: SharedText's resources sit beside it (Resources/SharedText.hi.resx).
        services.AddLocalization();
        services.AddSingleton<Microsoft.Extensions.Localization.IStringLocalizer<Resources.SharedText>, Resources.SharedTextLocalizer>();
        return services;
    }

    /// <summary>Culture from the language cookie, else the configured default; nothing else (the browser's language is not asked).</summary>
    public static WebApplication UsePortalLocalization(this WebApplication app)
    {
        var defaults = app.Services.GetRequiredService<LanguageOptions>();
        string[] cultures = [.. Offered.Select(l => l.Culture)];
        var options = new RequestLocalizationOptions()
            .SetDefaultCulture(defaults.DefaultLanguage)
            .AddSupportedCultures(cultures)
            .AddSupportedUICultures(cultures);
        options.RequestCultureProviders = [new CookieRequestCultureProvider { CookieName = CookieName }];
        app.UseRequestLocalization(options);
        return app;
    }

    /// <summary>
    /// GET /language?culture=hi-IN&amp;returnUrl=/x: remembers the choice in a cookie for a year and goes back to the page,
    /// which loads again in the new language. A plain link, so it works before (and without) the page's connection.
    /// </summary>
    public static IEndpointConventionBuilder MapLanguageSwitch(this IEndpointRouteBuilder app) =>
        app.MapGet(SwitchPath, (HttpContext http, string? culture, string? returnUrl) =>
        {
            if (Offered.Any(l => l.Culture == culture))
            {
                http.Response.Cookies.Append(CookieName,
                    CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture!)),
                    new CookieOptions
                    {
                        Expires = DateTimeOffset.UtcNow.AddYears(1),
                        HttpOnly = true,
                        SameSite = SameSiteMode.Lax,
                        Secure = http.Request.IsHttps,
                        IsEssential = true,
                        Path = "/",
                    });
            }
            return Results.LocalRedirect(SignInSetup.SafeReturnUrl(returnUrl));
        }).AllowAnonymous();

    /// <summary>The address of the switch to <paramref name="culture"/> that comes back to <paramref name="returnUrl"/> (a path in the portal).</summary>
    public static string SwitchUrl(string culture, string returnUrl) =>
        $"{SwitchPath}?culture={Uri.EscapeDataString(culture)}&returnUrl={Uri.EscapeDataString(returnUrl)}";
}
