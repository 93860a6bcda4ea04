using System.Resources;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;

namespace Portal.Web.Resources;

/// <summary>
/// The portal's words, one shared resource for every page: <c>IStringLocalizer&lt;SharedText&gt;</c>, injected as <c>L</c>.
/// The key is the English text itself, so a page reads as it shows in English and a text with no Hindi yet shows in
/// English (never a blank or a key name). The Hindi is in SharedText.hi.resx and follows the glossary (glossary.tsv);
/// tests/Portal.Tests/Features/Localization checks both.
/// </summary>
public sealed class SharedText
{
    /// <summary>
    /// The resource, looked up ignoring capitals: a resource file cannot hold two keys that differ only in capitals (the
    /// build silently keeps one), and Hindi has none, so "not onboarded" in a sentence finds the Hindi of "Not onboarded".
    /// </summary>
    private static readonly ResourceManager Resources =
        new(typeof(SharedText).FullName!, typeof(SharedText).Assembly) { IgnoreCase = true };

    /// <summary>
    /// The same resource for text built where nothing is injected (row parsers, workbook writers, file checks):
    /// <c>SharedText.L[english, args]</c> answers in the current UI culture, which is the reader's language on a
    /// page (a Blazor circuit and an HTTP request both carry it) and English in the command line.
    /// </summary>
    public static IStringLocalizer L { get; } = new ResourceManagerStringLocalizer(
        Resources, typeof(SharedText).Assembly, typeof(SharedText).FullName!, new ResourceNamesCache(), NullLogger.Instance);
}

/// <summary><c>IStringLocalizer&lt;SharedText&gt;</c> for injection: <see cref="SharedText.L"/>.</summary>
public sealed class SharedTextLocalizer : IStringLocalizer<SharedText>
{
    public LocalizedString this[string name] => SharedText.L[name];

    public LocalizedString this[string name, params object[] arguments] => SharedText.L[name, arguments];

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => SharedText.L.GetAllStrings(includeParentCultures);
}
