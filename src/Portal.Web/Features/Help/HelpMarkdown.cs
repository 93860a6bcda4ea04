using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Portal.Web.Features.Help;

/// <summary>
/// The users' documentation in <c>docs/</c>, shown in the portal. The files are embedded in the assembly (the portal serves
/// nothing from <c>docs/</c>), so the page and the repository cannot say different things.
/// </summary>
public static partial class HelpMarkdown
{
    /// <summary>docs/formats.md: the upload formats.</summary>
    public const string Formats = "Portal.Web.docs.formats.md";
    public const string IgotReports = "Portal.Web.docs.igot-reports.md";

    /// <summary>
    /// The Hindi version of a document (docs/x.hi.md beside docs/x.md: the same sections, the contract's column names
    /// kept in English as the files must have them).
    /// </summary>
    public static string Hindi(string resource) => resource[..^".md".Length] + ".hi.md";

    public static string Read(string resource)
    {
        using var stream = typeof(HelpMarkdown).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The help text {resource} is not embedded in the portal.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// The subset of Markdown the docs use — headings, paragraphs, bullet lists, pipe tables, `code`, **bold**, *italic* —
    /// as HTML. Every piece of text is HTML-encoded first, so the output holds no markup the file did not ask for by
    /// that syntax; links are not supported (the page has none to follow).
    /// </summary>
    public static string ToHtml(string markdown)
    {
        var html = new StringBuilder();
        var lines = markdown.Replace("\r\n", "\n").Split('\n');
        var paragraph = new List<string>();
        void FlushParagraph()
        {
            if (paragraph.Count == 0) return;
            html.Append("<p>").Append(Inline(string.Join(" ", paragraph))).Append("</p>\n");
            paragraph.Clear();
        }

        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd();
            if (line.Length == 0) { FlushParagraph(); continue; }
            if (HeadingPattern().Match(line) is { Success: true } heading)
            {
                FlushParagraph();
                var level = heading.Groups[1].Length;
                var text = heading.Groups[2].Value;
                html.Append($"<h{level} id=\"{Anchor(text)}\">{Inline(text)}</h{level}>\n");
            }
            else if (line.StartsWith('|'))
            {
                FlushParagraph();
                var header = Cells(line);
                var rows = new List<string[]>();
                // The line under the header (|---|---|) only marks it as a table.
                if (i + 1 < lines.Length && SeparatorPattern().IsMatch(lines[i + 1].Trim())) i++;
                while (i + 1 < lines.Length && lines[i + 1].TrimStart().StartsWith('|')) rows.Add(Cells(lines[++i]));
                html.Append("<table><thead><tr>");
                foreach (var cell in header) html.Append("<th>").Append(Inline(cell)).Append("</th>");
                html.Append("</tr></thead><tbody>\n");
                foreach (var row in rows)
                {
                    html.Append("<tr>");
                    foreach (var cell in row) html.Append("<td>").Append(Inline(cell)).Append("</td>");
                    html.Append("</tr>\n");
                }
                html.Append("</tbody></table>\n");
            }
            else if (line.StartsWith("- "))
            {
                FlushParagraph();
                html.Append("<ul>\n");
                var item = new StringBuilder(line[2..]);
                while (true)
                {
                    var next = i + 1 < lines.Length ? lines[i + 1] : "";
                    if (next.StartsWith("  ") && next.Trim().Length > 0) { item.Append(' ').Append(next.Trim()); i++; continue; }
                    html.Append("<li>").Append(Inline(item.ToString())).Append("</li>\n");
                    if (!next.StartsWith("- ")) break;
                    item.Clear().Append(next[2..]);
                    i++;
                }
                html.Append("</ul>\n");
            }
            else paragraph.Add(line.Trim());
        }
        FlushParagraph();
        return html.ToString();
    }

    private static string[] Cells(string line)
    {
        var trimmed = line.Trim();
        if (trimmed.StartsWith('|')) trimmed = trimmed[1..];
        if (trimmed.EndsWith('|')) trimmed = trimmed[..^1];
        return trimmed.Split('|').Select(c => c.Trim()).ToArray();
    }

    private static string Inline(string text)
    {
        // Code spans first, so that * and _ inside them stay as typed.
        var parts = text.Split('`');
        var html = new StringBuilder();
        for (var k = 0; k < parts.Length; k++)
        {
            var encoded = WebUtility.HtmlEncode(parts[k]);
            if (k % 2 == 1 && k < parts.Length - 1) html.Append("<code>").Append(encoded).Append("</code>");
            else html.Append(ItalicPattern().Replace(BoldPattern().Replace(encoded, "<strong>$1</strong>"), "<em>$1</em>"));
        }
        return html.ToString();
    }

    private static string Anchor(string heading) =>
        string.Join("-", NonWordPattern().Split(heading.ToLowerInvariant()).Where(w => w.Length > 0));

    [GeneratedRegex(@"^(#{1,4})\s+(.+)$")]
    private static partial Regex HeadingPattern();

    [GeneratedRegex(@"^\|?\s*:?-{3,}")]
    private static partial Regex SeparatorPattern();

    [GeneratedRegex(@"\*\*(.+?)\*\*")]
    private static partial Regex BoldPattern();

    [GeneratedRegex(@"(?<![\w*])\*([^*\s][^*]*?)\*(?![\w*])")]
    private static partial Regex ItalicPattern();

    [GeneratedRegex(@"[^\p{L}\p{N}]+")]
    private static partial Regex NonWordPattern();
}
