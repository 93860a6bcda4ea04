using Microsoft.EntityFrameworkCore;
using Portal.Web.Data;
using Portal.Web.Features.Snapshot;

namespace Portal.Web.Features.Dashboard;

/// <summary>
/// The dashboard's other reads for a data scope: the 26-week trend (from the snapshot, whose metric definitions
/// live in <see cref="ComplianceAggregator"/>), the filter choices, and the employee lists and employee page
/// (live rows). The figures of a view are <see cref="BreakdownService"/>'s. The scope is applied by the
/// context's query filters, so out-of-scope rows never count.
/// </summary>
public sealed class DashboardService(IDbContextFactory<PortalDbContext> dbFactory, DashboardOptions? options = null)
{
    /// <summary>
    /// Onboarding and completion rates at the end of each of the last 26 weeks (from the snapshot), for the scope
    /// or a view's grouping, district and department. The weeks are kept per district and department only, so a
    /// view filtered by office, designation or group has no trend (empty).
    /// </summary>
    public async Task<IReadOnlyList<TrendPoint>> GetTrendAsync(DataScope scope, DashboardView? view = null, CancellationToken ct = default)
    {
        view ??= new DashboardView();
        if (view.Level == DrillLevel.Office || view.DesignationId is not null || view.Group is not null) return [];
        await using var db = await dbFactory.CreateDbContextAsync(scope, ct);
        // The weeks are scope-filtered like every figure; only a grouping's districts need looking up (names are the breakdown's).
        var weeks = db.ComplianceWeeks.AsQueryable();
        if (view.GroupingId is { } grouping && view.DistrictId is null)
        {
            var districts = await db.DistrictGroupings.Where(g => g.Id == grouping).SelectMany(g => g.Districts.Select(d => d.Id)).ToListAsync(ct);
            weeks = weeks.Where(w => districts.Contains(w.DistrictId));
        }
        if (view.DistrictId is { } district) weeks = weeks.Where(w => w.DistrictId == district);
        if (view.DepartmentId is { } department) weeks = weeks.Where(w => w.DepartmentId == department);
        var sums = await weeks
            .GroupBy(w => w.WeekEnding)
            .Select(g => new { Week = g.Key, Workforce = g.Sum(w => w.Workforce), Onboarded = g.Sum(w => w.Onboarded), Learners = g.Sum(w => w.Learners) })
            .ToListAsync(ct);
        return sums.OrderBy(w => w.Week)
            .Select(w => new TrendPoint(w.Week, w.Workforce == 0 ? null : (double)w.Onboarded / w.Workforce, w.Workforce == 0 ? null : (double)w.Learners / w.Workforce))
            .ToList();
    }

    /// <summary>The choices of the filter bar and the breakdown buttons: the scope's departments, the designations, the scope's grouping kinds.</summary>
    public async Task<FilterOptions> GetFilterOptionsAsync(DataScope scope, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(scope, ct);
        var departments = await db.Departments.OrderBy(d => d.Name).Select(d => new Choice(d.Id, d.Name)).ToListAsync(ct);
        var designations = await db.Designations.OrderBy(d => d.Name).Select(d => new Choice(d.Id, d.Name)).ToListAsync(ct);
        // Kinds with at least one of the scope's districts (districts are scope-filtered), in a stable order.
        var groupingKinds = await db.DistrictGroupings.Where(g => g.Districts.Any()).Select(g => g.Kind).Distinct().ToListAsync(ct);

        // What each breakdown would split the scope into, from the snapshot's cells (scope-filtered, small): the pairs
        // of district and department with staff, and the designations with staff.
        var places = await db.ComplianceCells.Where(c => c.Workforce > 0).Select(c => new { c.DistrictId, c.DepartmentId }).Distinct().ToListAsync(ct);
        var postIds = await db.ComplianceCells.Where(c => c.Workforce > 0).Select(c => c.DesignationId).Distinct().ToListAsync(ct);
        var categories = await db.Designations.Where(d => postIds.Contains(d.Id)).Select(d => d.Category).Distinct().CountAsync(ct);
        var districtIds = places.Select(p => p.DistrictId).Distinct().ToList();
        var departmentIds = places.Select(p => p.DepartmentId).Distinct().ToList();
        var staffedDepartments = await db.Departments.Where(d => departmentIds.Contains(d.Id)).Select(d => d.Name).ToListAsync(ct);
        var groupings = await db.DistrictGroupings.SelectMany(g => g.Districts, (g, d) => new { g.Kind, g.Id, DistrictId = d.Id }).ToListAsync(ct);
        var departmentOfKind = (options ?? new DashboardOptions()).GroupingKindDepartments;
        var rowsBy = new Dictionary<string, int>
        {
            [DashboardView.Slug(BreakdownKind.District)] = districtIds.Count,
            [DashboardView.Slug(BreakdownKind.Department)] = departmentIds.Count,
            [DashboardView.Slug(BreakdownKind.Designation)] = postIds.Count,
            [DashboardView.Slug(BreakdownKind.Category)] = categories,
        };
        foreach (var kind in groupingKinds)
        {
            // A department's own grouping (the police's ranges) does not split a scope without that department's staff.
            if (departmentOfKind.TryGetValue(kind, out var owner) && !staffedDepartments.Contains(owner, StringComparer.OrdinalIgnoreCase))
            {
                rowsBy[DashboardView.Slug(kind)] = 0;
                continue;
            }
            var ofKind = groupings.Where(g => g.Kind == kind && districtIds.Contains(g.DistrictId)).ToList();
            var outside = districtIds.Except(ofKind.Select(g => g.DistrictId)).Any() ? 1 : 0;
            rowsBy[DashboardView.Slug(kind)] = ofKind.Select(g => g.Id).Distinct().Count() + outside;
        }
        return new FilterOptions(departments, designations, groupingKinds.Order(StringComparer.Ordinal).ToList())
        {
            RowsBy = places.Count == 0 ? new Dictionary<string, int>() : rowsBy,
            OnlyDistrictId = districtIds.Count == 1 ? districtIds[0] : null,
            OnlyDepartmentId = districtIds.Count == 1 && departmentIds.Count == 1 ? departmentIds[0] : null,
        };
    }

    /// <summary>
    /// One page of the employee list of a view (a district, a department in it or an office, with the view's
    /// filters): active employees, by name, with their status judged as of <see cref="DashboardView.AsOf"/>
    /// (today when not given). Null when the view's path is not in the user's scope.
    /// </summary>
    public async Task<EmployeeList?> GetEmployeesAsync(DataScope scope, DashboardView view, DateOnly today, int pageSize = EmployeeList.PageSize, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(scope, ct);
        if (await BreakdownService.PathAsync(db, view, ct) is null) return null;
        var asOf = view.AsOf ?? today;
        var query = EmployeesOf(db, view, asOf, today);
        var total = await query.CountAsync(ct);
        var pages = Math.Max(1, (total + pageSize - 1) / pageSize);
        var page = Math.Min(view.Page, pages);
        var rows = await Rows(query, asOf, today).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new EmployeeList(rows, total, page, pages, asOf);
    }

    /// <summary>Every row of the view's employee list (all pages, in the same order), for the export.</summary>
    public async Task<IReadOnlyList<EmployeeListRow>> GetAllEmployeesAsync(DataScope scope, DashboardView view, DateOnly today, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(scope, ct);
        if (await BreakdownService.PathAsync(db, view, ct) is null) return [];
        var asOf = view.AsOf ?? today;
        return await Rows(EmployeesOf(db, view, asOf, today), asOf, today).ToListAsync(ct);
    }

    /// <summary>
    /// The view's employees: active ones (the workforce) on its path, filters and search, with the status filter
    /// judged as of a date (from the employee's registration and first completion dates, which the list index holds).
    /// </summary>
    internal static IQueryable<Employee> EmployeesOf(PortalDbContext db, DashboardView view, DateOnly asOf, DateOnly today)
    {
        var query = db.Employees.AsNoTracking().Where(e => e.Status == EmployeeStatus.Active);
        if (view.DistrictId is { } district) query = query.Where(e => e.DistrictId == district);
        if (view.DepartmentId is { } department) query = query.Where(e => e.DepartmentId == department);
        if (view.Level == DrillLevel.Office)
            query = view.OfficeId is 0 ? query.Where(e => e.OfficeId == null) : query.Where(e => e.OfficeId == view.OfficeId);
        if (view.DesignationId is { } designation) query = query.Where(e => e.DesignationId == designation);
        if (view.Group is { } group) query = query.Where(e => e.Group == group);
        if (view.Search is { } text)
            query = query.Where(e => e.EmployeeCode.StartsWith(text) || e.Name.Contains(text));
        return view.Status switch
        {
            StatusFilter.Onboarded => query.Where(e => e.OnboardedOn != null && e.OnboardedOn <= asOf),
            StatusFilter.NotOnboarded => query.Where(e => e.OnboardedOn == null || e.OnboardedOn > asOf),
            StatusFilter.Completed => query.Where(e => e.FirstCompletedOn != null && e.FirstCompletedOn <= asOf),
            StatusFilter.NotCompleted => query.Where(e => e.FirstCompletedOn == null || e.FirstCompletedOn > asOf),
            _ => query,
        };
    }

    internal static IQueryable<EmployeeListRow> Rows(IQueryable<Employee> query, DateOnly asOf, DateOnly today) =>
        query.OrderBy(e => e.Name).ThenBy(e => e.Id)
            .Select(e => new EmployeeListRow(e.Id, e.EmployeeCode, e.Name, e.Designation.Name, e.Department.Name, e.Office != null ? e.Office.Name : null,
                e.Group, e.OnboardedOn != null && e.OnboardedOn <= asOf ? e.OnboardedOn : null,
                e.Enrolments.Count(x => x.Status == EnrolmentStatus.Completed && (x.CompletedOn ?? today) <= asOf),
                e.Enrolments.Where(x => x.Status == EnrolmentStatus.Completed && (x.CompletedOn ?? today) <= asOf).Sum(x => (int?)x.LearningMinutes) ?? 0,
                e.Mobile, e.Email));

    /// <summary>One employee with their courses; null when the employee is not in the scope.</summary>
    public async Task<EmployeeDetail?> GetEmployeeAsync(DataScope scope, int employeeId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(scope, ct);
        var detail = await db.Employees.AsNoTracking().Where(e => e.Id == employeeId)
            .Select(e => new EmployeeDetail(
                new EmployeeSummary(e.Id, e.EmployeeCode, e.Name, e.Designation.Name, e.Department.Name, e.Office != null ? e.Office.Name : null,
                    e.Status, e.OnboardedOn, e.Enrolments.Count(x => x.Status == EnrolmentStatus.Completed)),
                e.DistrictId, e.District.Name, e.Mobile, e.Email, e.Group, e.IgotUserId,
                e.Enrolments.OrderByDescending(x => x.CompletedOn ?? x.EnrolledOn)
                    .Select(x => new EnrolmentLine(x.Course.Name, x.Course.IsMandatory, x.Status, x.ProgressPercent, x.EnrolledOn, x.CompletedOn, x.LearningMinutes))
                    .ToList()))
            .SingleOrDefaultAsync(ct);
        if (detail is null) return null;

        // The mandatory courses of the employee's post (the same rules as the dashboard's "Mandatory" figure), with the
        // employee's enrolment in each when there is one.
        var place = await db.Employees.Where(e => e.Id == employeeId).Select(e => new { e.DesignationId, e.DepartmentId, e.OfficeId }).SingleAsync(ct);
        var rules = await MandatoryRules.LoadAsync(db, ct);
        var required = rules.CourseIds.Where(id => rules.Counts(id, place.DesignationId)).ToList();
        var courses = await db.Courses.AsNoTracking().Where(c => required.Contains(c.Id)).Select(c => new { c.Id, c.Name }).ToListAsync(ct);
        var enrolments = await db.Enrolments.AsNoTracking().Where(x => x.EmployeeId == employeeId && required.Contains(x.CourseId))
            .Select(x => new { x.CourseId, x.Status, x.EnrolledOn, x.CompletedOn }).ToListAsync(ct);
        var mandatory = courses.Select(c =>
            {
                // Of several enrolments in one course, a completed one counts.
                var x = enrolments.Where(e => e.CourseId == c.Id).OrderByDescending(e => e.Status == EnrolmentStatus.Completed).FirstOrDefault();
                return new MandatoryCourseLine(c.Name, x?.Status, x?.EnrolledOn, x?.CompletedOn);
            })
            .OrderBy(m => m.Done).ThenBy(m => m.Course, StringComparer.Ordinal).ToList();
        return detail with { DepartmentId = place.DepartmentId, OfficeId = place.OfficeId, MandatoryCourses = mandatory };
    }
}
