using System.Xml;

namespace Portal.Web.Infrastructure.Spreadsheets;

/// <summary>Sheet names that Excel opens: both workbooks the portal writes name a sheet after text it does not control.</summary>
public static class SheetNames
{
    private const int MaxLength = 31;

    /// <summary>
    /// <paramref name="name"/> made acceptable to Excel, which refuses a sheet name over 31 characters, with any of
    /// <c>[]:*?/\</c>, or starting or ending with an apostrophe; characters XML cannot hold are dropped too, since the
    /// name is written into the workbook's XML. <paramref name="fallback"/> when nothing is left.
    /// </summary>
    public static string Safe(string name, string fallback)
    {
        var clean = new string(name.Where(XmlConvert.IsXmlChar).Select(ch => "[]:*?/\\".Contains(ch) ? ' ' : ch).ToArray()).Trim(' ', '\'');
        if (clean.Length > MaxLength) clean = clean[..(char.IsHighSurrogate(clean[MaxLength - 1]) ? MaxLength - 1 : MaxLength)].TrimEnd(' ', '\'');
        return clean.Length == 0 ? fallback : clean;
    }
}
