using MudBlazor;

namespace Portal.Web.Components.Layout;

/// <summary>The portal's colours, shared by the main and the sign-in layouts.</summary>
public static class PortalTheme
{
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
    };
}
