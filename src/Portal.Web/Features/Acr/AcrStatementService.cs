using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Portal.Web.Data;
using Portal.Web.Features.Snapshot;

namespace Portal.Web.Features.Acr;

/// <summary>
/// Which employees of the reader's scope: narrowed to a district, department or office; active staff only unless said;
/// or only the listed employees (at most <see cref="AcrStatementService.ChunkSize"/>, e.g. one page of a list).
/// </summary>
public sealed record AcrSelection(int? DistrictId = null, int? DepartmentId = null, int? OfficeId = null, bool ActiveOnly = true,
    IReadOnlyCollection<int>? EmployeeIds = null)
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
/// employee's, or many streamed in employee id order, and the counts by verdict per district or office (the sum of the
/// statements). Many are read as three ordered streams merged by employee (the employees, their completions, their
/// allocations: three queries for the whole selection, none per employee) on a task of their own, handing statements
/// to the reader through a bounded channel: reading and building overlap with whatever the reader does with them (the
/// export writes its sheets meanwhile), in bounded memory whatever the number of employees.
/// </summary>
public sealed class AcrStatementService(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>Most employees listed by id in one selection: a few hundred parameters per IN list (SQL Server allows 2,100).</summary>
    public const int ChunkSize = 500;

    /// <summary>Statements built ahead of the reader at most.</summary>
    private const int ReadAhead = 4_096;

    /// <summary>Statements handed over at a time: one hand-over per statement would cost more than the reader's work on it.</summary>
    private const int HandOver = 256;

    /// <summary>The year's rules with their verdicts, or null when a StateAdmin has not set them.</summary>
    public async Task<AcrRuleSet?> FindRulesAsync(ReportingYear year, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(DataScope.Nothing, ct);
        return await LoadRulesAsync(db, year, ct);
    }

    /// <summary>The statement of one employee of <paramref name="scope"/> (any status), or null when not in it.</summary>
    public async Task<AcrStatement?> GetStatementAsync(DataScope scope, int employeeId, ReportingYear year, CancellationToken ct = default)
    {
        AcrStatement? found = null;
        await foreach (var s in StreamStatementsAsync(scope, year, new AcrSelection(ActiveOnly: false, EmployeeIds: [employeeId]), ct))
            found = s;
        return found;
    }

    /// <summary>The statements of the selected employees of <paramref name="scope"/>, in employee id order.</summary>
    public async IAsyncEnumerable<AcrStatement> StreamStatementsAsync(DataScope scope, ReportingYear year, AcrSelection? selection = null,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        selection ??= AcrSelection.Everyone;
        if (selection.EmployeeIds is { Count: > ChunkSize })
            throw new ArgumentException($"At most {ChunkSize} employees are selected by id at once.", nameof(selection));
        var channel = Channel.CreateBounded<AcrStatement[]>(new BoundedChannelOptions(ReadAhead / HandOver) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var producer = Task.Run(() => ProduceAsync(scope, year, selection, channel.Writer, stop.Token), CancellationToken.None);
        try
        {
            await foreach (var batch in channel.Reader.ReadAllAsync(ct))
                foreach (var statement in batch)
                    yield return statement;
            await producer; // its failure (e.g. the rules not set) is the reader's
        }
        finally
        {
            // A reader that stops early (or fails) stops the reading too, and waits for it to let go of its connections.
            await stop.CancelAsync();
            try { await producer; }
            catch (OperationCanceledException) { }
            catch when (!producer.IsCompletedSuccessfully) { } // already surfaced above, or the reader's own failure wins
        }
    }

    /// <summary>How many employees of <paramref name="scope"/> the selection has (as many statements as it streams).</summary>
    public async Task<int> CountEmployeesAsync(DataScope scope, AcrSelection selection, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(scope, ct);
        return await Select(db, selection).CountAsync(ct);
    }

    /// <summary>The employees of the selection whose code or name contains <paramref name="text"/> (any case).</summary>
    public async Task<HashSet<int>> SearchAsync(DataScope scope, AcrSelection selection, string text, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(scope, ct);
        var lower = text.Trim().ToLowerInvariant();
        return (await Select(db, selection).Where(e => e.EmployeeCode.ToLower().Contains(lower) || e.Name.ToLower().Contains(lower))
            .Select(e => e.Id).ToListAsync(ct)).ToHashSet();
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

    /// <summary>Reads the three streams, merges them by employee, builds each statement and hands it on; completes the writer.</summary>
    private async Task ProduceAsync(DataScope scope, ReportingYear year, AcrSelection selection, ChannelWriter<AcrStatement[]> output, CancellationToken ct)
    {
        try
        {
            // One context per stream: each holds its own reader open for the whole selection.
            await using var db = await dbFactory.CreateDbContextAsync(scope, ct);
            await using var completionsDb = await dbFactory.CreateDbContextAsync(scope, ct);
            await using var allocationsDb = await dbFactory.CreateDbContextAsync(scope, ct);
            var builder = await BuilderAsync(db, year, ct);
            var (start, end) = (builder.Year.Start, builder.Year.End);

            var employees = IdentitiesOf(Select(db, selection).OrderBy(e => e.Id)).AsAsyncEnumerable();
            var completions = completionsDb.Enrolments.AsNoTracking()
                .Where(x => x.Status == EnrolmentStatus.Completed)
                .Join(Select(completionsDb, selection), x => x.EmployeeId, e => e.Id, (x, e) => x)
                .OrderBy(x => x.EmployeeId)
                .Select(x => new EmployeeFact<AcrCompletion>(x.EmployeeId, new AcrCompletion(x.CourseId, x.CompletedOn, x.LearningMinutes)))
                .AsAsyncEnumerable();
            var allocations = allocationsDb.CbPlanAllocations.AsNoTracking()
                .Where(a => a.DueOn >= start && a.DueOn <= end)
                .Join(Select(allocationsDb, selection), a => a.EmployeeId, e => e.Id, (a, e) => a)
                .OrderBy(a => a.EmployeeId)
                .Select(a => new EmployeeFact<AcrAllocation>(a.EmployeeId, new AcrAllocation(a.CourseId, a.AllocatedOn, a.DueOn, a.IsApar)))
                .AsAsyncEnumerable();

            await using var completionsOf = new MergedFacts<AcrCompletion>(completions, ct);
            await using var allocationsOf = new MergedFacts<AcrAllocation>(allocations, ct);
            var batch = new List<AcrStatement>(HandOver);
            await foreach (var employee in employees.WithCancellation(ct))
            {
                batch.Add(builder.Build(employee, await completionsOf.ForAsync(employee.Id), await allocationsOf.ForAsync(employee.Id)));
                if (batch.Count < HandOver) continue;
                await output.WriteAsync([.. batch], ct);
                batch.Clear();
            }
            if (batch.Count > 0) await output.WriteAsync([.. batch], ct);
        }
        finally { output.TryComplete(); }
    }

    private static IQueryable<Employee> Select(PortalDbContext db, AcrSelection selection)
    {
        var query = db.Employees.AsQueryable();
        if (selection.ActiveOnly) query = query.Where(e => e.Status == EmployeeStatus.Active);
        if (selection.DistrictId is { } district) query = query.Where(e => e.DistrictId == district);
        if (selection.DepartmentId is { } department) query = query.Where(e => e.DepartmentId == department);
        if (selection.OfficeId is { } office) query = query.Where(e => e.OfficeId == office);
        if (selection.EmployeeIds is { } ids) query = query.Where(e => ids.Contains(e.Id));
        return query;
    }

    private static async Task<AcrRuleSet?> LoadRulesAsync(PortalDbContext db, ReportingYear year, CancellationToken ct) =>
        await db.AcrRuleSets.AsNoTracking().Include(r => r.Verdicts).SingleOrDefaultAsync(r => r.Year == year, ct);

    /// <summary>
    /// The year's rules, the catalogue and the mandatory courses per designation: read once per request. Issued rules
    /// prescribe the mandatory courses recorded when they were issued; a draft's follow the catalogue as it is.
    /// </summary>
    private async Task<AcrStatementBuilder> BuilderAsync(PortalDbContext db, ReportingYear year, CancellationToken ct)
    {
        var asOf = clock.GetUtcNow().UtcDateTime;
        var rules = await LoadRulesAsync(db, year, ct) ?? throw new AcrRulesNotSetException(year);
        var courses = await db.Courses.AsNoTracking()
            .Select(c => new AcrCourseInfo(c.Id, c.Name, c.IsCapacityBuildingProgramme)).ToDictionaryAsync(c => c.Id, ct);
        if (rules.IsIssued)
        {
            var issued = await db.AcrIssuedMandatoryCourses.AsNoTracking().Where(r => r.RuleSetId == rules.Id)
                .Select(r => new { r.CourseId, r.DesignationId }).ToListAsync(ct);
            var everyone = issued.Where(r => r.DesignationId is null).Select(r => r.CourseId).ToList();
            var byDesignation = issued.Where(r => r.DesignationId is not null).ToLookup(r => r.DesignationId!.Value, r => r.CourseId);
            return new AcrStatementBuilder(rules, courses, d => everyone.Concat(byDesignation[d]), asOf);
        }
        var mandatory = await MandatoryRules.LoadAsync(db, ct);
        return new AcrStatementBuilder(rules, courses, d => mandatory.CourseIds.Where(c => mandatory.Counts(c, d)), asOf);
    }

    /// <summary>The employees' identities, with names from the reference lists (each read in the reader's scope).</summary>
    private static IQueryable<AcrEmployee> IdentitiesOf(IQueryable<Employee> employees) =>
        employees.AsNoTracking().Select(e => new AcrEmployee(e.Id, e.EmployeeCode, e.Name, e.Designation.Name,
            e.Office == null ? null : e.Office.Name, e.District.Name, e.Department.Name, e.Status, e.Email, e.Mobile,
            e.DesignationId, e.DistrictId, e.DepartmentId, e.OfficeId));

    /// <summary>A fact of one employee, as an employee-ordered stream carries it.</summary>
    private sealed record EmployeeFact<T>(int EmployeeId, T Fact);

    /// <summary>
    /// Walks a stream of facts ordered by employee alongside the employees (also in id order): each call hands the facts
    /// of the next employee asked for, skipping any of employees not asked for. The list is reused: read it before the next call.
    /// </summary>
    private sealed class MergedFacts<T>(IAsyncEnumerable<EmployeeFact<T>> facts, CancellationToken ct) : IAsyncDisposable
    {
        private readonly IAsyncEnumerator<EmployeeFact<T>> _facts = facts.GetAsyncEnumerator(ct);
        private readonly List<T> _current = [];
        private EmployeeFact<T>? _next;
        private bool _started, _ended;

        public async ValueTask<List<T>> ForAsync(int employeeId)
        {
            _current.Clear();
            if (!_started) { _started = true; await MoveAsync(); }
            while (!_ended && _next!.EmployeeId < employeeId) await MoveAsync();
            while (!_ended && _next!.EmployeeId == employeeId)
            {
                _current.Add(_next.Fact);
                await MoveAsync();
            }
            return _current;
        }

        private async ValueTask MoveAsync()
        {
            if (await _facts.MoveNextAsync()) _next = _facts.Current;
            else (_next, _ended) = (null, true);
        }

        public ValueTask DisposeAsync() => _facts.DisposeAsync();
    }
}
