using Microsoft.EntityFrameworkCore;
using Portal.Web.Data;

namespace Portal.Web.Features.Dashboard;

/// <summary>Reads the compliance figures. The metric definitions live here and nowhere else.</summary>
public sealed class DashboardService(IDbContextFactory<PortalDbContext> dbFactory)
{
    public async Task<StateOverview> GetStateOverviewAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);

        var workforce = await ActiveEmployees(db)
            .GroupBy(e => e.DistrictId)
            .Select(g => new { DistrictId = g.Key, Workforce = g.Count(), Onboarded = g.Count(e => e.OnboardedOn != null) })
            .ToDictionaryAsync(x => x.DistrictId, ct);

        var learning = await Completions(db)
            .GroupBy(x => x.Employee.DistrictId)
            .Select(g => new
            {
                DistrictId = g.Key,
                Completions = g.Count(),
                Minutes = g.Sum(x => (long)x.LearningMinutes),
                Learners = g.Select(x => x.EmployeeId).Distinct().Count(),
            })
            .ToDictionaryAsync(x => x.DistrictId, ct);

        var districts = await db.Districts
            .OrderBy(d => d.Name)
            .Select(d => new
            {
                d.Id,
                d.Name,
                d.NameHindi,
                Division = d.Groupings.Where(g => g.Kind == GroupingKinds.Division).Select(g => g.Name).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var rows = districts.Select(d =>
        {
            workforce.TryGetValue(d.Id, out var w);
            learning.TryGetValue(d.Id, out var l);
            var figures = new ComplianceFigures(w?.Workforce ?? 0, w?.Onboarded ?? 0, l?.Learners ?? 0, l?.Completions ?? 0, l?.Minutes ?? 0);
            return new DistrictFigures(d.Id, d.Name, d.NameHindi, d.Division, figures);
        }).ToList();

        var state = rows.Aggregate(ComplianceFigures.Empty, (sum, r) => sum + r.Figures);
        return new StateOverview(state, rows);
    }

    /// <summary>The workforce: employees whose status is Active.</summary>
    internal static IQueryable<Employee> ActiveEmployees(PortalDbContext db) =>
        db.Employees.Where(e => e.Status == EmployeeStatus.Active);

    /// <summary>Completed enrolments of the workforce.</summary>
    internal static IQueryable<Enrolment> Completions(PortalDbContext db) =>
        db.Enrolments.Where(x => x.Status == EnrolmentStatus.Completed && x.Employee.Status == EmployeeStatus.Active);
}
