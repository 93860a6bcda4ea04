using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Web.Data;
using Portal.Web.Features.Snapshot;
using Portal.Web.Features.Dashboard;

namespace Portal.Web.Benchmarks;

/// <summary>
/// `bench dashboard --database &lt;file&gt;`: times, through the services the pages use, the state dashboard
/// (cards, district breakdown, trend), each drill-down step (the slowest is drillMs) and employee lists (the slowest is employeeListMs),
/// as medians over repeated runs; and, once, the same state figures counted by GROUP BY over the raw rows.
/// </summary>
public static class DashboardBenchmark
{
    private const int Runs = 7;

    public static async Task<object> RunAsync(IDbContextFactory<PortalDbContext> factory, TextWriter log, CancellationToken ct = default)
    {
        await DatabaseSetup.MigrateAsync(factory, ct);
        double rebuildSeconds = 0;
        await using (var db = await factory.CreateDbContextAsync(DataScope.WholeState, ct))
        {
            if (!await db.ComplianceSnapshots.AnyAsync(ct))
            {
                await log.WriteLineAsync("no compliance snapshot yet: computing one");
                var clock = Stopwatch.StartNew();
                await new ComplianceAggregator(factory, TimeProvider.System, NullLogger<ComplianceAggregator>.Instance).RebuildAsync("bench", ct: ct);
                rebuildSeconds = clock.Elapsed.TotalSeconds;
            }
        }

        var dashboard = new DashboardService(factory);
        var breakdowns = new BreakdownService(factory);
        var today = DateOnly.FromDateTime(DateTime.Today);
        // A large district and, in it, its largest department and that department's largest office.
        DashboardView district, department, office, grouping;
        await using (var db = await factory.CreateDbContextAsync(DataScope.WholeState, ct))
        {
            var districtId = await db.Districts.Where(d => d.Name == "Lucknow").Select(d => d.Id).FirstAsync(ct);
            var groupingId = await db.DistrictGroupings.Where(g => g.Kind == GroupingKinds.Division && g.Districts.Any(d => d.Id == districtId)).Select(g => g.Id).FirstAsync(ct);
            var departmentId = await db.ComplianceCells.Where(c => c.DistrictId == districtId).GroupBy(c => c.DepartmentId)
                .OrderByDescending(g => g.Sum(c => c.Workforce)).Select(g => g.Key).FirstAsync(ct);
            var officeId = await db.ComplianceCells.Where(c => c.DistrictId == districtId && c.DepartmentId == departmentId && c.OfficeId != null)
                .GroupBy(c => c.OfficeId).OrderByDescending(g => g.Sum(c => c.Workforce)).Select(g => g.Key).FirstAsync(ct);
            grouping = new DashboardView { GroupingId = groupingId };
            district = new DashboardView { DistrictId = districtId };
            department = district with { DepartmentId = departmentId };
            office = department with { OfficeId = officeId };
        }

        var state = await MedianAsync(async () =>
        {
            await breakdowns.GetAsync(DataScope.WholeState, new DashboardView(), ct);
            await dashboard.GetTrendAsync(DataScope.WholeState, null, ct);
        });
        // Each drill-down step as the page loads it: the view's figures and rows, and its trend.
        var steps = new Dictionary<string, double>();
        foreach (var (name, view) in new[] { ("grouping", grouping), ("district", district), ("department", department), ("office", office),
                     ("stateByDesignationGroupC", new DashboardView { By = BreakdownKind.Designation, Group = ServiceGroup.C }) })
            steps[name] = Math.Round(await MedianAsync(async () =>
            {
                await breakdowns.GetAsync(DataScope.WholeState, view, ct);
                await dashboard.GetTrendAsync(DataScope.WholeState, view, ct);
            }), 1);
        // The employee list: an office's first page, and a whole district's list filtered by status as of a date.
        var lists = new Dictionary<string, double>
        {
            ["office"] = Math.Round(await MedianAsync(() => dashboard.GetEmployeesAsync(DataScope.WholeState, office, today, ct: ct)), 1),
            ["districtNotOnboardedPage3"] = Math.Round(await MedianAsync(() => dashboard.GetEmployeesAsync(DataScope.WholeState,
                district with { ShowEmployees = true, Status = StatusFilter.NotOnboarded, AsOf = today.AddDays(-30), Page = 3 }, today, ct: ct)), 1),
            ["districtCompletedPage1"] = Math.Round(await MedianAsync(() => dashboard.GetEmployeesAsync(DataScope.WholeState,
                district with { ShowEmployees = true, Status = StatusFilter.Completed }, today, ct: ct)), 1),
            ["districtSearch"] = Math.Round(await MedianAsync(() => dashboard.GetEmployeesAsync(DataScope.WholeState,
                district with { ShowEmployees = true, Search = "Ram" }, today, ct: ct)), 1),
        };
        var overview = await breakdowns.GetAsync(DataScope.WholeState, BreakdownKind.District, ct);

        await log.WriteLineAsync("counting the raw rows once (the naive way)...");
        var naive = Stopwatch.StartNew();
        await using (var db = await factory.CreateDbContextAsync(DataScope.WholeState, ct))
        {
            var people = await db.Employees.Where(e => e.Status == EmployeeStatus.Active).GroupBy(e => e.DistrictId)
                .Select(g => new { g.Key, W = g.Count(), O = g.Count(e => e.OnboardedOn != null) }).ToListAsync(ct);
            var learning = await db.Enrolments.Where(x => x.Status == EnrolmentStatus.Completed && x.Employee.Status == EmployeeStatus.Active)
                .GroupBy(x => x.Employee.DistrictId)
                .Select(g => new { g.Key, C = g.Count(), M = g.Sum(x => (long)x.LearningMinutes), L = g.Select(x => x.EmployeeId).Distinct().Count() }).ToListAsync(ct);
            if (people.Sum(p => p.W) != overview.Total.Workforce)
                await log.WriteLineAsync($"note: the snapshot is stale (workforce {overview.Total.Workforce} against {people.Sum(p => p.W)} counted)");
        }
        var naiveMs = naive.Elapsed.TotalMilliseconds;

        return new
        {
            employees = overview.Total.Workforce,
            completions = overview.Total.Completions,
            stateMs = Math.Round(state, 1),
            drillMs = steps.Values.Max(),
            employeeListMs = lists.Values.Max(),
            drillSteps = steps,
            employeeLists = lists,
            naiveStateMs = Math.Round(naiveMs),
            ratio = Math.Round(naiveMs / state, 1),
            snapshotRebuildSeconds = rebuildSeconds == 0 ? (double?)null : Math.Round(rebuildSeconds, 1),
        };
    }

    /// <summary>Median milliseconds of <see cref="Runs"/> runs after one warm-up.</summary>
    private static async Task<double> MedianAsync(Func<Task> action)
    {
        await action();
        var times = new List<double>();
        for (var i = 0; i < Runs; i++)
        {
            var clock = Stopwatch.StartNew();
            await action();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return times[Runs / 2];
    }
}
