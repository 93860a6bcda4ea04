using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Portal.Web.Data;
using Portal.Web.Features.Dashboard;
using Portal.Web.Features.ReviewPack;
using Portal.Web.Infrastructure;
using Portal.Web.Infrastructure.Localization;
using Portal.Web.Resources;

namespace Portal.Tests.Features.Localization;

/// <summary>The Hindi resource against the pages that use it and against the glossary.</summary>
public sealed class HindiResourceTests
{
    private static readonly IReadOnlyDictionary<string, string> Hindi = LocalizationSource.Hindi();

    /// <summary>The keys the pages build from values (roles, groups, breakdown kinds...), which no L["..."] spells out.</summary>
    internal static IEnumerable<string> ComputedKeys()
    {
        foreach (var word in Words.All) yield return word;
        foreach (var kind in Enum.GetValues<BreakdownKind>())
        {
            yield return BreakdownService.Label(kind);
            yield return BreakdownTable.Plural(new Breakdown(kind, []));
        }
        foreach (var grouping in new[] { GroupingKinds.Division, GroupingKinds.PoliceRange, GroupingKinds.PoliceZone, GroupingKinds.Commissionerate })
        {
            yield return grouping;
            yield return BreakdownTable.Plural(new Breakdown(BreakdownKind.Grouping, []) { RowLabel = grouping });
        }
        foreach (var status in Enum.GetValues<StatusFilter>())
        {
            yield return EmployeeListPanel.StatusChoice(status);
            yield return EmployeeListPanel.StatusWords(status);
        }
        yield return Portal.Web.Features.DemoData.DemoStateMarker.Notice;
        // The iGOT upload's refusals kept as English constants (tests use them), given through SharedText.L.
        yield return Portal.Web.Features.Progress.IgotReportFile.RosterOnProgressMessage;
        yield return Portal.Web.Features.Progress.IgotReportFile.IgotReportOnRostersMessage;
        yield return Portal.Web.Features.Progress.IgotReportFile.NoPasswordMessage;
        yield return Portal.Web.Features.Progress.IgotReportFile.WrongPasswordMessage;
        foreach (var report in Enum.GetValues<Portal.Web.Features.Progress.IgotReportKind>())
            yield return Portal.Web.Features.Progress.IgotReportColumns.Describe(report);
        // The ACR workbook's sheet names and headings (but its contract columns, written in English in every language).
        yield return Portal.Web.Features.Acr.AcrWorkbook.EmployeesSheet;
        yield return Portal.Web.Features.Acr.AcrWorkbook.SummarySheet;
        yield return Portal.Web.Features.Acr.AcrWorkbook.CoursesSheet;
        foreach (var column in Portal.Web.Features.Acr.AcrWorkbook.EmployeeColumns.Concat(Portal.Web.Features.Acr.AcrWorkbook.CourseColumns)
                     .Where(c => !Portal.Web.Features.Acr.AcrWorkbook.ContractColumns.Contains(c)))
            yield return column;
        // The review pack's sheets, headings and the words its cells look up (the contract's columns are English everywhere).
                foreach (var sheet in new[] { ReviewPackWorkbook.HeadlineSheet, ReviewPackWorkbook.DepartmentsSheet, ReviewPackWorkbook.CampaignsSheet, ReviewPackWorkbook.FreshnessSheet, ReviewPackWorkbook.NotRanked, ReviewPackWorkbook.NoWeekAgoNote })
            yield return sheet;
        var empty = new UploadFreshness(14, new DateOnly(2026, 12, 1), [], null, null);
        foreach (var column in ReviewPackWorkbook.RankedColumns(new Breakdown(BreakdownKind.District, []) { RowLabel = "District" })
                     .Concat<object>(ReviewPackWorkbook.CampaignColumns).Concat(ReviewPackWorkbook.FreshnessColumns(empty)))
            yield return column switch
            {
                Portal.Web.Infrastructure.Spreadsheets.TableColumn<BreakdownRow> c => c.Header,
                Portal.Web.Infrastructure.Spreadsheets.TableColumn<PackCampaign> c when c == ReviewPackWorkbook.ReachedInPaceDaysColumn => ReviewPackWorkbook.ReachedInPaceDays,
                Portal.Web.Infrastructure.Spreadsheets.TableColumn<PackCampaign> c => c.Header,
                Portal.Web.Infrastructure.Spreadsheets.TableColumn<FreshnessRow> c => c.Header,
                _ => throw new InvalidOperationException(),
            };
        foreach (var headline in new[] { "Workforce", "Onboarded on iGOT", "Onboarding rate", "Employees with a completion", "Completion rate", "Course completions", "Learning hours", "Mandatory compliance" })
            yield return headline;
        foreach (var status in Enum.GetValues<Portal.Web.Features.Campaigns.CampaignStatus>())
            yield return Portal.Web.Features.Campaigns.CampaignFigures.StatusText(status);
        yield return "not at this pace";
        yield return "—";
        foreach (var key in HandedOverKeys()) yield return key;
    }

    /// <summary>
    /// Texts the code keeps in a value and a page or service then localizes (<c>L[p.Message]</c>, <c>L[kind.Name]</c>,
    /// <c>T("...")</c>): status and metric words, column headings, report kinds, validation messages, help titles.
    /// </summary>
    private static IEnumerable<string> HandedOverKeys()
    {
        foreach (var status in Enum.GetValues<Portal.Web.Features.Campaigns.CampaignStatus>()) yield return Portal.Web.Features.Campaigns.CampaignFigures.StatusText(status);
        foreach (var metric in Enum.GetValues<CampaignMetric>()) yield return Portal.Web.Features.Campaigns.CampaignMetrics.Label(metric);
        foreach (var by in new[] { Portal.Web.Features.Acr.AcrPrescribedBy.Mandatory, Portal.Web.Features.Acr.AcrPrescribedBy.CbPlan, Portal.Web.Features.Acr.AcrPrescribedBy.Mandatory | Portal.Web.Features.Acr.AcrPrescribedBy.CbPlan })
            yield return Portal.Web.Features.Acr.AcrWorkbook.PrescribedBy(by);
        foreach (var state in Enum.GetValues<Portal.Web.Features.Acr.AcrCourseState>())
            yield return new Portal.Web.Features.Acr.AcrPrescribedCourse(0, "", default, false, default, null, state).StateText;
        // The CB plan page's upload history names an outcome by its enum name.
        foreach (var outcome in Enum.GetValues<ImportOutcome>()) yield return outcome.ToString();
        yield return BreakdownService.NoOffice;
        yield return Portal.Web.Features.ReviewPack.ReviewPackWorkbook.NoWeekAgoNote;
        // The review pack's campaign status while a campaign is still being counted (chosen in the localizer's brackets).
        yield return "Being counted: see the campaign page later";
        var headings = new KeyRecorder();
        _ = BreakdownTable.Columns("", headings);
        foreach (var key in headings.Keys) yield return key;
        // A report kind's name (the kinds are DI services; their Name needs none of what they are built with).
        var reportKind = typeof(Portal.Web.Features.Subscriptions.IScheduledReport);
        foreach (var kind in reportKind.Assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && reportKind.IsAssignableFrom(t)))
            yield return ((Portal.Web.Features.Subscriptions.IScheduledReport)System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(kind)).Name;
        // Validation messages the pages show as L[problem], and the help pages' titles, read where they are raised.
        const string literal = "\"((?:[^\"\\\\]|\\\\.)*)\"";
        foreach (var (file, pattern) in new[]
                 {
                     ("Features/Campaigns/CampaignService.cs", @"problems\.Add\(new\([^,]+,\s*" + literal + @"\)\)"),
                     ("Features/Courses/CourseCatalogueService.cs", @"(?:problems\.Add\(|return \[)" + literal),
                     ("Features/Help/FormatsHelpPage.razor", @"Entry\(HelpMarkdown\.\w+,\s*" + literal + @"\)"),
                 })
        {
            var path = Path.Combine(LocalizationSource.WebProject, file);
            if (!File.Exists(path)) continue;
            foreach (Match m in Regex.Matches(File.ReadAllText(path), pattern)) yield return Regex.Unescape(m.Groups[1].Value);
        }
    }

    /// <summary>A localizer that answers each text with itself and remembers which texts were asked for.</summary>
    private sealed class KeyRecorder : IStringLocalizer
    {
        public List<string> Keys { get; } = [];
        public LocalizedString this[string name] { get { Keys.Add(name); return new(name, name); } }
        public LocalizedString this[string name, params object[] arguments] { get { Keys.Add(name); return new(name, string.Format(CultureInfo.InvariantCulture, name, arguments)); } }
        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => [];
    }

    [Fact]
    public void Every_text_the_pages_localize_has_its_Hindi()
    {
        var literal = LocalizationSource.LiteralKeys().ToList();
        Assert.True(literal.Count > 100, $"Only {literal.Count} localized texts found: is the scan still finding L[\"...\"]?");
        var missing = literal.Where(k => !Hindi.ContainsKey(k.Key)).Select(k => $"{k.File}: \"{k.Key}\"")
            .Concat(ComputedKeys().Where(k => !Hindi.ContainsKey(k)).Select(k => $"(computed): \"{k}\""))
            .Distinct().ToList();
        Assert.True(missing.Count == 0, "No Hindi in SharedText.hi.resx for:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void Each_Hindi_text_has_the_placeholders_of_its_English()
    {
        var wrong = Hindi.Where(e => !Placeholders(e.Key).SequenceEqual(Placeholders(e.Value)))
            .Select(e => $"\"{e.Key}\" → \"{e.Value}\"").ToList();
        Assert.True(wrong.Count == 0, "Placeholders differ:\n" + string.Join("\n", wrong));

        static IEnumerable<string> Placeholders(string text) =>
            LocalizationSource.Placeholder().Matches(text).Select(m => m.Value).Order(StringComparer.Ordinal);
    }

    [Fact]
    public void The_Hindi_uses_the_glossary_term_wherever_the_English_uses_the_term()
    {
        var glossary = LocalizationSource.Glossary();
        Assert.Contains(glossary, t => t.English.Contains("district") && t.Hindi.Contains("जनपद"));
        var breaches = new List<string>();
        foreach (var (english, hindi) in Hindi)
        foreach (var term in glossary)
        {
            var used = term.English.Any(form => Regex.IsMatch(english, $@"\b{Regex.Escape(form)}(?:s|es)?\b", RegexOptions.IgnoreCase));
            if (used && !term.Hindi.Any(hindi.Contains))
                breaches.Add($"\"{english}\" → \"{hindi}\": uses '{string.Join("|", term.English)}' but not '{string.Join("|", term.Hindi)}'");
        }
        Assert.True(breaches.Count == 0, "Off-glossary Hindi:\n" + string.Join("\n", breaches));
    }

    [Fact]
    public void The_glossary_check_would_catch_an_off_glossary_word()
    {
        // The check above, on a made-up entry that says जिला where the glossary says जनपद.
        var district = LocalizationSource.Glossary().Single(t => t.English.Contains("district"));
        Assert.Matches($@"(?i)\b{district.English[0]}(?:s|es)?\b", "Districts");
        Assert.DoesNotContain(district.Hindi, "जिले का नाम".Contains);
    }

    [Fact]
    public void The_localizer_gives_Hindi_for_hi_IN_and_English_for_en_IN_or_a_text_with_no_Hindi()
    {
        using var services = new ServiceCollection().AddLogging().AddPortalFeatures().BuildServiceProvider();
        var text = services.GetRequiredService<IStringLocalizer<SharedText>>();
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo(PortalLanguages.Hindi);
            Assert.Equal("जनपद", text["District"]);
            Assert.Equal("7 दिनों में +1,234", text["{0} in 7 days", "+" + IndianFormat.Number(1234)]);
            var untranslated = text["A text that has no Hindi yet"];
            Assert.True(untranslated.ResourceNotFound);
            Assert.Equal("A text that has no Hindi yet", untranslated.Value);

            Assert.Equal("जनपद", SharedText.L["District"]);
            // A word in a sentence finds the Hindi of its capitalised key (a resource file cannot hold both).
            Assert.Equal(text["Not onboarded"].Value, text["not onboarded"].Value);
            Assert.False(text["not onboarded"].ResourceNotFound);

            CultureInfo.CurrentUICulture = new CultureInfo(PortalLanguages.English);
            Assert.Equal("District", text["District"]);
            Assert.Equal("District", SharedText.L["District"]);
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }
}
