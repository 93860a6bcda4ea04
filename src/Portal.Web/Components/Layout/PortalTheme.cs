using MudBlazor;

namespace Portal.Web.Components.Layout;

/// <summary>The portal's colours and type, shared by the main and the sign-in layouts.</summary>
public static class PortalTheme
{
    /// <summary>
    /// Latin text in the usual sans-serif fonts; Devanagari (Hindi names, the Hindi pages) in Noto Sans Devanagari, which the
    /// portal serves itself (wwwroot/fonts, declared in app.css for the Devanagari range only), so Hindi never shows as boxes
    /// on a PC that has no Devanagari font.
    /// </summary>
    public static readonly string[] FontFamily = ["Roboto", "Helvetica", "Arial", "Noto Sans Devanagari", "sans-serif"];

    public static readonly MudTheme Theme = new()
    {
        // Every colour that carries text (white on a filled chip, or itself as text on white) reads at 4.5:1 or more
        // (WCAG AA): MudBlazor's defaults (error #f44336, success #00c853, info #2196f3, the saffron #e4761b) do not.
        // Warning stays orange: MudBlazor writes dark text on it.
        PaletteLight = new PaletteLight
        {
            Primary = "#1a3c6e", Secondary = "#b8560f", AppbarBackground = "#1a3c6e",
            Error = "#c62828", Success = "#2e7d32", Info = "#1565c0",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = FontFamily },
            H1 = new H1Typography { FontFamily = FontFamily },
            H2 = new H2Typography { FontFamily = FontFamily },
            H3 = new H3Typography { FontFamily = FontFamily },
            H4 = new H4Typography { FontFamily = FontFamily },
            H5 = new H5Typography { FontFamily = FontFamily },
            H6 = new H6Typography { FontFamily = FontFamily },
            Subtitle1 = new Subtitle1Typography { FontFamily = FontFamily },
            Subtitle2 = new Subtitle2Typography { FontFamily = FontFamily },
            Body1 = new Body1Typography { FontFamily = FontFamily },
            Body2 = new Body2Typography { FontFamily = FontFamily },
            Button = new ButtonTypography { FontFamily = FontFamily },
            Caption = new CaptionTypography { FontFamily = FontFamily },
            Overline = new OverlineTypography { FontFamily = FontFamily },
        },
    };
}
