namespace Portal.Web.Infrastructure.Localization;

/// <summary>
/// The <c>lang</c> of a piece of data shown in a page (a name from a roster): "hi" for Devanagari text in an English page,
/// "en" for Latin text in a Hindi page, null when it is the page's own language (no attribute is written), so that screen
/// readers and the browser's font choice read it in its own language.
/// </summary>
public static class TextLanguage
{
    public static string? Of(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        var devanagari = false;
        var latin = false;
        foreach (var c in text)
        {
            if (c is >= '\u0900' and <= '\u097F') devanagari = true;
            else if (c is >= 'A' and <= 'Z' or >= 'a' and <= 'z') latin = true;
        }
        var page = PortalLanguages.PageLang;
        if (devanagari && page != "hi") return "hi";
        if (latin && !devanagari && page == "hi") return "en";
        return null;
    }
}
