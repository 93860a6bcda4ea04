namespace Portal.Web.Resources;

/// <summary>
/// The portal's words, one shared resource for every page: <c>IStringLocalizer&lt;SharedText&gt;</c>, injected as <c>L</c>.
/// The key is the English text itself, so a page reads as it shows in English and a text with no Hindi yet shows in
/// English (never a blank or a key name). The Hindi is in SharedText.hi.resx and follows the glossary (glossary.tsv);
/// tests/Portal.Tests/Features/Localization checks both.
/// </summary>
public sealed class SharedText;
