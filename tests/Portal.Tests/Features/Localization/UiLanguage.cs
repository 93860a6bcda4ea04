using System.Globalization;
using Portal.Web.Infrastructure.Localization;

namespace Portal.Tests.Features.Localization;

/// <summary>
/// Runs a test's block in a reader's language, as a page's request or circuit carries it (both cultures; they flow
/// into awaited and Task.Run work), and puts them back when disposed: <c>using var _ = UiLanguage.Hindi();</c>.
/// </summary>
public sealed class UiLanguage : IDisposable
{
    private readonly CultureInfo _culture = CultureInfo.CurrentCulture, _uiCulture = CultureInfo.CurrentUICulture;

    private UiLanguage(string culture) => CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);

    public static UiLanguage Hindi() => new(PortalLanguages.Hindi);
    public static UiLanguage English() => new(PortalLanguages.English);

    public void Dispose()
    {
        CultureInfo.CurrentCulture = _culture;
        CultureInfo.CurrentUICulture = _uiCulture;
    }
}
