using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Web.Data;

namespace Portal.Web.Features.Dashboard;

/// <summary>
/// `bench dashboard --database &lt;file&gt;`: times, through the services the pages use, the state dashboard
/// (cards, district breakdown, trend), a drill-down step (a district by department) and the employee list,
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
        int districtId;
        await using (var db = await factory.CreateDbContextAsync(DataScope.WholeState, ct))
            districtId = await db.Districts.Where(d => d.Name == "Lucknow").Select(d => d.Id).FirstOrDefaultAsync(ct);

        var state = await MedianAsync(async () =>
        {
            await dashboard.GetStateFiguresAsync(DataScope.WholeState, ct);
            await breakdowns.GetAsync(DataScope.WholeState, BreakdownKind.District, ct);
            await dashboard.GetTrendAsync(DataScope.WholeState, ct);
        });
        var drill = await MedianAsync(() => dashboard.GetDistrictAsync(DataScope.WholeState, districtId, ct));
        var list = await MedianAsync(() => dashboard.FindEmployeesAsync(DataScope.WholeState, districtId, "", ct));
        var overview = await dashboard.GetStateOverviewAsync(DataScope.WholeState, ct);

        await log.WriteLineAsync("counting the raw rows once (the naive way)...");
        var naive = Stopwatch.StartNew();
        await using (var db = await factory.CreateDbContextAsync(DataScope.WholeState, ct))
        {
            var people = await db.Employees.Where(e => e.Status == EmployeeStatus.Active).GroupBy(e => e.DistrictId)
                .Select(g => new { g.Key, W = g.Count(), O = g.Count(e => e.OnboardedOn != null) }).ToListAsync(ct);
            var learning = await db.Enrolments.Where(x => x.Status == EnrolmentStatus.Completed && x.Employee.Status == EmployeeStatus.Active)
                .GroupBy(x => x.Employee.DistrictId)
                .Select(g => new { g.Key, C = g.Count(), M = g.Sum(x => (long)x.LearningMinutes), L = g.Select(x => x.EmployeeId).Distinct().Count() }).ToListAsync(ct);
            if (people.Sum(p => p.W) != overview.State.Workforce)
                await log.WriteLineAsync($"note: the snapshot is stale (workforce {overview.State.Workforce} against {people.Sum(p => p.W)} counted)");
        }
        var naiveMs = naive.Elapsed.TotalMilliseconds;

        return new
        {
            employees = overview.State.Workforce,
            completions = overview.State.Completions,
            stateMs = Math.Round(state, 1),
            drillMs = Math.Round(drill, 1),
            employeeListMs = Math.Round(list, 1),
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
