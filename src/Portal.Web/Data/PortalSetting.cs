namespace Portal.Web.Data;

/// <summary>A fact about this installation, stored with its data (e.g. that it holds the generated demo state).</summary>
public class PortalSetting
{
    public required string Key { get; set; }
    public required string Value { get; set; }
}

public static class PortalSettingKeys
{
    /// <summary>Present when the database was filled by the demo generator: only then may demo accounts exist.</summary>
    public const string DemoState = "demo-state";
}
