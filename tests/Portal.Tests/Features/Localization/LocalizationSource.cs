using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Portal.Tests.Features.Localization;

/// <summary>The portal's Hindi resource, glossary and pages, read from the repository as files.</summary>
internal static partial class LocalizationSource
{
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Portal.sln"))) return dir.FullName;
        throw new InvalidOperationException("Portal.sln not found above the test binaries.");
    }

    public static string WebProject => Path.Combine(RepositoryRoot(), "src", "Portal.Web");

    /// <summary>
    /// SharedText.hi.resx: English key → Hindi, found ignoring capitals as the portal looks them up (a resource file
    /// cannot hold two keys that differ only in capitals: this throws if it does).
    /// </summary>
    public static IReadOnlyDictionary<string, string> Hindi() =>
        XDocument.Load(Path.Combine(WebProject, "Resources", "SharedText.hi.resx")).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!, StringComparer.OrdinalIgnoreCase);

    public sealed record Term(string[] English, string[] Hindi);

    /// <summary>glossary.tsv: each line's English forms and accepted Hindi forms.</summary>
    public static IReadOnlyList<Term> Glossary() =>
        File.ReadAllLines(Path.Combine(WebProject, "Resources", "glossary.tsv"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Skip(1) // the header
            .Select(l => l.Split('\t'))
            .Select(c => new Term(c[0].Split('|'), c[1].Split('|')))
            .ToList();

    /// <summary>Every literal key the pages and services pass to the localizer: <c>L["..."]</c> (with C# escapes undone), by file.</summary>
    public static IEnumerable<(string File, string Key)> LiteralKeys()
    {
        foreach (var file in Directory.EnumerateFiles(WebProject, "*.*", SearchOption.AllDirectories)
                     .Where(f => (f.EndsWith(".razor") || f.EndsWith(".cs")) && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                                 && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")))
        {
            foreach (Match m in LiteralKey().Matches(File.ReadAllText(file)))
                yield return (Path.GetRelativePath(WebProject, file), Regex.Unescape(m.Groups[1].Value));
        }
    }

    [GeneratedRegex(@"\bL\[""((?:[^""\\]|\\.)*)""")]
    private static partial Regex LiteralKey();

    [GeneratedRegex(@"\{\d+\}")]
    public static partial Regex Placeholder();
}
