using System.Globalization;
using Portal.Web.Infrastructure.Localization;

namespace Portal.Tests.Features.Localization;

/// <summary>
/// Runs a test's block in a reader's language (the current UI culture, as a page's request or circuit carries it) and
/// puts the culture back when disposed: <c>using var _ = UiLanguage.Hindi();</c>.
/// </summary>
public sealed class UiLanguage : IDisposable
{
    private readonly CultureInfo _before = CultureInfo.CurrentUICulture;

    private UiLanguage(string culture) => CultureInfo.CurrentUICulture = new CultureInfo(culture);

    public static UiLanguage Hindi() => new(PortalLanguages.Hindi);
    public static UiLanguage English() => new(PortalLanguages.English);

    public void Dispose() => CultureInfo.CurrentUICulture = _before;
}
