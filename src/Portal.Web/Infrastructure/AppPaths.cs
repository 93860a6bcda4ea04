namespace Portal.Web.Infrastructure;

/// <summary>Where the portal keeps its files, independent of the directory it was started from.</summary>
public static class AppPaths
{
    /// <summary>
    /// The project folder when run from source (so that `dotnet run` from anywhere finds the same
    /// database), the application's own folder when published.
    /// </summary>
    public static string AppFolder { get; } = FindAppFolder();

    /// <summary>The repository's root appsettings.json, copied beside the binaries at build.</summary>
    public static string RootSettingsFile => Path.Combine(AppContext.BaseDirectory, "appsettings.json");

    private static string FindAppFolder()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        // bin/<Configuration>/<tfm>/ sits three levels below the project folder.
        for (var probe = dir; probe is not null && probe != dir.Parent?.Parent?.Parent?.Parent; probe = probe.Parent)
        {
            if (File.Exists(Path.Combine(probe.FullName, "Portal.Web.csproj")))
                return probe.FullName;
        }
        return dir.FullName;
    }

    /// <summary>
    /// A published build's own folder when it is started from elsewhere (a service manager's default working directory),
    /// so that it still serves its wwwroot; null (the working directory, as usual) otherwise. Run from source, the
    /// build's static web assets manifest locates wwwroot instead.
    /// </summary>
    public static string? PublishedContentRoot()
    {
        var published = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        return !Directory.Exists(Path.Combine(Directory.GetCurrentDirectory(), "wwwroot")) && Directory.Exists(published)
            ? AppContext.BaseDirectory : null;
    }

    public static string ResolveDataPath(string path) =>
        Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(AppFolder, path));
}
