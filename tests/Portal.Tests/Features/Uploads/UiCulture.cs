using System.Globalization;

namespace Portal.Tests.Features.Uploads;

/// <summary>
/// Runs a test's code in a reader's language, as a page's circuit or an HTTP request would (the culture flows into
/// awaited and Task.Run work), and puts the previous culture back when disposed.
/// </summary>
public sealed class UiCulture : IDisposable
{
    private readonly CultureInfo _culture = CultureInfo.CurrentCulture, _uiCulture = CultureInfo.CurrentUICulture;

    private UiCulture(string name) => CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(name);

    public static UiCulture Hindi() => new("hi-IN");
    public static UiCulture English() => new("en-IN");

    public void Dispose()
    {
        CultureInfo.CurrentCulture = _culture;
        CultureInfo.CurrentUICulture = _uiCulture;
    }
}
