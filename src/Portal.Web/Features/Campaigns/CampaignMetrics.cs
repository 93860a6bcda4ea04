using Microsoft.EntityFrameworkCore;
using Portal.Web.Data;
using Portal.Web.Features.Snapshot;
using Portal.Web.Infrastructure;
using Portal.Web.Resources;

namespace Portal.Web.Features.Campaigns;

/// <summary>Counts for one district × department cell of a campaign's scope.</summary>
public sealed record CampaignCell(int DistrictId, int DepartmentId, int Workforce, int ReachedNow, int ReachedBefore);

/// <summary>
/// Campaign counts per district × department, counted live from a reader's scope with <see cref="CampaignCounter"/>
/// (which holds the metric definitions); the compliance snapshot counts the whole state the same way.
/// </summary>
public static class CampaignMetrics
{
    /// <summary>What the campaign counts, in the reader's language (the course's name as entered).</summary>
    public static string Describe(Campaign c, string? courseName) => c.Metric switch
    {
        CampaignMetric.Onboarding => SharedText.L["Share of active staff registered on iGOT."],
        CampaignMetric.AnyCompletion => SharedText.L["Share of active staff who completed at least one course from {0}.", IndianTime.Date(c.WindowStart)],
        CampaignMetric.CourseCompletion => courseName is null
            ? SharedText.L["Share of active staff who completed the course (at any time)."]
            : SharedText.L["Share of active staff who completed \"{0}\" (at any time).", courseName],
        CampaignMetric.MandatoryCompliance => SharedText.L["Share of active staff who completed every mandatory course that applies to their designation."],
        CampaignMetric.LearningHours => SharedText.L["Share of active staff with at least {0} learning hours from courses completed between {1} and {2}.",
            Hours(c.ThresholdMinutes ?? 0), IndianTime.Date(c.WindowStart), IndianTime.Date(c.WindowEnd)],
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

    /// <summary>
    /// Per district × department of the campaign's scope within the context's data scope: workforce, reached by
    /// <paramref name="now"/> and fourteen days before. Reads the scope's employees and their relevant completions.
    /// </summary>
    public static async Task<List<CampaignCell>> CountAsync(PortalDbContext db, Campaign c, DateOnly now, CancellationToken ct)
    {
        var people = await PeopleAsync(db, c, ct);
        var staff = await people.Select(e => new { e.Id, e.DistrictId, e.DepartmentId, e.DesignationId, e.OnboardedOn }).ToListAsync(ct);
        if (staff.Count == 0) return [];
        var counter = new CampaignCounter(c, now, null, await MandatoryRules.LoadAsync(db, ct), staff.Max(e => e.Id));

        if (c.Metric != CampaignMetric.Onboarding)
            await foreach (var x in Completions(db, people, c, now).AsAsyncEnumerable().WithCancellation(ct))
                counter.Add(x.EmployeeId, x.DesignationId, x.CourseId, x.CompletedOn.DayNumber, x.LearningMinutes);

        var cells = new Dictionary<(int District, int Department), (int Workforce, int Now, int Before)>();
        foreach (var e in staff)
        {
            var (reachedNow, reachedBefore) = counter.Reached(e.Id, e.DesignationId, e.OnboardedOn);
            var (w, n, b) = cells.GetValueOrDefault((e.DistrictId, e.DepartmentId));
            cells[(e.DistrictId, e.DepartmentId)] = (w + 1, n + (reachedNow ? 1 : 0), b + (reachedBefore ? 1 : 0));
        }
        return cells.Select(kv => new CampaignCell(kv.Key.District, kv.Key.Department, kv.Value.Workforce, kv.Value.Now, kv.Value.Before)).ToList();
    }

    internal sealed record CompletionRow(int EmployeeId, int DesignationId, int CourseId, DateOnly CompletedOn, int LearningMinutes);

    /// <summary>The dated completions, up to <paramref name="now"/>, of <paramref name="people"/> that can matter to the campaign.</summary>
    internal static IQueryable<CompletionRow> Completions(PortalDbContext db, IQueryable<Employee> people, Campaign c, DateOnly now)
    {
        // Not AcrossScopes: ignoring filters in a query ignores them for every entity in it, `people` included. For the
        // whole state the enrolments have no filter at all (see PortalDbContext.ScopeShape), so nothing is joined twice there.
        var completed = db.Enrolments.Where(x => x.Status == EnrolmentStatus.Completed && x.CompletedOn != null && x.CompletedOn <= now);
        completed = c.Metric switch
        {
            CampaignMetric.CourseCompletion => completed.Where(x => x.CourseId == c.CourseId),
            CampaignMetric.AnyCompletion or CampaignMetric.LearningHours => completed.Where(x => x.CompletedOn >= c.WindowStart),
            _ => completed.Where(x => x.Course.IsMandatory),
        };
        return from x in completed
               join e in people on x.EmployeeId equals e.Id
               select new CompletionRow(x.EmployeeId, e.DesignationId, x.CourseId, x.CompletedOn!.Value, x.LearningMinutes);
    }

    /// <summary>How many active employees of the context's data scope are in the campaign's scope.</summary>
    public static async Task<int> StaffAsync(PortalDbContext db, Campaign c, CancellationToken ct) =>
        await (await PeopleAsync(db, c, ct)).CountAsync(ct);

    /// <summary>Active employees in the campaign's scope; the context's query filters add the reader's data scope.</summary>
    internal static async Task<IQueryable<Employee>> PeopleAsync(PortalDbContext db, Campaign c, CancellationToken ct)
    {
        // The context's query filter adds the reader's scope as a plain "DistrictId IN (...)" that an index serves.
        var people = db.Employees.Where(e => e.Status == EmployeeStatus.Active);
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
}
