using Portal.Web.Components.Layout;

namespace Portal.Tests.Components;

/// <summary>
/// The theme's colours that carry text (white text on a filled chip or button, or the colour itself as text on white)
/// read at 4.5:1 or more (WCAG 2.1 AA, GIGW 3.0): a red "Missed deadline" chip at 3.7:1 failed it.
/// </summary>
public sealed class ThemeContrastTests
{
    public static TheoryData<string> TextCarryingColours() => new() { "Primary", "Secondary", "Error", "Success", "Info", "AppbarBackground" };

    [Theory]
    [MemberData(nameof(TextCarryingColours))]
    public void Reads_at_4_5_to_1_against_white(string name)
    {
        var palette = PortalTheme.Theme.PaletteLight;
        var colour = palette.GetType().GetProperty(name)!.GetValue(palette)!.ToString()!;

        Assert.True(ContrastWithWhite(colour) >= 4.5, $"{name} {colour} reads at {ContrastWithWhite(colour):0.00}:1 against white");
    }

    private static double ContrastWithWhite(string colour)
    {
        // MudColor prints as rgba(r,g,b,a) or #rrggbbaa depending on version: take the first three channels either way.
        var channels = colour.StartsWith('#')
            ? [Convert.ToInt32(colour[1..3], 16), Convert.ToInt32(colour[3..5], 16), Convert.ToInt32(colour[5..7], 16)]
            : colour[(colour.IndexOf('(') + 1)..colour.IndexOf(')')].Split(',').Take(3).Select(c => int.Parse(c.Trim())).ToArray();
        var luminance = channels.Select(c => c / 255.0).Select(c => c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4)).ToArray();
        var l = 0.2126 * luminance[0] + 0.7152 * luminance[1] + 0.0722 * luminance[2];
        return 1.05 / (l + 0.05);
    }
}
