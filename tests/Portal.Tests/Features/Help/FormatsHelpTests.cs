using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Portal.Web.Features.Help;
using Portal.Web.Features.Rosters;

namespace Portal.Tests.Features.Help;

/// <summary>docs/formats.md, as embedded and shown at /help/formats, says what the import reads.</summary>
public sealed class FormatsHelpTests
{
    private static readonly string Markdown = HelpMarkdown.Read(HelpMarkdown.Formats);

    [Fact]
    public void The_columns_table_names_every_column_the_import_reads_with_exactly_its_accepted_headers()
    {
        var rows = Markdown.Split('\n').Where(l => l.StartsWith('|'))
            .Select(l => l.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray())
            .Where(cells => cells.Length == 3 && cells[1] is "yes" or "no")
            .ToDictionary(cells => cells[0]);

        Assert.Equal(RosterColumns.All.Select(c => c.DisplayName).Order(), rows.Keys.Order());
        foreach (var column in RosterColumns.All)
        {
            var cells = rows[column.DisplayName];
            Assert.Equal(column.Required ? "yes" : "no", cells[1]);
            Assert.Equal(column.Names, cells[2].Split(", "));
        }
    }

    [Fact]
    public void The_page_shows_the_document_as_headings_and_tables()
    {
        using var ctx = new BunitContext();
        // Every page takes its words from the shared localizer (the app registers it with the feature services).
        ctx.Services.AddLocalization();

        var page = ctx.Render<FormatsHelpPage>();

        Assert.Equal(["Staff roster", "iGOT progress reports"], page.FindAll("h2").Select(h => h.TextContent));
        var columns = page.FindAll("table").First();
        Assert.Equal(["column", "required", "accepted headers"], columns.QuerySelectorAll("th").Select(th => th.TextContent));
        Assert.Equal(RosterColumns.All.Count, columns.QuerySelectorAll("tbody tr").Length);
        Assert.Contains("कर्मचारी कोड", columns.TextContent);
        Assert.Contains("<code>.xlsx</code>", page.Markup);
    }

    [Fact]
    public void Markup_in_the_text_is_shown_as_text()
    {
        var html = HelpMarkdown.ToHtml("# A <b>title</b>\n\nSee `<script>` and **bold** and *this*.\n\n- one\n  continued\n- two\n\n| a | b |\n|---|---|\n| <i>x</i> | y |\n");

        Assert.Equal(
            "<h1 id=\"a-b-title-b\">A &lt;b&gt;title&lt;/b&gt;</h1>\n" +
            "<p>See <code>&lt;script&gt;</code> and <strong>bold</strong> and <em>this</em>.</p>\n" +
            "<ul>\n<li>one continued</li>\n<li>two</li>\n</ul>\n" +
            "<table><thead><tr><th>a</th><th>b</th></tr></thead><tbody>\n<tr><td>&lt;i&gt;x&lt;/i&gt;</td><td>y</td></tr>\n</tbody></table>\n",
            html);
    }
}
