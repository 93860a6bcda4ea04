using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Web.Data;
using Portal.Web.Features.Snapshot;

namespace Portal.Web.Benchmarks;

/// <summary>
/// `bench snapshot --database &lt;file&gt;`: on a state made by `seed`, times a recount of the whole state; then changes one
/// district's data as an upload would (some staff registered on iGOT, some leave, courses completed today, all in one
/// transaction that marks the district changed) and times the refresh that follows an upload, which recounts that
/// district only. The district's data stays changed afterwards (it is a benchmark database).
/// </summary>
public static class SnapshotBenchmark
{
    public const string DefaultDistrict = "Lucknow";

    public static async Task<object> RunAsync(IDbContextFactory<PortalDbContext> factory, string districtName, TextWriter log, CancellationToken ct = default)
    {
        await DatabaseSetup.MigrateAsync(factory, ct);
        var aggregator = new ComplianceAggregator(factory, TimeProvider.System, NullLogger<ComplianceAggregator>.Instance);
        var today = DateOnly.FromDateTime(DateTime.Now);

        await log.WriteLineAsync("recounting the whole state...");
        var watch = Stopwatch.StartNew();
        var full = await aggregator.RebuildAsync("bench: the whole state", today, ct);
        var fullSeconds = watch.Elapsed.TotalSeconds;

        await log.WriteLineAsync($"changing {districtName}'s data as an upload would...");
        int districtId, districtStaff, registered, left, completed;
        await using (var db = await factory.CreateDbContextAsync(DataScope.WholeState, ct))
        {
            districtId = await db.Districts.Where(d => d.Name == districtName).Select(d => (int?)d.Id).SingleOrDefaultAsync(ct)
                ?? throw new InvalidOperationException($"There is no district named '{districtName}'.");
            var staff = db.Employees.Where(e => e.DistrictId == districtId && e.Status == EmployeeStatus.Active);
            districtStaff = await staff.CountAsync(ct);
            var now = DateTime.UtcNow;
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var toRegister = await staff.Where(e => e.OnboardedOn == null).OrderBy(e => e.Id).Select(e => e.Id).Take(500).ToListAsync(ct);
            registered = await db.Employees.Where(e => toRegister.Contains(e.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.OnboardedOn, today).SetProperty(e => e.UpdatedAt, now), ct);
            var toLeave = await staff.OrderByDescending(e => e.Id).Select(e => e.Id).Take(50).ToListAsync(ct);
            left = await db.Employees.Where(e => toLeave.Contains(e.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, EmployeeStatus.Inactive).SetProperty(e => e.UpdatedAt, now), ct);
            var toComplete = await db.Enrolments.Where(x => x.Employee.DistrictId == districtId && x.Status != EnrolmentStatus.Completed)
                .OrderBy(x => x.Id).Select(x => x.Id).Take(2_000).ToListAsync(ct);
            completed = await db.Enrolments.Where(x => toComplete.Contains(x.Id)).ExecuteUpdateAsync(s => s
                .SetProperty(x => x.Status, EnrolmentStatus.Completed).SetProperty(x => x.ProgressPercent, 100)
                .SetProperty(x => x.CompletedOn, today).SetProperty(x => x.LearningMinutes, 90), ct);
            await db.Employees.Where(e => e.FirstCompletedOn == null && db.Enrolments.Any(x => toComplete.Contains(x.Id) && x.EmployeeId == e.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.FirstCompletedOn, today), ct);
            await ChangedDistricts.MarkAsync(db, [districtId], now, ct);
            await transaction.CommitAsync(ct);
        }

        await log.WriteLineAsync($"recounting {districtName} after the change...");
        watch.Restart();
        var partial = await aggregator.RefreshAsync("bench: one district changed", today, ct);
        var incrementalSeconds = watch.Elapsed.TotalSeconds;
        if (partial.DistrictsRecounted != 1)
            throw new InvalidOperationException($"Expected a recount of one district, got: {partial.Reason}.");

        return new
        {
            employees = full.Employees,
            completions = full.Completions,
            campaigns = full.Campaigns.Count,
            fullSeconds = Math.Round(fullSeconds, 2),
            incrementalSeconds = Math.Round(incrementalSeconds, 2),
            ratio = Math.Round(fullSeconds / incrementalSeconds, 1),
            district = districtName,
            districtEmployees = districtStaff,
            changed = new { registered, left, completed },
            employeesAfter = partial.Employees,
            completionsAfter = partial.Completions,
        };
    }
}
