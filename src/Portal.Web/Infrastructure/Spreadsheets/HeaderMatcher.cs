using System.Text;
using Portal.Web.Resources;

namespace Portal.Web.Infrastructure.Spreadsheets;

/// <summary>A column of an upload contract: its field, whether it is required, and the header names accepted.</summary>
public sealed record ColumnSpec(string Field, bool Required, params string[] Names)
{
    public string DisplayName => Names[0];
}

/// <summary>Where each known field is in a sheet, and what else was there.</summary>
public sealed record HeaderMap(ISheet Sheet, int HeaderRowNumber, IReadOnlyDictionary<string, int> Columns,
    IReadOnlyList<string> Headers, IReadOnlyList<string> IgnoredColumns)
{
    public int? ColumnOf(string field) => Columns.TryGetValue(field, out var c) ? c : null;
}

/// <summary>
/// The header rules of formats.md: a header matches a column when, after trimming, folding case and removing
/// spaces, dots, underscores, hyphens and brackets, it equals one of the column's names. The header row is the
/// first row within the first 10 rows of the first sheet that has one in which every required column is found.
/// </summary>
public static class HeaderMatcher
{
    public const int RowsToSearch = 10;
    /// <summary>Headers named in messages and in the ignored-columns list: the first 50, each cut to 60 characters.</summary>
    private const int MaxIgnoredListed = 50;

    private static string Short(string text) => text.Length > 60 ? text[..60] + "…" : text;

    public static string Key(string header)
    {
        // Fast path for plain ASCII (most cells): no normalisation needed.
        if (System.Text.Ascii.IsValid(header))
        {
            Span<char> buffer = header.Length <= 256 ? stackalloc char[header.Length] : new char[header.Length];
            var n = 0;
            foreach (var ch in header)
            {
                if (ch is ' ' or '\t' or '\r' or '\n' or '.' or '_' or '-' or '(' or ')' or '[' or ']' or '{' or '}') continue;
                buffer[n++] = ch is >= 'A' and <= 'Z' ? (char)(ch + 32) : ch;
            }
            return new string(buffer[..n]);
        }
        var text = header.Normalize(NormalizationForm.FormC);
        var key = new StringBuilder(text.Length);
        foreach (var ch in text)
        {
            if (char.IsWhiteSpace(ch) || ch is '.' or '_' or '-' or '(' or ')' or '[' or ']' or '{' or '}' or '\u200C' or '\u200D' or '\uFEFF') continue;
            key.Append(char.ToLowerInvariant(ch));
        }
        return key.ToString();
    }

    /// <summary>
    /// Finds the header row and hands back the sheet's remaining rows through <paramref name="dataRows"/>
    /// (the sheet is read once, so the rows after the header continue the same enumeration).
    /// </summary>
    public static HeaderMap Find(ISpreadsheet book, IReadOnlyList<ColumnSpec> columns, string fileName, out IEnumerator<RawRow> dataRows, CancellationToken ct = default)
    {
        var lookup = new Dictionary<string, ColumnSpec>();
        foreach (var column in columns)
            foreach (var name in column.Names)
                lookup.TryAdd(Key(name), column);

        (string Sheet, int Row, List<string> Headers, int Matched)? best = null;
        foreach (var sheet in book.Sheets)
        {
            var rows = sheet.ReadRows(ct).GetEnumerator();
            var seen = 0;
            while (seen < RowsToSearch && rows.MoveNext())
            {
                var row = rows.Current;
                seen++;
                var found = new Dictionary<string, int>();
                var headers = new List<string>();
                var ignored = new List<string>();
                for (var c = 0; c < row.Cells.Length; c++)
                {
                    var text = row.Cells[c].Text.Trim();
                    headers.Add(text);
                    if (text.Length == 0) continue;
                    if (lookup.TryGetValue(Key(text), out var spec) && !found.ContainsKey(spec.Field)) found[spec.Field] = c;
                    else if (ignored.Count < MaxIgnoredListed) ignored.Add(lookup.ContainsKey(Key(text)) ? SharedText.L["{0} (repeats {1})", text, lookup[Key(text)].DisplayName].Value : Short(text));
                }
                if (columns.Where(c => c.Required).All(c => found.ContainsKey(c.Field)))
                {
                    dataRows = rows;
                    return new HeaderMap(sheet, row.RowNumber, found, headers, ignored);
                }
                var matched = found.Count;
                if (matched > 0 && (best is null || matched > best.Value.Matched))
                    best = (sheet.Name, row.RowNumber, headers.Where(h => h.Length > 0).Take(MaxIgnoredListed).Select(Short).ToList(), matched);
            }
            rows.Dispose();
        }

        var required = string.Join(", ", columns.Where(c => c.Required).Select(c => c.DisplayName));
        if (best is { } b)
        {
            var present = b.Headers.Select(Key).ToHashSet();
            var missing = columns.Where(c => c.Required && !c.Names.Any(n => present.Contains(Key(n)))).Select(c => c.DisplayName);
            // The column names are the contract's (English, as the file must have them); the words around them are the uploader's.
            throw new FileProblemException(SharedText.L["The file '{0}' is missing the required column(s) {1}. The closest header row is row {2} of sheet '{3}', which has: {4}. Required columns: {5}.",
                fileName, string.Join(", ", missing), b.Row, b.Sheet, string.Join(", ", b.Headers), required]);
        }
        var hint = LooksSemicolonSeparated(book) ? SharedText.L[" It looks separated by semicolons: save it as \"CSV UTF-8 (Comma delimited)\"."].Value : "";
        throw new FileProblemException(SharedText.L["No header row found in '{0}': the first {1} rows of its sheets do not name the required columns {2}.{3} Download the template to see the expected headers.",
            fileName, RowsToSearch, required, hint]);
    }

    private static bool LooksSemicolonSeparated(ISpreadsheet book) =>
        book.Sheets.Count == 1 && book.Sheets[0].ReadRows().Take(1).Any(r => r.Cells.Length == 1 && r.Cells[0].Text.Count(c => c == ';') >= 2);

    /// <summary>Excel's column letters for a 0-based index: 0 → A, 27 → AB.</summary>
    public static string ColumnLetter(int index)
    {
        var letters = "";
        for (var i = index + 1; i > 0; i = (i - 1) / 26) letters = (char)('A' + (i - 1) % 26) + letters;
        return letters;
    }
}
