using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace Portal.Web.Infrastructure;

public static class PortalConfiguration
{
    /// <summary>
    /// Loads the repository's root appsettings.json as the lowest-priority source, so that
    /// appsettings.{Environment}.json, environment variables and the command line still override it.
    /// </summary>
    public static void AddRootAppSettings(this IConfigurationManager configuration)
    {
        var file = AppPaths.RootSettingsFile;
        configuration.Sources.Insert(0, new JsonConfigurationSource
        {
            FileProvider = new PhysicalFileProvider(Path.GetDirectoryName(file)!),
            Path = Path.GetFileName(file),
            Optional = false,
            ReloadOnChange = false,
        });
    }
}

/// <summary>The "State" section: which state this portal serves (its name heads the whole-state dashboard).</summary>
public sealed class StateOptions
{
    public string Name { get; set; } = "The state";
}
