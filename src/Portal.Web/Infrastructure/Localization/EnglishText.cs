using System.Globalization;
using Microsoft.Extensions.Localization;

namespace Portal.Web.Infrastructure.Localization;

/// <summary>
/// A localizer that always answers in English (the key is the English text): for text that is a record rather than
/// something read in the reader's language, such as the audit trail, which must read the same whoever made the entry.
/// Code that builds a text for both takes an <see cref="IStringLocalizer"/> named <c>L</c> and is given this or
/// <see cref="Portal.Web.Resources.SharedText.L"/>.
/// </summary>
public sealed class EnglishText : IStringLocalizer
{
    public static readonly EnglishText L = new();

    private EnglishText() { }

    public LocalizedString this[string name] => new(name, name, resourceNotFound: false);

    public LocalizedString this[string name, params object[] arguments] =>
        new(name, string.Format(CultureInfo.InvariantCulture, name, arguments), resourceNotFound: false);

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => [];
}
