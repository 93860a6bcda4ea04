using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Portal.Web.Data;

namespace Portal.Web.Features.Acr;

/// <summary>
/// Every selected employee's verdict for a year (ids in order, and the position of each one's verdict in
/// <see cref="AcrVerdictTable.Verdicts"/>), with the counts by verdict per district or office: what the reports page
/// needs to show its table and to page and filter its list, about 5 bytes an employee.
/// </summary>
public sealed class AcrVerdictIndex(AcrVerdictTable counts, int[] employeeIds, byte[] verdicts)
{
    public AcrVerdictTable Counts { get; } = counts;
    public int Employees => employeeIds.Length;

    /// <summary>The employees (in id order) whose verdict is <paramref name="verdict"/> (any when null) and who are in <paramref name="only"/> (all when null).</summary>
    public IEnumerable<int> Matching(string? verdict, IReadOnlySet<int>? only)
    {
        var wanted = verdict is null ? -1 : Counts.Verdicts.ToList().IndexOf(verdict);
        if (verdict is not null && wanted < 0) yield break;
        for (var i = 0; i < employeeIds.Length; i++)
            if ((wanted < 0 || verdicts[i] == wanted) && (only is null || only.Contains(employeeIds[i])))
                yield return employeeIds[i];
    }
}

/// <summary>How far the counting of a verdict index has got: statements counted of the employees selected.</summary>
public sealed class AcrCounting(int total)
{
    private int _counted;
    public int Total { get; } = total;
    public int Counted => Volatile.Read(ref _counted);
    public bool Finished { get; internal set; }
    internal void Add() => Interlocked.Increment(ref _counted);
}

/// <summary>
/// Verdict indexes, each computed once (from the same statements as everything else: <see cref="AcrStatementService"/>)
/// per reporting year, scope, selection and data version, and reused until any of them changes, so that the reports page of
/// a whole state or of a department of lakhs opens at once after its first counting. The data version is the latest
/// change mark (every import, catalogue change and recount writes one, in the change's own transaction; ids only grow),
/// the latest snapshot (which removes the marks it counted), and when the year's rules last changed or were issued.
/// Readers of the same key share one counting; a counting is never cancelled by a reader who leaves. Only the latest
/// few indexes are kept.
/// </summary>
public sealed class AcrVerdictIndexCache(IDbContextFactory<PortalDbContext> dbFactory, AcrStatementService statements)
{
    public const int MaxEntries = 24;

    private sealed record Key(ReportingYear Year, string Scope, int? DistrictId, int? DepartmentId, int? OfficeId, bool ActiveOnly, AcrGroupBy GroupBy, string Version);

    /// <summary>The counting starts when the entry is first asked for its index: a reader that lost the race to add one starts none.</summary>
    private sealed record Entry(AcrCounting Counting, Lazy<Task<AcrVerdictIndex>> Counted, long Order)
    {
        public Task<AcrVerdictIndex> Index => Counted.Value;
    }

    private readonly ConcurrentDictionary<Key, Entry> _entries = new();
    private long _order;

    /// <summary>
    /// The verdict index of the selection of <paramref name="scope"/>: at once when counted already; else counted (or joined
    /// while another reader's counting runs), telling <paramref name="counting"/> how far it has got meanwhile.
    /// </summary>
    public async Task<AcrVerdictIndex> GetAsync(DataScope scope, ReportingYear year, AcrSelection selection, AcrGroupBy groupBy,
        Action<AcrCounting>? counting = null, CancellationToken ct = default)
    {
        if (selection.EmployeeIds is not null) throw new ArgumentException("An index is of a district, department or office, not of listed employees.", nameof(selection));
        var key = new Key(year, scope.ToString(), selection.DistrictId, selection.DepartmentId, selection.OfficeId, selection.ActiveOnly, groupBy,
            await VersionAsync(year, ct));
        if (!_entries.TryGetValue(key, out var entry))
        {
            var rules = await statements.FindRulesAsync(year, ct) ?? throw new AcrRulesNotSetException(year);
            var progress = new AcrCounting(await statements.CountEmployeesAsync(scope, selection, ct));
            var created = new Entry(progress, new Lazy<Task<AcrVerdictIndex>>(() => Task.Run(() => CountAsync(scope, year, selection, groupBy, rules, progress))),
                Interlocked.Increment(ref _order));
            entry = _entries.GetOrAdd(key, created);
            if (ReferenceEquals(entry, created)) Trim(key);
        }
        if (!entry.Index.IsCompleted) counting?.Invoke(entry.Counting);
        try { return await entry.Index.WaitAsync(ct); }
        catch (Exception) when (entry.Index.IsFaulted)
        {
            _entries.TryRemove(new KeyValuePair<Key, Entry>(key, entry)); // a failed counting is tried again by the next reader
            throw;
        }
    }

    private async Task<AcrVerdictIndex> CountAsync(DataScope scope, ReportingYear year, AcrSelection selection, AcrGroupBy groupBy,
        AcrRuleSet rules, AcrCounting progress)
    {
        try
        {
            var labels = rules.OrderedVerdicts.Select(v => v.Label).ToList();
            var positions = labels.Select((label, i) => (label, i)).ToDictionary(x => x.label, x => (byte)x.i);
            var tally = new AcrVerdictTally(year, labels, groupBy);
            var (ids, verdicts) = (new List<int>(progress.Total), new List<byte>(progress.Total));
            await foreach (var s in statements.StreamStatementsAsync(scope, year, selection))
            {
                tally.Add(s);
                ids.Add(s.Employee.Id);
                verdicts.Add(positions[s.Verdict.Label]);
                progress.Add();
            }
            return new AcrVerdictIndex(tally.ToTable(), ids.ToArray(), verdicts.ToArray());
        }
        finally { progress.Finished = true; }
    }

    /// <summary>The data version the counts depend on (see the class); read in one query, so that it is one moment's.</summary>
    private async Task<string> VersionAsync(ReportingYear year, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(DataScope.Nothing, ct);
        var version = await db.AcrRuleSets.Where(r => r.Year == year).Select(r => new
        {
            r.Id, r.UpdatedAt, r.IssuedAt,
            Mark = db.SnapshotDirtyDistricts.Max(m => (long?)m.Id),
            Snapshot = db.ComplianceSnapshots.Max(s => (int?)s.Id),
        }).SingleOrDefaultAsync(ct);
        return version is null ? "no rules" : $"{version.Id}|{version.UpdatedAt:O}|{version.IssuedAt:O}|{version.Mark}|{version.Snapshot}";
    }

    /// <summary>Drops the indexes of older data versions of the same year, scope and selection, then the oldest past <see cref="MaxEntries"/>.</summary>
    private void Trim(Key added)
    {
        foreach (var stale in _entries.Where(e => e.Key != added && e.Key with { Version = added.Version } == added && e.Value.Counted.IsValueCreated && e.Value.Index.IsCompleted))
            _entries.TryRemove(stale);
        while (_entries.Count > MaxEntries)
        {
            var oldest = _entries.Where(e => e.Value.Counted.IsValueCreated && e.Value.Index.IsCompleted).MinBy(e => e.Value.Order);
            if (oldest.Key is null) return; // all still counting
            _entries.TryRemove(oldest);
        }
    }
}
