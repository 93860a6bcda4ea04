using Microsoft.EntityFrameworkCore;
using Portal.Web.Data;

namespace Portal.Web.Features.Campaigns;

/// <summary>Counts for one district × department cell of a campaign's scope.</summary>
public sealed record CampaignCell(int DistrictId, int DepartmentId, int Workforce, int ReachedNow, int ReachedBefore);

/// <summary>
/// The one definition of what each campaign metric counts. For an <b>active</b> employee in the campaign's
/// scope (and the reader's data scope, by the context's query filters), "reached by day D" means:
/// <list type="bullet">
/// <item><see cref="CampaignMetric.Onboarding"/>: registered on iGOT on or before D (OnboardedOn ≤ D).</item>
/// <item><see cref="CampaignMetric.AnyCompletion"/>: at least one course completed with WindowStart ≤ CompletedOn ≤ D.</item>
/// <item><see cref="CampaignMetric.CourseCompletion"/>: the campaign's course completed with CompletedOn ≤ D (any time before the window counts).</item>
/// <item><see cref="CampaignMetric.MandatoryCompliance"/>: every mandatory course that applies to the employee's designation
/// completed with CompletedOn ≤ D (a mandatory course with no listed designations applies to everyone; a designation with
/// none to do counts as reached) — the dashboard's meaning of mandatory compliance, dated.</item>
/// <item><see cref="CampaignMetric.LearningHours"/>: the learning minutes of completions with WindowStart ≤ CompletedOn ≤ min(D, WindowEnd)
/// add up to at least ThresholdMinutes.</item>
/// </list>
/// A completion counts on its CompletedOn date; a completion without a date cannot be placed in a window and is not counted.
/// The workforce is the scope's active employees on the roster now (the roster keeps no history).
/// Every query returns one row per district × department (a few thousand at most; mandatory compliance also per designation
/// and number of courses done), summed further in C#.
/// </summary>
public static class CampaignMetrics
{
    public static string Describe(Campaign c, string? courseName) => c.Metric switch
    {
        CampaignMetric.Onboarding => "Share of active staff registered on iGOT.",
        CampaignMetric.AnyCompletion => $"Share of active staff who completed at least one course from {c.WindowStart:dd-MM-yyyy}.",
        CampaignMetric.CourseCompletion => $"Share of active staff who completed \"{courseName ?? "the course"}\" (at any time).",
        CampaignMetric.MandatoryCompliance => "Share of active staff who completed every mandatory course that applies to their designation.",
        CampaignMetric.LearningHours => $"Share of active staff with at least {Hours(c.ThresholdMinutes ?? 0)} learning hours from courses completed between {c.WindowStart:dd-MM-yyyy} and {c.WindowEnd:dd-MM-yyyy}.",
        _ => c.Metric.ToString(),
    };

    public static string Label(CampaignMetric metric) => metric switch
    {
        CampaignMetric.Onboarding => "iGOT registration",
        CampaignMetric.AnyCompletion => "Any course completed",
        CampaignMetric.CourseCompletion => "Course completed",
        CampaignMetric.MandatoryCompliance => "Mandatory compliance",
        CampaignMetric.LearningHours => "Learning hours",
        _ => metric.ToString(),
    };

    public static string Hours(int minutes) =>
        (minutes / 60m).ToString(minutes % 60 == 0 ? "0" : "0.##", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Per district × department: workforce, reached by <paramref name="now"/> and by <paramref name="before"/>.</summary>
    public static async Task<List<CampaignCell>> CountAsync(PortalDbContext db, Campaign c, DateOnly now, DateOnly before, CancellationToken ct)
    {
        var people = await PeopleAsync(db, c, ct);
        var workforce = await people
            .GroupBy(e => new { e.DistrictId, e.DepartmentId })
            .Select(g => new { g.Key.DistrictId, g.Key.DepartmentId, Count = g.Count() })
            .ToListAsync(ct);
        var reached = await ReachedAsync(db, people, c, now, before, ct);

        var byCell = reached.ToDictionary(r => (r.DistrictId, r.DepartmentId));
        return workforce
            .Select(w => byCell.TryGetValue((w.DistrictId, w.DepartmentId), out var r)
                ? new CampaignCell(w.DistrictId, w.DepartmentId, w.Count, r.Now, r.Before)
                : new CampaignCell(w.DistrictId, w.DepartmentId, w.Count, 0, 0))
            .ToList();
    }

    /// <summary>Active employees in the campaign's scope; the context's query filters add the reader's data scope.</summary>
    private static async Task<IQueryable<Employee>> PeopleAsync(PortalDbContext db, Campaign c, CancellationToken ct)
    {
        var people = db.Employees.Where(e => e.Status == EmployeeStatus.Active);
        // The query filter already limits rows to the reader's scope, but as "@all OR DistrictId IN (...)", which SQLite cannot
        // plan an index search for; the same condition stated plainly lets a district's counts read its rows only.
        if (db.Scope.DistrictIds is { } scopeDistricts) { var ids = scopeDistricts.ToArray(); people = people.Where(e => ids.Contains(e.DistrictId)); }
        if (db.Scope.DepartmentIds is { } scopeDepartments) { var ids = scopeDepartments.ToArray(); people = people.Where(e => ids.Contains(e.DepartmentId)); }
        if (c.ScopeDistrictId is { } district) people = people.Where(e => e.DistrictId == district);
        if (c.ScopeDepartmentId is { } department) people = people.Where(e => e.DepartmentId == department);
        if (c.ScopeGroupingId is { } grouping)
        {
            var districts = await db.DistrictGroupings.Where(g => g.Id == grouping)
                .SelectMany(g => g.Districts.Select(d => d.Id)).ToListAsync(ct);
            people = people.Where(e => districts.Contains(e.DistrictId));
        }
        return people;
    }

    private sealed record Reached(int DistrictId, int DepartmentId, int Now, int Before);

    private static async Task<List<Reached>> ReachedAsync(PortalDbContext db, IQueryable<Employee> people, Campaign c, DateOnly now, DateOnly before, CancellationToken ct)
    {
        // Every enrolment below is joined to `people`, whose query filter applies the reader's data scope; the enrolments'
        // own filter would only join the employees a second time (a third of the time on 20 million rows).
        var completed = db.Enrolments.IgnoreQueryFilters().Where(x => x.Status == EnrolmentStatus.Completed && x.CompletedOn != null);
        switch (c.Metric)
        {
            case CampaignMetric.Onboarding:
                return await people.Where(e => e.OnboardedOn != null && e.OnboardedOn <= now)
                    .GroupBy(e => new { e.DistrictId, e.DepartmentId })
                    .Select(g => new Reached(g.Key.DistrictId, g.Key.DepartmentId, g.Count(), g.Count(e => e.OnboardedOn <= before)))
                    .ToListAsync(ct);

            case CampaignMetric.CourseCompletion:
            {
                var course = c.CourseId ?? 0;
                return await (
                        from x in completed.Where(x => x.CourseId == course && x.CompletedOn <= now)
                        join e in people on x.EmployeeId equals e.Id
                        select new { e.DistrictId, e.DepartmentId, x.CompletedOn })
                    .GroupBy(r => new { r.DistrictId, r.DepartmentId })
                    .Select(g => new Reached(g.Key.DistrictId, g.Key.DepartmentId, g.Count(), g.Count(r => r.CompletedOn <= before)))
                    .ToListAsync(ct);
            }

            case CampaignMetric.AnyCompletion:
            {
                var start = c.WindowStart;
                var first =
                    from e in people
                    join x in completed on e.Id equals x.EmployeeId
                    where x.CompletedOn >= start && x.CompletedOn <= now
                    group x by new { e.Id, e.DistrictId, e.DepartmentId } into g
                    select new { g.Key.DistrictId, g.Key.DepartmentId, First = g.Min(x => x.CompletedOn) };
                return await first
                    .GroupBy(r => new { r.DistrictId, r.DepartmentId })
                    .Select(g => new Reached(g.Key.DistrictId, g.Key.DepartmentId, g.Count(), g.Count(r => r.First <= before)))
                    .ToListAsync(ct);
            }

            case CampaignMetric.LearningHours:
            {
                var start = c.WindowStart;
                var endNow = now < c.WindowEnd ? now : c.WindowEnd;
                var endBefore = before < c.WindowEnd ? before : c.WindowEnd;
                var threshold = c.ThresholdMinutes ?? 0;
                var sums =
                    from e in people
                    join x in completed on e.Id equals x.EmployeeId
                    where x.CompletedOn >= start && x.CompletedOn <= endNow
                    group x by new { e.Id, e.DistrictId, e.DepartmentId } into g
                    select new
                    {
                        g.Key.DistrictId, g.Key.DepartmentId,
                        Now = g.Sum(x => x.LearningMinutes),
                        Before = g.Sum(x => x.CompletedOn <= endBefore ? x.LearningMinutes : 0),
                    };
                return await sums.Where(r => r.Now >= threshold)
                    .GroupBy(r => new { r.DistrictId, r.DepartmentId })
                    .Select(g => new Reached(g.Key.DistrictId, g.Key.DepartmentId, g.Count(), g.Count(r => r.Before >= threshold)))
                    .ToListAsync(ct);
            }

            case CampaignMetric.MandatoryCompliance:
            {
                // Which mandatory courses apply to which designation: a few dozen rows.
                var mandatory = await db.Courses.Where(x => x.IsMandatory)
                    .Select(x => new { x.Id, Designations = x.ApplicableDesignations.Select(d => d.Id).ToList() }).ToListAsync(ct);
                var designations = await db.Designations.Select(d => d.Id).ToListAsync(ct);
                var required = designations.ToDictionary(d => d, d => mandatory.Count(m => m.Designations.Count == 0 || m.Designations.Contains(d)));
                var forEveryone = mandatory.Where(m => m.Designations.Count == 0).Select(m => m.Id).ToList();
                var mandatoryIds = mandatory.Select(m => m.Id).ToList();

                // Per employee: applicable mandatory courses done by now and by before; then how many employees
                // per cell, designation and those two counts (compared with the designation's requirement below).
                var perEmployee =
                    from e in people
                    join x in completed on e.Id equals x.EmployeeId
                    where mandatoryIds.Contains(x.CourseId) && x.CompletedOn <= now
                        && (forEveryone.Contains(x.CourseId) || x.Course.ApplicableDesignations.Any(d => d.Id == e.DesignationId))
                    group x by new { e.Id, e.DistrictId, e.DepartmentId, e.DesignationId } into g
                    select new { g.Key.DistrictId, g.Key.DepartmentId, g.Key.DesignationId, Now = g.Count(), Before = g.Count(x => x.CompletedOn <= before) };
                var groups = await perEmployee
                    .GroupBy(p => new { p.DistrictId, p.DepartmentId, p.DesignationId, p.Now, p.Before })
                    .Select(g => new { g.Key.DistrictId, g.Key.DepartmentId, g.Key.DesignationId, g.Key.Now, g.Key.Before, Employees = g.Count() })
                    .ToListAsync(ct);

                var cells = new Dictionary<(int, int), (int Now, int Before)>();
                foreach (var g in groups)
                {
                    var need = required.GetValueOrDefault(g.DesignationId);
                    if (need == 0) continue; // counted below with everyone else of that designation
                    var (n, b) = cells.GetValueOrDefault((g.DistrictId, g.DepartmentId));
                    cells[(g.DistrictId, g.DepartmentId)] = (n + (g.Now >= need ? g.Employees : 0), b + (g.Before >= need ? g.Employees : 0));
                }
                // Staff whose designation has no mandatory course have nothing to do: reached on any day.
                var noneRequired = required.Where(r => r.Value == 0).Select(r => r.Key).ToList();
                if (noneRequired.Count > 0)
                {
                    var free = await people.Where(e => noneRequired.Contains(e.DesignationId))
                        .GroupBy(e => new { e.DistrictId, e.DepartmentId })
                        .Select(g => new { g.Key.DistrictId, g.Key.DepartmentId, Count = g.Count() }).ToListAsync(ct);
                    foreach (var f in free)
                    {
                        var (n, b) = cells.GetValueOrDefault((f.DistrictId, f.DepartmentId));
                        cells[(f.DistrictId, f.DepartmentId)] = (n + f.Count, b + f.Count);
                    }
                }
                return cells.Select(kv => new Reached(kv.Key.Item1, kv.Key.Item2, kv.Value.Now, kv.Value.Before)).ToList();
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(c), c.Metric, "Unknown campaign metric.");
        }
    }
}
