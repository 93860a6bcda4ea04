using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Portal.Web.Data;
using Portal.Web.Features.Snapshot;

namespace Portal.Web.Features.Dashboard;

/// <summary>
/// The figures of one dashboard view (<see cref="DashboardView"/>): the totals of the drill-down step with its
/// filters, and its rows (districts, groupings, departments, designations, categories or offices), all summed
/// from the compliance snapshot's cells in one grouped query. The user's scope is applied by the context.
/// </summary>
public sealed class BreakdownService(IDbContextFactory<PortalDbContext> dbFactory, ComplianceRefresher? refresher = null, DashboardOptions? options = null)
{
    public static string Label(BreakdownKind kind) => kind switch
    {
        BreakdownKind.District => "District",
        BreakdownKind.Grouping => "Grouping",
        BreakdownKind.Department => "Department",
        BreakdownKind.Designation => "Designation",
        BreakdownKind.Office => "Office",
        _ => "Staff category",
    };

    /// <summary>The state-level breakdown of the scope, with no path or filters.</summary>
    public async Task<Breakdown> GetAsync(DataScope scope, BreakdownKind kind, CancellationToken ct = default) =>
        (await GetAsync(scope, new DashboardView { By = kind }, ct))!;

    /// <summary>The state-level breakdown of the scope by one kind of district grouping (e.g. "Police Range").</summary>
    public async Task<Breakdown?> GetByGroupingAsync(DataScope scope, string groupingKind, CancellationToken ct = default) =>
        await GetAsync(scope, new DashboardView { By = BreakdownKind.Grouping, GroupingKind = groupingKind }, ct);

    /// <summary>The view's figures; null when a step of its path is not in the user's scope (or does not exist).</summary>
    public async Task<Breakdown?> GetAsync(DataScope scope, DashboardView view, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(scope, ct);
        var path = await PathAsync(db, view, ct);
        if (path is null) return null;

        var snapshot = await ComplianceSnapshots.LatestAsync(db, ct);
        if (snapshot is null || snapshot.Stale) refresher?.Request(snapshot is null ? "no snapshot yet" : "an import committed after the last snapshot");

        var kind = view.RowKind;
        string? groupingKind = null;
        if (kind == BreakdownKind.Grouping)
        {
            // The URL names the kind by its slug; a kind the state does not have falls back to districts, like any mistyped "by".
            var kinds = await db.DistrictGroupings.Select(g => g.Kind).Distinct().ToListAsync(ct);
            groupingKind = kinds.FirstOrDefault(k => DashboardView.Slug(k) == DashboardView.Slug(view.GroupingKind ?? ""));
            if (groupingKind is null) kind = BreakdownKind.District;
        }
        var sums = await Sums(Filter(db.ComplianceCells, view, path.GroupingDistricts), kind).ToListAsync(ct);

        var keysOf = await RowKeysAsync(db, kind, groupingKind, sums.Select(s => s.Key).ToList(), ct);
        var rows = new Dictionary<string, (string Name, string? Detail, Totals Now, Totals WeekAgo)>();
        foreach (var s in sums)
            foreach (var (rowKey, name, detail) in keysOf(s.Key))
            {
                var (now, weekAgo) = rows.TryGetValue(rowKey, out var r) ? (r.Now, r.WeekAgo) : (Totals.Zero, Totals.Zero);
                rows[rowKey] = (name, detail, now + s.Now, weekAgo + s.WeekAgo);
            }

        var list = rows.Select(r => (r.Key, r.Value.Name, r.Value.Detail, Now: r.Value.Now.Figures, WeekAgo: r.Value.WeekAgo.Figures)).ToList();
        var minimum = (options ?? new DashboardOptions()).MinimumWorkforceToRank;
        var rankNow = Ranks(list.Select(r => (r.Key, r.Now)), minimum);
        var rankWeekAgo = Ranks(list.Select(r => (r.Key, r.WeekAgo)), minimum);
        var total = sums.Aggregate((Now: Totals.Zero, WeekAgo: Totals.Zero), (t, s) => (t.Now + s.Now, t.WeekAgo + s.WeekAgo));
        return new Breakdown(kind, list
            .Select(r => new BreakdownRow(r.Key, r.Name, r.Detail, r.Now, r.WeekAgo, rankNow[r.Key], rankWeekAgo[r.Key])
            {
                TooFewToRank = r.Now.Workforce < minimum,
                TooFewToRankWeekAgo = r.WeekAgo.Workforce < minimum,
            })
            .OrderBy(r => r.Rank).ToList())
        {
            RowLabel = groupingKind ?? Label(kind),
            Total = total.Now.Figures,
            TotalWeekAgo = total.WeekAgo.Figures,
            Path = path.Steps,
            Snapshot = snapshot,
            Updating = snapshot is null || snapshot.Stale || refresher?.IsPending == true,
            MinimumWorkforceToRank = minimum,
        };
    }

    /// <summary>The cells' sums by one column that partitions them; groupings (which may overlap) are mapped from districts after.</summary>
    internal static IQueryable<CellSums> Sums(IQueryable<ComplianceCell> cells, BreakdownKind kind)
    {
        Expression<Func<ComplianceCell, int>> key = kind switch
        {
            BreakdownKind.Department => c => c.DepartmentId,
            BreakdownKind.Designation or BreakdownKind.Category => c => c.DesignationId,
            BreakdownKind.Office => c => c.OfficeId ?? 0,
            _ => c => c.DistrictId,
        };
        return cells.GroupBy(key).Select(g => new CellSums(
            g.Key,
            new Totals(g.Sum(c => c.Workforce), g.Sum(c => c.Onboarded), g.Sum(c => c.Learners), g.Sum(c => c.Completions), g.Sum(c => c.LearningMinutes), g.Sum(c => c.MandatoryCompliant)),
            new Totals(g.Sum(c => c.WorkforceWeekAgo), g.Sum(c => c.OnboardedWeekAgo), g.Sum(c => c.LearnersWeekAgo), g.Sum(c => c.CompletionsWeekAgo), g.Sum(c => c.LearningMinutesWeekAgo), g.Sum(c => c.MandatoryCompliantWeekAgo))));
    }

    internal sealed record CellSums(int Key, Totals Now, Totals WeekAgo);

    /// <summary>The cells of the view: its path and its filters.</summary>
    internal static IQueryable<ComplianceCell> Filter(IQueryable<ComplianceCell> cells, DashboardView view, IReadOnlyList<int>? groupingDistricts)
    {
        if (groupingDistricts is not null) cells = cells.Where(c => groupingDistricts.Contains(c.DistrictId));
        if (view.DistrictId is { } district) cells = cells.Where(c => c.DistrictId == district);
        if (view.DepartmentId is { } department) cells = cells.Where(c => c.DepartmentId == department);
        if (view.Level == DrillLevel.Office)
            cells = view.OfficeId is 0 ? cells.Where(c => c.OfficeId == null) : cells.Where(c => c.OfficeId == view.OfficeId);
        if (view.DesignationId is { } designation) cells = cells.Where(c => c.DesignationId == designation);
        if (view.Group is { } group) cells = cells.Where(c => c.Group == group);
        return cells;
    }

    /// <summary>
    /// The names along the view's path and filters, each checked against the user's scope (the context's
    /// filters hide other districts, departments and offices); null when any is missing.
    /// </summary>
    internal static async Task<ViewPath?> PathAsync(PortalDbContext db, DashboardView view, CancellationToken ct)
    {
        var steps = new List<PathStep>();
        IReadOnlyList<int>? groupingDistricts = null;
        if (view.GroupingId is { } groupingId)
        {
            var grouping = await db.DistrictGroupings.Where(g => g.Id == groupingId)
                .Select(g => new { g.Name, g.Kind, Districts = g.Districts.Select(d => d.Id).ToList() }).SingleOrDefaultAsync(ct);
            // Districts are scope-filtered: a grouping with none of the user's districts is not theirs to see.
            if (grouping is null || grouping.Districts.Count == 0) return null;
            // Below the grouping the district narrows further; the grouping stays in the breadcrumb.
            if (view.DistrictId is null) groupingDistricts = grouping.Districts;
            steps.Add(new PathStep(DrillLevel.Grouping, groupingId, DistrictGrouping.LabelOf(grouping.Name, grouping.Kind)));
        }
        if (view.DistrictId is { } districtId)
        {
            var name = await db.Districts.Where(d => d.Id == districtId).Select(d => d.Name).SingleOrDefaultAsync(ct);
            if (name is null) return null;
            steps.Add(new PathStep(DrillLevel.District, districtId, name));
        }
        if (view.DepartmentId is { } departmentId)
        {
            var name = await db.Departments.Where(d => d.Id == departmentId).Select(d => d.Name).SingleOrDefaultAsync(ct);
            if (name is null) return null;
            steps.Add(new PathStep(DrillLevel.Department, departmentId, name));
        }
        if (view.Level == DrillLevel.Office)
        {
            var name = view.OfficeId == 0 ? NoOffice
                : await db.Offices.Where(o => o.Id == view.OfficeId && o.DistrictId == view.DistrictId && o.DepartmentId == view.DepartmentId)
                    .Select(o => o.Name).SingleOrDefaultAsync(ct);
            if (name is null) return null;
            steps.Add(new PathStep(DrillLevel.Office, view.OfficeId!.Value, name));
        }
        if (view.DesignationId is { } designationId && !await db.Designations.AnyAsync(d => d.Id == designationId, ct)) return null;
        return new ViewPath(steps, groupingDistricts);
    }

    public const string NoOffice = "No office on the roster";

    /// <summary>How a grouped key becomes the row (or rows, for overlapping groupings) it counts towards.</summary>
    private static async Task<Func<int, IEnumerable<(string Key, string Name, string? Detail)>>> RowKeysAsync(
        PortalDbContext db, BreakdownKind kind, string? groupingKind, List<int> keys, CancellationToken ct)
    {
        switch (kind)
        {
            case BreakdownKind.District:
            {
                var names = await db.Districts.AcrossScopes().Where(d => keys.Contains(d.Id))
                    .Select(d => new { d.Id, d.Name, d.NameHindi, Division = d.Groupings.Where(g => g.Kind == GroupingKinds.Division).Select(g => g.Name).FirstOrDefault() })
                    .ToDictionaryAsync(d => d.Id, ct);
                return district => [($"d{district}", names[district].Name,
                    string.Join(" · ", new[] { names[district].NameHindi, names[district].Division is { } v ? $"{v} division" : null }.Where(x => x is not null)))];
            }
            case BreakdownKind.Grouping:
            {
                var members = await db.DistrictGroupings.Where(g => g.Kind == groupingKind)
                    .SelectMany(g => g.Districts, (g, d) => new { DistrictId = d.Id, g.Id, g.Name }).ToListAsync(ct);
                var byDistrict = members.ToLookup(m => m.DistrictId);
                var outside = $"Outside any {groupingKind!.ToLowerInvariant()}";
                return district => byDistrict[district].Any()
                    ? byDistrict[district].Select(m => ($"g{m.Id}", m.Name, (string?)null))
                    : [("none", outside, "e.g. commissionerate cities")];
            }
            case BreakdownKind.Department:
            {
                var names = await db.Departments.AcrossScopes().Where(d => keys.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Name, ct);
                return department => [($"p{department}", names[department], null)];
            }
            case BreakdownKind.Designation:
            {
                var names = await db.Designations.Where(d => keys.Contains(d.Id)).ToDictionaryAsync(d => d.Id, ct);
                return designation => [($"r{designation}", names[designation].Name, CategoryName(names[designation].Category))];
            }
            case BreakdownKind.Office:
            {
                var names = await db.Offices.AcrossScopes().Where(o => keys.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
                return office => [($"o{office}", office == 0 ? NoOffice : names.GetValueOrDefault(office, $"Office {office}"), null)];
            }
            default:
            {
                var categories = await db.Designations.Where(d => keys.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Category, ct);
                return designation => [($"c{(int)categories[designation]}", CategoryName(categories[designation]), null)];
            }
        }
    }

    /// <summary>
    /// 1 = highest onboarding rate; completion rate, then name order, break ties. Rows with fewer staff than
    /// <paramref name="minimum"/> come after every ranked row (in the same order among themselves).
    /// </summary>
    private static Dictionary<string, int> Ranks(IEnumerable<(string Key, ComplianceFigures Figures)> rows, int minimum) =>
        rows.OrderBy(r => r.Figures.Workforce < minimum).ThenByDescending(r => r.Figures.OnboardingRate ?? -1).ThenByDescending(r => r.Figures.CompletionRate ?? -1).ThenBy(r => r.Key, StringComparer.Ordinal)
            .Select((r, i) => (r.Key, Rank: i + 1)).ToDictionary(r => r.Key, r => r.Rank);

    public static string CategoryName(DesignationCategory category) => category switch
    {
        DesignationCategory.FieldStaff => "Field staff",
        DesignationCategory.Supervisory => "Supervisory",
        DesignationCategory.Officer => "Officers",
        DesignationCategory.Ministerial => "Ministerial",
        _ => "Support staff",
    };

    internal sealed record Totals(int Workforce, int Onboarded, int Learners, int Completions, long Minutes, int Mandatory)
    {
        public static readonly Totals Zero = new(0, 0, 0, 0, 0, 0);
        public static Totals operator +(Totals a, Totals b) => new(a.Workforce + b.Workforce, a.Onboarded + b.Onboarded, a.Learners + b.Learners,
            a.Completions + b.Completions, a.Minutes + b.Minutes, a.Mandatory + b.Mandatory);
        public ComplianceFigures Figures => new(Workforce, Onboarded, Learners, Completions, Minutes) { MandatoryCompliant = Mandatory };
    }
}

/// <summary>One step of the drill-down path, for the breadcrumb.</summary>
public sealed record PathStep(DrillLevel Level, int Id, string Name);

/// <summary>The checked path of a view, and the districts of its grouping when it has one.</summary>
internal sealed record ViewPath(IReadOnlyList<PathStep> Steps, IReadOnlyList<int>? GroupingDistricts);
