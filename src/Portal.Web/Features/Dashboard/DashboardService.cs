using Microsoft.EntityFrameworkCore;
using Portal.Web.Data;

namespace Portal.Web.Features.Dashboard;

/// <summary>
/// Reads the compliance figures for a data scope from the snapshot (the metric definitions live in
/// <see cref="ComplianceAggregator"/>); the scope is applied by the context's query filters, so out-of-scope
/// rows never count. The employee pages read live rows.
/// </summary>
public sealed class DashboardService(IDbContextFactory<PortalDbContext> dbFactory, ComplianceRefresher? refresher = null)
{
    /// <summary>
    /// The scope's totals now and a week ago (the dashboard's cards), from the compliance snapshot
    /// (<see cref="ComplianceAggregator"/>): one query over its cells, tens of milliseconds at state scale where
    /// counting the raw rows takes many seconds. A snapshot older than the last import is reported stale and a
    /// rebuild is requested.
    /// </summary>
    public async Task<StateFigures> GetStateFiguresAsync(DataScope scope, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(scope, ct);
        return await StateFiguresAsync(db, ct);
    }

    /// <summary>The scope's totals (as <see cref="GetStateFiguresAsync"/>) and its districts' figures.</summary>
    public async Task<StateOverview> GetStateOverviewAsync(DataScope scope, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(scope, ct);
        var figures = await StateFiguresAsync(db, ct);
        var byDistrict = await db.ComplianceCells
            .GroupBy(c => c.DistrictId)
            .Select(g => new
            {
                g.Key,
                Workforce = g.Sum(c => c.Workforce),
                Onboarded = g.Sum(c => c.Onboarded),
                Learners = g.Sum(c => c.Learners),
                Completions = g.Sum(c => c.Completions),
                Minutes = g.Sum(c => c.LearningMinutes),
                Mandatory = g.Sum(c => c.MandatoryCompliant),
            })
            .ToDictionaryAsync(x => x.Key, x => new ComplianceFigures(x.Workforce, x.Onboarded, x.Learners, x.Completions, x.Minutes) { MandatoryCompliant = x.Mandatory }, ct);

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
        var rows = districts
            .Select(d => new DistrictFigures(d.Id, d.Name, d.NameHindi, d.Division, byDistrict.GetValueOrDefault(d.Id, ComplianceFigures.Empty)))
            .ToList();
        return new StateOverview(figures.Now, rows) { WeekAgo = figures.WeekAgo, Snapshot = figures.Snapshot, Updating = figures.Updating };
    }

    private async Task<StateFigures> StateFiguresAsync(PortalDbContext db, CancellationToken ct)
    {
        var snapshot = await ComplianceSnapshots.LatestAsync(db, ct);
        if (snapshot is null || snapshot.Stale) refresher?.Request(snapshot is null ? "no snapshot yet" : "an import committed after the last snapshot");
        var totals = (await db.ComplianceCells
            .GroupBy(c => 1)
            .Select(g => new
            {
                Now = new ComplianceFigures(g.Sum(c => c.Workforce), g.Sum(c => c.Onboarded), g.Sum(c => c.Learners),
                    g.Sum(c => c.Completions), g.Sum(c => c.LearningMinutes)) { MandatoryCompliant = g.Sum(c => c.MandatoryCompliant) },
                WeekAgo = new ComplianceFigures(g.Sum(c => c.WorkforceWeekAgo), g.Sum(c => c.OnboardedWeekAgo), g.Sum(c => c.LearnersWeekAgo),
                    g.Sum(c => c.CompletionsWeekAgo), g.Sum(c => c.LearningMinutesWeekAgo)) { MandatoryCompliant = g.Sum(c => c.MandatoryCompliantWeekAgo) },
            })
            .ToListAsync(ct)).SingleOrDefault();
        return new StateFigures(totals?.Now ?? ComplianceFigures.Empty, totals?.WeekAgo ?? ComplianceFigures.Empty, snapshot,
            Updating: snapshot is null || snapshot.Stale || refresher?.IsPending == true);
    }

    /// <summary>Onboarding and completion rates of the scope at the end of each of the last 26 weeks (from the snapshot).</summary>
    public async Task<IReadOnlyList<TrendPoint>> GetTrendAsync(DataScope scope, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(scope, ct);
        var weeks = await db.ComplianceWeeks
            .GroupBy(w => w.WeekEnding)
            .Select(g => new { Week = g.Key, Workforce = g.Sum(w => w.Workforce), Onboarded = g.Sum(w => w.Onboarded), Learners = g.Sum(w => w.Learners) })
            .ToListAsync(ct);
        return weeks.OrderBy(w => w.Week)
            .Select(w => new TrendPoint(w.Week, w.Workforce == 0 ? null : (double)w.Onboarded / w.Workforce, w.Workforce == 0 ? null : (double)w.Learners / w.Workforce))
            .ToList();
    }

    /// <summary>One district of the scope, by department; null when the district is not in the scope.</summary>
    public async Task<DistrictDetail?> GetDistrictAsync(DataScope scope, int districtId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(scope, ct);
        var district = await db.Districts.Where(d => d.Id == districtId)
            .Select(d => new { d.Id, d.Name, d.NameHindi, Division = d.Groupings.Where(g => g.Kind == GroupingKinds.Division).Select(g => g.Name).FirstOrDefault() })
            .SingleOrDefaultAsync(ct);
        if (district is null) return null;

        var byDepartment = await db.ComplianceCells.Where(c => c.DistrictId == districtId)
            .GroupBy(c => c.DepartmentId)
            .Select(g => new
            {
                g.Key, Workforce = g.Sum(c => c.Workforce), Onboarded = g.Sum(c => c.Onboarded), Learners = g.Sum(c => c.Learners),
                Completions = g.Sum(c => c.Completions), Minutes = g.Sum(c => c.LearningMinutes), Mandatory = g.Sum(c => c.MandatoryCompliant),
            })
            .ToDictionaryAsync(x => x.Key, x => new ComplianceFigures(x.Workforce, x.Onboarded, x.Learners, x.Completions, x.Minutes) { MandatoryCompliant = x.Mandatory }, ct);
        var departments = await db.Departments.Where(d => byDepartment.Keys.Contains(d.Id)).Select(d => new { d.Id, d.Name }).ToListAsync(ct);
        var rows = departments
            .Select(d => new DepartmentFigures(d.Id, d.Name, byDepartment[d.Id]))
            .OrderByDescending(d => d.Figures.Workforce).ToList();
        var total = rows.Aggregate(ComplianceFigures.Empty, (sum, r) => sum + r.Figures);
        return new DistrictDetail(district.Id, district.Name, district.NameHindi, district.Division, total, rows);
    }

    /// <summary>Employees of a district in scope whose code or name starts with the search text (first 50).</summary>
    public async Task<IReadOnlyList<EmployeeSummary>> FindEmployeesAsync(DataScope scope, int districtId, string search, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(scope, ct);
        var text = search.Trim();
        return await db.Employees
            .Where(e => e.DistrictId == districtId && (text == "" || e.EmployeeCode.StartsWith(text) || e.Name.StartsWith(text)))
            .OrderBy(e => e.Name).Take(50)
            .Select(e => new EmployeeSummary(e.Id, e.EmployeeCode, e.Name, e.Designation.Name, e.Department.Name, e.Office != null ? e.Office.Name : null,
                e.Status, e.OnboardedOn, e.Enrolments.Count(x => x.Status == EnrolmentStatus.Completed)))
            .ToListAsync(ct);
    }

    /// <summary>One employee with their courses; null when the employee is not in the scope.</summary>
    public async Task<EmployeeDetail?> GetEmployeeAsync(DataScope scope, int employeeId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(scope, ct);
        return await db.Employees.AsNoTracking().Where(e => e.Id == employeeId)
            .Select(e => new EmployeeDetail(
                new EmployeeSummary(e.Id, e.EmployeeCode, e.Name, e.Designation.Name, e.Department.Name, e.Office != null ? e.Office.Name : null,
                    e.Status, e.OnboardedOn, e.Enrolments.Count(x => x.Status == EnrolmentStatus.Completed)),
                e.DistrictId, e.District.Name, e.Mobile, e.Email, e.Group, e.IgotUserId,
                e.Enrolments.OrderByDescending(x => x.CompletedOn ?? x.EnrolledOn)
                    .Select(x => new EnrolmentLine(x.Course.Name, x.Course.IsMandatory, x.Status, x.ProgressPercent, x.EnrolledOn, x.CompletedOn, x.LearningMinutes))
                    .ToList()))
            .SingleOrDefaultAsync(ct);
    }
}
