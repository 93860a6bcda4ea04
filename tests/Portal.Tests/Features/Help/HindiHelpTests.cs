using System.Text.RegularExpressions;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Portal.Tests.Features.Uploads;
using Portal.Web.Features.Help;
using Portal.Web.Features.Rosters;
using Portal.Tests.Features.Localization;

namespace Portal.Tests.Features.Help;

/// <summary>
/// docs/formats.hi.md and docs/igot-reports.hi.md: the Hindi help says what the English says, section for section,
/// with the contract's column names as the files have them; a Hindi reader gets it, an English reader the English.
/// </summary>
public sealed partial class HindiHelpTests
{
    public static TheoryData<string> Documents => new() { HelpMarkdown.Formats, HelpMarkdown.IgotReports };

    private static string[] Headings(string markdown, int level) =>
        markdown.Split('\n').Where(l => l.StartsWith(new string('#', level) + " ")).ToArray();

    /// <summary>The table rows of a document, as cells.</summary>
    private static List<string[]> TableRows(string markdown) =>
        markdown.Split('\n').Where(l => l.StartsWith('|') && !l.StartsWith("|---"))
            .Select(l => l.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray()).ToList();

    [Theory]
    [MemberData(nameof(Documents))]
    public void The_Hindi_document_has_the_same_sections_tables_and_code_as_the_English_one(string resource)
    {
        var english = HelpMarkdown.Read(resource);
        var hindi = HelpMarkdown.Read(HelpMarkdown.Hindi(resource));

        for (var level = 1; level <= 3; level++)
            Assert.Equal(Headings(english, level).Length, Headings(hindi, level).Length);
        Assert.Equal(TableRows(english).Select(r => r.Length), TableRows(hindi).Select(r => r.Length));
        // File names, examples and values in `code` are what the uploader types or sees: the same in both.
        Assert.Equal(Code().Matches(english).Select(m => m.Value).Order(), Code().Matches(hindi).Select(m => m.Value).Order());
        Assert.Matches("[\u0900-\u097F]", string.Join("", Headings(hindi, 2)));
    }

    [Fact]
    public void The_Hindi_columns_table_keeps_each_contract_column_and_its_accepted_headers_verbatim()
    {
        var rows = TableRows(HelpMarkdown.Read(HelpMarkdown.Hindi(HelpMarkdown.Formats)))
            .Where(cells => cells.Length == 3 && cells[1] is "हाँ" or "नहीं").ToDictionary(cells => cells[0]);

        Assert.Equal(RosterColumns.All.Select(c => c.DisplayName).Order(), rows.Keys.Order());
        foreach (var column in RosterColumns.All)
        {
            Assert.Equal(column.Required ? "हाँ" : "नहीं", rows[column.DisplayName][1]);
            Assert.Equal(column.Names, rows[column.DisplayName][2].Split(", "));
        }
    }

    [Fact]
    public void The_Hindi_igot_columns_table_accepts_the_same_column_names_as_the_English_one()
    {
        // The one three-column table, less its heading row (worded in each language).
        static string[] Accepted(string markdown) => TableRows(markdown).Where(r => r.Length == 3).Skip(1).Select(r => r[1]).ToArray();
        Assert.Equal(Accepted(HelpMarkdown.Read(HelpMarkdown.IgotReports)), Accepted(HelpMarkdown.Read(HelpMarkdown.Hindi(HelpMarkdown.IgotReports))));
    }

    [Fact]
    public void A_Hindi_reader_gets_the_Hindi_help_and_an_English_reader_the_English()
    {
        using var ctx = new BunitContext();
        ctx.Services.AddLocalization();

        string[] hindi, english;
        using (UiLanguage.Hindi())
        {
            var page = ctx.Render<FormatsHelpPage>();
            hindi = page.FindAll("h2").Select(h => h.TextContent).ToArray();
            Assert.Contains("Employee Code", page.Find("table").TextContent);
            Assert.DoesNotContain("lang=\"en\"", page.Markup);
        }
        using (UiLanguage.English()) english = ctx.Render<FormatsHelpPage>().FindAll("h2").Select(h => h.TextContent).ToArray();

        Assert.Equal(["कर्मचारी रोस्टर (Staff roster)", "iGOT प्रगति रिपोर्ट (iGOT progress reports)"], hindi);
        Assert.Equal(["Staff roster", "iGOT progress reports"], english);
    }

    [GeneratedRegex("`[^`]+`")]
    private static partial Regex Code();
}
