using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Portal.Web.Data;
using Portal.Web.Data.Providers;
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

    /// <summary>
    /// Employees read at a time when statements are streamed: their ids go to the database as one parameter (a JSON
    /// array, EF.Parameter), so not bound by SQL Server's 2,100 parameters.
    /// </summary>
    private const int ReadChunk = 2_000;

    /// <summary>Statements built ahead of the reader at most.</summary>
    private const int ReadAhead = 1_024;

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

    /// <summary>
    /// Lists the selection's employee ids, then reads them a chunk at a time (employees, their completions, their
    /// allocations: three queries per <see cref="ReadChunk"/> employees), builds each statement and hands it on;
    /// completes the writer. Not three queries over the whole selection, each ordered by employee: a department's
    /// employees are found through its index, so each ordered query sorted all its rows (lakhs of employees, ten lakh
    /// completions) before handing over the first, and the export's writing waited for the three sorts.
    /// </summary>
    private async Task ProduceAsync(DataScope scope, ReportingYear year, AcrSelection selection, ChannelWriter<AcrStatement[]> output, CancellationToken ct)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(scope, ct);
            // Open for the whole read: the chunks' facts are read on it by position (ReadFacts).
            await db.Database.OpenConnectionAsync(ct);
            var dialect = DatabaseDialect.For(db);
            var builder = await BuilderAsync(db, year, ct);
            var (start, end) = (builder.Year.Start, builder.Year.End);
            var names = await ReferenceNames.LoadAsync(db, ct);
            var ids = await Select(db, selection).Select(e => e.Id).ToListAsync(ct);
            ids.Sort();

            var batch = new List<AcrStatement>(HandOver);
            var completionsOf = new List<AcrCompletion>();
            var allocationsOf = new List<AcrAllocation>();
            var completions = new List<EmployeeFact<AcrCompletion>>();
            var allocations = new List<EmployeeFact<AcrAllocation>>();
            for (var at = 0; at < ids.Count; at += ReadChunk)
            {
                var chunk = ids.GetRange(at, Math.Min(ReadChunk, ids.Count - at));
                // Read synchronously: this is a task of its own (SQLite reads synchronously anyway, behind the async calls).
                var employees = names.Identities(dialect, EmployeesOf(db, chunk));
                ReadFacts(dialect, CompletionsOf(db, chunk), completions, static row => new AcrCompletion(row.GetInt32(1), row.GetDate(2), row.GetInt32(3)));
                ReadFacts(dialect, AllocationsOf(db, chunk, start, end), allocations,
                    static row => new AcrAllocation(row.GetInt32(1), row.GetDate(2)!.Value, row.GetDate(3)!.Value, row.GetBoolean(4)));
                int c = 0, a = 0;
                foreach (var employee in employees)
                {
                    c = FactsOf(completions, c, employee.Id, completionsOf);
                    a = FactsOf(allocations, a, employee.Id, allocationsOf);
                    batch.Add(builder.Build(employee, completionsOf, allocationsOf));
                    if (batch.Count < HandOver) continue;
                    await output.WriteAsync([.. batch], ct);
                    batch.Clear();
                }
            }
            if (batch.Count > 0) await output.WriteAsync([.. batch], ct);
        }
        finally { output.TryComplete(); }
    }

    // A chunk's three queries. Its ids go as one parameter (EF.Parameter: a JSON array that each provider unpacks in SQL),
    // so that each query's SQL is the same for every chunk, and prepared once.
    internal static IQueryable<EmployeeColumns> EmployeesOf(PortalDbContext db, List<int> chunk) =>
        db.Employees.AsNoTracking().Where(e => EF.Parameter(chunk).Contains(e.Id)).OrderBy(e => e.Id)
            .Select(e => new EmployeeColumns(e.Id, e.EmployeeCode, e.Name, e.Status, e.Email, e.Mobile, e.DesignationId, e.DistrictId, e.DepartmentId, e.OfficeId));

    // What an export reads (ten lakh completions for a police department) is read by position (ReadFacts,
    // ReferenceNames.Identities), the columns in the order these records give them, the employee's id first.
    internal static IQueryable<CompletionColumns> CompletionsOf(PortalDbContext db, List<int> chunk) =>
        db.Enrolments.AsNoTracking()
            .Where(x => EF.Parameter(chunk).Contains(x.EmployeeId) && x.Status == EnrolmentStatus.Completed)
            .OrderBy(x => x.EmployeeId)
            .Select(x => new CompletionColumns(x.EmployeeId, x.CourseId, x.CompletedOn, x.LearningMinutes));

    internal static IQueryable<AllocationColumns> AllocationsOf(PortalDbContext db, List<int> chunk, DateOnly start, DateOnly end) =>
        db.CbPlanAllocations.AsNoTracking()
            .Where(a => EF.Parameter(chunk).Contains(a.EmployeeId) && a.DueOn >= start && a.DueOn <= end)
            .OrderBy(a => a.EmployeeId)
            .Select(a => new AllocationColumns(a.EmployeeId, a.CourseId, a.AllocatedOn, a.DueOn, a.IsApar));

    internal readonly record struct EmployeeColumns(int Id, string Code, string Name, EmployeeStatus Status, string? Email, string? Mobile,
        int DesignationId, int DistrictId, int DepartmentId, int? OfficeId);

    internal readonly record struct CompletionColumns(int EmployeeId, int CourseId, DateOnly? CompletedOn, int LearningMinutes);

    internal readonly record struct AllocationColumns(int EmployeeId, int CourseId, DateOnly AllocatedOn, DateOnly DueOn, bool IsApar);

    /// <summary>
    /// Replaces <paramref name="into"/> with the rows of <paramref name="query"/> (the employee's id first, then what
    /// <paramref name="fact"/> reads), through the command EF Core makes for it (the SQL, the scope's filters and
    /// the parameters are EF's) read by position: the provider's data reader checked and converted every value, which
    /// cost more than reading the rows.
    /// </summary>
    internal static void ReadFacts<T>(DatabaseDialect dialect, IQueryable query, List<EmployeeFact<T>> into, Func<Utf8Rows, T> fact)
    {
        into.Clear();
        using var rows = dialect.ReadRows(query.CreateDbCommand());
        while (rows.Read()) into.Add(new EmployeeFact<T>(rows.GetInt32(0), fact(rows)));
    }

    /// <summary>
    /// Fills <paramref name="into"/> with the facts of <paramref name="employeeId"/> from <paramref name="facts"/> (ordered
    /// by employee) at or after <paramref name="from"/>, skipping any of employees before it; returns where the next employee's begin.
    /// </summary>
    private static int FactsOf<T>(List<EmployeeFact<T>> facts, int from, int employeeId, List<T> into)
    {
        into.Clear();
        while (from < facts.Count && facts[from].EmployeeId < employeeId) from++;
        for (; from < facts.Count && facts[from].EmployeeId == employeeId; from++) into.Add(facts[from].Fact);
        return from;
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

    /// <summary>
    /// The names an employee's identity shows, each list read once per request in the reader's scope: a statement
    /// shares them, rather than a department's lakhs of statements each reading and holding their own copies.
    /// </summary>
    private sealed class ReferenceNames
    {
        private Dictionary<int, string> _designations = [], _offices = [], _districts = [], _departments = [];

        public static async Task<ReferenceNames> LoadAsync(PortalDbContext db, CancellationToken ct) => new()
        {
            _designations = await db.Designations.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.Name, ct),
            _offices = await db.Offices.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Name, ct),
            _districts = await db.Districts.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.Name, ct),
            _departments = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.Name, ct),
        };

        /// <summary>
        /// The employees' identities (read synchronously: the caller is a task of its own). As an inner join would, an
        /// employee whose designation, district or department the reader cannot see is left out; an office they cannot
        /// see shows as none.
        /// </summary>
        public List<AcrEmployee> Identities(DatabaseDialect dialect, IQueryable<EmployeeColumns> employees)
        {
            var identities = new List<AcrEmployee>();
            using var rows = dialect.ReadRows(employees.CreateDbCommand());
            while (rows.Read())
            {
                int designationId = rows.GetInt32(6), districtId = rows.GetInt32(7), departmentId = rows.GetInt32(8);
                if (!_designations.TryGetValue(designationId, out var designation) || !_districts.TryGetValue(districtId, out var district) ||
                    !_departments.TryGetValue(departmentId, out var department)) continue;
                int? officeId = rows.IsNull(9) ? null : rows.GetInt32(9);
                var office = officeId is { } o ? _offices.GetValueOrDefault(o) : null;
                identities.Add(new AcrEmployee(rows.GetInt32(0), rows.GetString(1)!, rows.GetString(2)!, designation, office, district, department,
                    (EmployeeStatus)rows.GetInt32(3), rows.GetString(4), rows.GetString(5), designationId, districtId, departmentId, officeId));
            }
            return identities;
        }
    }

    /// <summary>A fact of one employee, as an employee-ordered stream carries it.</summary>
    internal readonly record struct EmployeeFact<T>(int EmployeeId, T Fact);
}
