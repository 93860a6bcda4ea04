using MudBlazor;

namespace Portal.Web.Components.Layout;

/// <summary>The portal's colours, shared by the main and the sign-in layouts.</summary>
public static class PortalTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight { Primary = "#1a3c6e", Secondary = "#e4761b", AppbarBackground = "#1a3c6e" },
    };
}
