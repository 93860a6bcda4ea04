using Microsoft.EntityFrameworkCore;
using Portal.Web.Data;

namespace Portal.Web.Features.Dashboard;

/// <summary>The scope's figures by district, grouping, department, designation or category, from the snapshot.</summary>
public sealed class BreakdownService(IDbContextFactory<PortalDbContext> dbFactory)
{
    public static string Label(BreakdownKind kind) => kind switch
    {
        BreakdownKind.District => "District",
        BreakdownKind.Division => "Division",
        BreakdownKind.PoliceRange => "Police range",
        BreakdownKind.PoliceZone => "Police zone",
        BreakdownKind.Department => "Department",
        BreakdownKind.Designation => "Designation",
        _ => "Staff category",
    };

    public async Task<Breakdown> GetAsync(DataScope scope, BreakdownKind kind, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(scope, ct);
        // A few thousand rows even for a whole state: group them further here.
        var cells = await db.ComplianceCells
            .GroupBy(c => new { c.DistrictId, c.DepartmentId, c.DesignationId })
            .Select(g => new
            {
                g.Key.DistrictId, g.Key.DepartmentId, g.Key.DesignationId,
                Now = new Totals(g.Sum(c => c.Workforce), g.Sum(c => c.Onboarded), g.Sum(c => c.Learners), g.Sum(c => c.Completions), g.Sum(c => c.LearningMinutes), g.Sum(c => c.MandatoryCompliant)),
                WeekAgo = new Totals(g.Sum(c => c.WorkforceWeekAgo), g.Sum(c => c.OnboardedWeekAgo), g.Sum(c => c.LearnersWeekAgo), g.Sum(c => c.CompletionsWeekAgo), g.Sum(c => c.LearningMinutesWeekAgo), g.Sum(c => c.MandatoryCompliantWeekAgo)),
            })
            .ToListAsync(ct);

        Func<int, int, int, IEnumerable<(string Key, string Name, string? Detail)>> keysOf;
        switch (kind)
        {
            case BreakdownKind.District:
            {
                var names = await db.Districts
                    .Select(d => new { d.Id, d.Name, d.NameHindi, Division = d.Groupings.Where(g => g.Kind == GroupingKinds.Division).Select(g => g.Name).FirstOrDefault() })
                    .ToDictionaryAsync(d => d.Id, ct);
                keysOf = (district, _, _) => [($"d{district}", names[district].Name,
                    string.Join(" · ", new[] { names[district].NameHindi, names[district].Division is { } v ? $"{v} division" : null }.Where(x => x is not null)))];
                break;
            }
            case BreakdownKind.Division or BreakdownKind.PoliceRange or BreakdownKind.PoliceZone:
            {
                var groupingKind = kind switch { BreakdownKind.Division => GroupingKinds.Division, BreakdownKind.PoliceRange => GroupingKinds.PoliceRange, _ => GroupingKinds.PoliceZone };
                var members = await db.DistrictGroupings.Where(g => g.Kind == groupingKind)
                    .SelectMany(g => g.Districts, (g, d) => new { DistrictId = d.Id, g.Id, g.Name }).ToListAsync(ct);
                var byDistrict = members.ToLookup(m => m.DistrictId);
                var outside = $"Outside any {Label(kind).ToLowerInvariant()}";
                keysOf = (district, _, _) => byDistrict[district].Any()
                    ? byDistrict[district].Select(m => ($"g{m.Id}", m.Name, (string?)null))
                    : [("none", outside, "e.g. commissionerate cities")];
                break;
            }
            case BreakdownKind.Department:
            {
                var names = await db.Departments.Select(d => new { d.Id, d.Name }).ToDictionaryAsync(d => d.Id, d => d.Name, ct);
                keysOf = (_, department, _) => [($"p{department}", names[department], null)];
                break;
            }
            case BreakdownKind.Designation:
            {
                var names = await db.Designations.Select(d => new { d.Id, d.Name, d.Category }).ToDictionaryAsync(d => d.Id, ct);
                keysOf = (_, _, designation) => [($"r{designation}", names[designation].Name, CategoryName(names[designation].Category))];
                break;
            }
            default:
            {
                var categories = await db.Designations.Select(d => new { d.Id, d.Category }).ToDictionaryAsync(d => d.Id, d => d.Category, ct);
                keysOf = (_, _, designation) => [($"c{(int)categories[designation]}", CategoryName(categories[designation]), null)];
                break;
            }
        }

        var rows = new Dictionary<string, (string Name, string? Detail, Totals Now, Totals WeekAgo)>();
        foreach (var c in cells)
            foreach (var (key, name, detail) in keysOf(c.DistrictId, c.DepartmentId, c.DesignationId))
            {
                var (now, weekAgo) = rows.TryGetValue(key, out var r) ? (r.Now, r.WeekAgo) : (Totals.Zero, Totals.Zero);
                rows[key] = (name, detail, now + c.Now, weekAgo + c.WeekAgo);
            }

        var list = rows.Select(r => (r.Key, r.Value.Name, r.Value.Detail, Now: r.Value.Now.Figures, WeekAgo: r.Value.WeekAgo.Figures)).ToList();
        var rankNow = Ranks(list.Select(r => (r.Key, r.Now)));
        var rankWeekAgo = Ranks(list.Select(r => (r.Key, r.WeekAgo)));
        return new Breakdown(kind, list
            .Select(r => new BreakdownRow(r.Key, r.Name, r.Detail, r.Now, r.WeekAgo, rankNow[r.Key], rankWeekAgo[r.Key]))
            .OrderBy(r => r.Rank).ToList());
    }

    /// <summary>1 = highest onboarding rate; completion rate, then name order, break ties; no workforce ranks last.</summary>
    private static Dictionary<string, int> Ranks(IEnumerable<(string Key, ComplianceFigures Figures)> rows) =>
        rows.OrderByDescending(r => r.Figures.OnboardingRate ?? -1).ThenByDescending(r => r.Figures.CompletionRate ?? -1).ThenBy(r => r.Key, StringComparer.Ordinal)
            .Select((r, i) => (r.Key, Rank: i + 1)).ToDictionary(r => r.Key, r => r.Rank);

    public static string CategoryName(DesignationCategory category) => category switch
    {
        DesignationCategory.FieldStaff => "Field staff",
        DesignationCategory.Supervisory => "Supervisory",
        DesignationCategory.Officer => "Officers",
        DesignationCategory.Ministerial => "Ministerial",
        _ => "Support staff",
    };

    private sealed record Totals(int Workforce, int Onboarded, int Learners, int Completions, long Minutes, int Mandatory)
    {
        public static readonly Totals Zero = new(0, 0, 0, 0, 0, 0);
        public static Totals operator +(Totals a, Totals b) => new(a.Workforce + b.Workforce, a.Onboarded + b.Onboarded, a.Learners + b.Learners,
            a.Completions + b.Completions, a.Minutes + b.Minutes, a.Mandatory + b.Mandatory);
        public ComplianceFigures Figures => new(Workforce, Onboarded, Learners, Completions, Minutes) { MandatoryCompliant = Mandatory };
    }
}
