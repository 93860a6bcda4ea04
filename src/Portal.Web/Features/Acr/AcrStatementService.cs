using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Portal.Web.Data;
using Portal.Web.Features.Snapshot;

namespace Portal.Web.Features.Acr;

/// <summary>Which employees of the reader's scope: narrowed to a district, department or office; active staff only unless said.</summary>
public sealed record AcrSelection(int? DistrictId = null, int? DepartmentId = null, int? OfficeId = null, bool ActiveOnly = true)
{
    public static readonly AcrSelection Everyone = new();
}

public enum AcrGroupBy { District, Office }

/// <summary>Employees by verdict in one district or office (an office of null: staff with no office on the roster).</summary>
public sealed record AcrGroupCounts(int DistrictId, string District, int? OfficeId, string? Office, IReadOnlyList<int> Counts)
{
    public int Total => Counts.Sum();
}

/// <summary>Counts by verdict per district or office; <see cref="Counts"/> of each group follow <see cref="Verdicts"/> (best first).</summary>
public sealed record AcrVerdictTable(ReportingYear Year, IReadOnlyList<string> Verdicts, IReadOnlyList<AcrGroupCounts> Groups)
{
    public IReadOnlyList<int> Totals => Verdicts.Select((_, i) => Groups.Sum(g => g.Counts[i])).ToList();
}

/// <summary>
/// Counts statements by verdict per district or office as they stream past: the counts the page, the export's summary
/// and <see cref="AcrStatementService.CountByVerdictAsync"/> show, all made here.
/// </summary>
public sealed class AcrVerdictTally(ReportingYear year, IReadOnlyList<string> verdicts, AcrGroupBy groupBy)
{
    private readonly Dictionary<(int District, int? Office), int[]> _counts = [];
    private readonly Dictionary<(int District, int? Office), (string District, string? Office)> _names = [];

    public void Add(AcrStatement s)
    {
        var key = (s.Employee.DistrictId, groupBy == AcrGroupBy.Office ? s.Employee.OfficeId : null);
        if (!_counts.TryGetValue(key, out var row))
        {
            _counts[key] = row = new int[verdicts.Count];
            _names[key] = (s.Employee.District, groupBy == AcrGroupBy.Office ? s.Employee.Office : null);
        }
        for (var i = 0; i < verdicts.Count; i++)
            if (verdicts[i] == s.Verdict.Label) { row[i]++; break; } // labels are unique within a year's rules
    }

    public AcrVerdictTable ToTable() => new(year, verdicts, _counts
        .Select(c => new AcrGroupCounts(c.Key.District, _names[c.Key].District, c.Key.Office, _names[c.Key].Office, c.Value))
        .OrderBy(g => g.District, StringComparer.OrdinalIgnoreCase).ThenBy(g => g.Office ?? "", StringComparer.OrdinalIgnoreCase).ToList());
}

/// <summary>A reporting year has no ACR rules yet: a StateAdmin sets them at /reports/rules.</summary>
public sealed class AcrRulesNotSetException(ReportingYear year)
    : InvalidOperationException($"The ACR rules for {year} are not set yet; a StateAdmin sets them under Reports → ACR rules.")
{
    public ReportingYear Year { get; } = year;
}

/// <summary>
/// ACR training statements (<see cref="AcrStatementBuilder"/> has the decisions) read within the reader's data scope: one
/// employee's, many streamed in chunks of employees (a few queries per chunk, none per employee, so 3 lakh employees
/// stream in bounded memory), and the counts by verdict per district or office (the sum of the statements).
/// </summary>
public sealed class AcrStatementService(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>Employees per chunk: a few hundred parameters per IN list (SQL Server allows 2,100).</summary>
    public const int ChunkSize = 500;

    /// <summary>The year's rules with their verdicts, or null when a StateAdmin has not set them.</summary>
    public async Task<AcrRuleSet?> FindRulesAsync(ReportingYear year, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(DataScope.Nothing, ct);
        return await LoadRulesAsync(db, year, ct);
    }

    /// <summary>The statement of one employee of <paramref name="scope"/> (any status), or null when not in it.</summary>
    public async Task<AcrStatement?> GetStatementAsync(DataScope scope, int employeeId, ReportingYear year, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(scope, ct);
        var builder = await BuilderAsync(db, year, ct);
        var employees = db.Employees.Where(e => e.Id == employeeId);
        var statements = await BuildChunkAsync(db, builder, await IdentitiesAsync(db, employees, ct), ct);
        return statements.SingleOrDefault();
    }

    /// <summary>
    /// The statements of the selected employees of <paramref name="scope"/>, in employee id order, read chunk by chunk:
    /// each chunk is a query for the employees, one for their completions and one for their allocations.
    /// </summary>
    public async IAsyncEnumerable<AcrStatement> StreamStatementsAsync(DataScope scope, ReportingYear year, AcrSelection? selection = null,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(scope, ct);
        var builder = await BuilderAsync(db, year, ct);
        var selected = Select(db, selection ?? AcrSelection.Everyone);
        var after = 0;
        while (true)
        {
            var from = after;
            var chunk = await IdentitiesAsync(db, selected.Where(e => e.Id > from).OrderBy(e => e.Id).Take(ChunkSize), ct);
            if (chunk.Count == 0) yield break;
            foreach (var statement in await BuildChunkAsync(db, builder, chunk, ct))
                yield return statement;
            after = chunk[^1].Id;
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>Employees by verdict per district or office of the selection: counted from the same statements as the export.</summary>
    public async Task<AcrVerdictTable> CountByVerdictAsync(DataScope scope, ReportingYear year, AcrGroupBy groupBy, AcrSelection? selection = null,
        CancellationToken ct = default)
    {
        var rules = await FindRulesAsync(year, ct) ?? throw new AcrRulesNotSetException(year);
        var tally = new AcrVerdictTally(year, rules.OrderedVerdicts.Select(v => v.Label).ToList(), groupBy);
        await foreach (var s in StreamStatementsAsync(scope, year, selection, ct))
            tally.Add(s);
        return tally.ToTable();
    }

    private static IQueryable<Employee> Select(PortalDbContext db, AcrSelection selection)
    {
        var query = db.Employees.AsQueryable();
        if (selection.ActiveOnly) query = query.Where(e => e.Status == EmployeeStatus.Active);
        if (selection.DistrictId is { } district) query = query.Where(e => e.DistrictId == district);
        if (selection.DepartmentId is { } department) query = query.Where(e => e.DepartmentId == department);
        if (selection.OfficeId is { } office) query = query.Where(e => e.OfficeId == office);
        return query;
    }

    private static async Task<AcrRuleSet?> LoadRulesAsync(PortalDbContext db, ReportingYear year, CancellationToken ct) =>
        await db.AcrRuleSets.AsNoTracking().Include(r => r.Verdicts).SingleOrDefaultAsync(r => r.Year == year, ct);

    /// <summary>The year's rules, the catalogue and the mandatory rules: read once per request, not per chunk.</summary>
    private async Task<AcrStatementBuilder> BuilderAsync(PortalDbContext db, ReportingYear year, CancellationToken ct)
    {
        var asOf = clock.GetUtcNow().UtcDateTime;
        var rules = await LoadRulesAsync(db, year, ct) ?? throw new AcrRulesNotSetException(year);
        var courses = await db.Courses.AsNoTracking()
            .Select(c => new AcrCourseInfo(c.Id, c.Name, c.IsCapacityBuildingProgramme)).ToDictionaryAsync(c => c.Id, ct);
        var mandatory = await MandatoryRules.LoadAsync(db, ct);
        return new AcrStatementBuilder(rules, courses, d => mandatory.CourseIds.Where(c => mandatory.Counts(c, d)), asOf);
    }

    /// <summary>The employees' identities, with names from the reference lists (each read in the reader's scope).</summary>
    private static async Task<List<AcrEmployee>> IdentitiesAsync(PortalDbContext db, IQueryable<Employee> employees, CancellationToken ct) =>
        await employees.AsNoTracking().Select(e => new AcrEmployee(e.Id, e.EmployeeCode, e.Name, e.Designation.Name,
                e.Office == null ? null : e.Office.Name, e.District.Name, e.Department.Name, e.Status, e.Email, e.Mobile,
                e.DesignationId, e.DistrictId, e.DepartmentId, e.OfficeId))
            .ToListAsync(ct);

    private static async Task<List<AcrStatement>> BuildChunkAsync(PortalDbContext db, AcrStatementBuilder builder, List<AcrEmployee> employees, CancellationToken ct)
    {
        if (employees.Count == 0) return [];
        var ids = employees.Select(e => e.Id).ToArray();
        var completions = (await db.Enrolments.AsNoTracking()
                .Where(x => ids.Contains(x.EmployeeId) && x.Status == EnrolmentStatus.Completed)
                .Select(x => new { x.EmployeeId, x.CourseId, x.CompletedOn, x.LearningMinutes }).ToListAsync(ct))
            .ToLookup(x => x.EmployeeId, x => new AcrCompletion(x.CourseId, x.CompletedOn, x.LearningMinutes));
        var (start, end) = (builder.Year.Start, builder.Year.End);
        var allocations = (await db.CbPlanAllocations.AsNoTracking()
                .Where(a => ids.Contains(a.EmployeeId) && a.DueOn >= start && a.DueOn <= end)
                .Select(a => new { a.EmployeeId, a.CourseId, a.AllocatedOn, a.DueOn, a.IsApar }).ToListAsync(ct))
            .ToLookup(a => a.EmployeeId, a => new AcrAllocation(a.CourseId, a.AllocatedOn, a.DueOn, a.IsApar));
        return employees.Select(e => builder.Build(e, completions[e.Id], allocations[e.Id])).ToList();
    }
}
