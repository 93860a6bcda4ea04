using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

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
    /// The same resource for text built where nothing is injected (row parsers, workbook writers, file checks):
    /// <c>SharedText.L[english, args]</c> answers in the current UI culture, which is the reader's language on a
    /// page (a Blazor circuit and an HTTP request both carry it) and English in the command line.
    /// </summary>
    public static IStringLocalizer L { get; } =
        new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance)
            .Create(typeof(SharedText));
}
