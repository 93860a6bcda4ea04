using System.Text.RegularExpressions;

namespace Portal.Tests.Data;

/// <summary>
/// Every place that reads across data scopes, listed with why. A new unscoped context, a new query across scopes
/// or a new IgnoreQueryFilters fails this test until it is added here, so reading around the scope is always a decision.
/// </summary>
public sealed class ScopeAllowListTests
{
    private const string Unscoped = "CreateUnscopedDbContextAsync(";
    private const string Across = ".AcrossScopes()";
    private const string Ignore = "IgnoreQueryFilters";

    private static readonly (string File, string Use, int Count, string Why)[] Allowed =
    [
        ("Data/PortalDbContext.cs", Unscoped, 1, "the definition"),
        ("Data/PortalDbContext.cs", Ignore, 1, "AcrossScopes itself: the one call of IgnoreQueryFilters"),
        ("Data/DatabaseInitializer.cs", Unscoped, 2, "start-up: seeding and checking the schema's data for the whole state"),
        ("Data/DatabaseHealthCheck.cs", Unscoped, 1, "health probe: one query, no user"),
        ("Features/Access/DemoUsers.cs", Unscoped, 1, "seeds the demo accounts"),
        ("Features/DemoData/DemoStateGenerator.cs", Unscoped, 3, "writes the demo state"),
        ("Features/Snapshot/ComplianceAggregator.cs", Unscoped, 2, "the compliance snapshot counts the whole state"),
        ("Features/Snapshot/ComplianceAggregator.cs", Across, 14, "the snapshot's SQL without the filters' terms and joins (the enrolment filter joins the employees)"),
        ("Features/Snapshot/ComplianceRefresher.cs", Unscoped, 1, "decides whether the snapshot is stale from every upload"),
        ("Features/Rosters/RosterUpload.cs", Unscoped, 1, "an import's lookups of codes, districts and offices across the state; the user's staff are read by a second, scoped context"),
        ("Features/Progress/ProgressUpload.cs", Unscoped, 1, "a report's rows are matched against the whole roster, so another office's staff are recognised (counted as outside the scope, never written or shown)"),
        ("Features/CbPlans/CbPlanUpload.cs", Unscoped, 1, "the CB plan report's rows are matched against the whole roster like the progress report's, so another office's staff are recognised (counted as outside the scope, never written or shown)"),
        ("Features/Uploads/ImportFileRetention.cs", Unscoped, 1, "deletes every user's expired upload files"),
        ("Features/Rosters/RosterTemplate.cs", Unscoped, 1, "the template lists every district and department name of the state"),
        ("Features/Campaigns/CampaignService.cs", Across, 1, "the cache version moves with anyone's upload, not only the reader's"),
        ("Features/Courses/CourseCatalogueService.cs", Across, 2, "a StateAdmin's course edit re-credits every completion of the course and marks every district for a recount"),
        ("Features/Dashboard/BreakdownService.cs", Across, 3, "names of district, department and office keys already read in scope"),
        ("Features/ReviewPack/ReviewPackService.cs", Across, 1, "upload freshness: when and by whom anyone's roster or iGOT report for the reader's districts was committed (kind, uploader, time; never the files)"),
    ];

    [Fact]
    public void Reads_across_scopes_are_only_the_listed_ones()
    {
        var root = SourceRoot();
        var found = new List<(string File, string Use, int Count)>();
        foreach (var path in Directory.EnumerateFiles(root, "*.*", SearchOption.AllDirectories)
                     .Where(p => p.EndsWith(".cs", StringComparison.Ordinal) || p.EndsWith(".razor", StringComparison.Ordinal))
                     .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")))
        {
            var text = File.ReadAllText(path);
            var file = Path.GetRelativePath(root, path).Replace('\\', '/');
            foreach (var use in new[] { Unscoped, Across, Ignore })
            {
                var count = Regex.Matches(text, Regex.Escape(use)).Count;
                if (count > 0) found.Add((file, use, count));
            }
        }

        var unexpected = found.Where(f => !Allowed.Any(a => a.File == f.File && a.Use == f.Use && a.Count == f.Count))
            .Select(f => $"{f.File}: {f.Count} × {f.Use}").ToList();
        var gone = Allowed.Where(a => !found.Any(f => f.File == a.File && f.Use == a.Use && f.Count == a.Count))
            .Select(a => $"{a.File}: {a.Count} × {a.Use} ({a.Why})").ToList();
        Assert.True(unexpected.Count == 0, "Reads across data scopes not in the allow-list (add each with its reason, or use a scoped context):\n" + string.Join("\n", unexpected));
        Assert.True(gone.Count == 0, "Allow-list entries that no longer match the code (update the list):\n" + string.Join("\n", gone));
    }

    private static string SourceRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var web = Path.Combine(dir.FullName, "src", "Portal.Web");
            if (Directory.Exists(web)) return web;
        }
        throw new DirectoryNotFoundException("src/Portal.Web not found above " + AppContext.BaseDirectory);
    }
}
