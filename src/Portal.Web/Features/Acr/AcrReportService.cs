using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Infrastructure;
using Portal.Web.Infrastructure.Localization;
using Portal.Web.Resources;

namespace Portal.Web.Features.Acr;

/// <summary>A district or office to choose from.</summary>
public sealed record AcrPlace(int Id, string Name);

/// <summary>One employee's line in the report's list: the statement's figures.</summary>
public sealed record AcrEmployeeLine(int Id, string Code, string Name, string Designation, string? Office, string District,
    decimal LearningHours, int Prescribed, int OnTime, int Late, int Missing, decimal SharePercent, bool Programme, string Verdict)
{
    public static AcrEmployeeLine Of(AcrStatement s) => new(s.Employee.Id, s.Employee.Code, s.Employee.Name, s.Employee.Designation,
        s.Employee.Office, s.Employee.District, s.LearningHours, s.Prescribed.Count, s.Count(AcrCourseState.DoneOnTime),
        s.Count(AcrCourseState.DoneLate), s.Count(AcrCourseState.Missing), s.SharePercent, s.Programme.Done, s.Verdict.Label);
}

/// <summary>What the report page asks for: the counts of a selection and a page of its employees, filtered.</summary>
public sealed record AcrListQuery(string? Search = null, string? Verdict = null, int Page = 1, int PageSize = AcrListQuery.DefaultPageSize)
{
    public const int DefaultPageSize = 25;
}

/// <summary>The counts by verdict of the selection, and the page of its employees that match the search and verdict.</summary>
public sealed record AcrReport(AcrVerdictTable Counts, IReadOnlyList<AcrEmployeeLine> Employees, int Matching, int Page, int PageSize)
{
    public int Pages => Math.Max(1, (Matching + PageSize - 1) / PageSize);
}

/// <summary>Statements to print together, or how many there would be when more than may be printed at once.</summary>
public sealed record AcrPrintBatch(IReadOnlyList<AcrStatement> Statements, int Employees, bool TooMany);

/// <summary>
/// The ACR reports of a reader's scope, over <see cref="AcrStatementService"/> (which decides every figure): the years
/// and places to choose from, the page's counts and employee list in one pass over the statements, a print batch, the
/// workbook, and the names and descriptions the command line and the audit need.
/// </summary>
public sealed class AcrReportService(IDbContextFactory<PortalDbContext> dbFactory, AcrStatementService statements, AcrVerdictIndexCache verdictIndexes,
    TimeProvider clock)
{
    /// <summary>Statements printed at once at most: an office's, not a district's (a browser would not print 5,000 pages).</summary>
    public const int MaxPrint = 500;

    /// <summary>The years that have rules, latest first.</summary>
    public async Task<IReadOnlyList<ReportingYear>> YearsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(DataScope.Nothing, ct);
        var years = await db.AcrRuleSets.Select(r => r.Year).ToListAsync(ct);
        return years.OrderDescending().ToList();
    }

    /// <summary>The current reporting year if it has rules; else the latest year before it that has; else the latest.</summary>
    public ReportingYear DefaultYear(IReadOnlyList<ReportingYear> years)
    {
        var current = ReportingYear.Current(clock);
        if (years.Count == 0 || years.Contains(current)) return current;
        return years.Where(y => y < current).DefaultIfEmpty(years[0]).Max();
    }

    public async Task<IReadOnlyList<AcrPlace>> DistrictsAsync(DataScope scope, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(scope, ct);
        return await db.Districts.OrderBy(d => d.Name).Select(d => new AcrPlace(d.Id, d.Name)).ToListAsync(ct);
    }

    /// <summary>The offices of a district within the scope (an HR cell sees only its department's).</summary>
    public async Task<IReadOnlyList<AcrPlace>> OfficesAsync(DataScope scope, int districtId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(scope, ct);
        return await db.Offices.Where(o => o.DistrictId == districtId).OrderBy(o => o.Name).Select(o => new AcrPlace(o.Id, o.Name)).ToListAsync(ct);
    }

    /// <summary>
    /// The selection of the given district and office ids, or null when either is outside the scope (or the office is not
    /// in the district): nothing is learnt about other scopes.
    /// </summary>
    public async Task<AcrSelection?> SelectionAsync(DataScope scope, int? districtId, int? officeId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(scope, ct);
        if (districtId is { } d && !await db.Districts.AnyAsync(x => x.Id == d, ct)) return null;
        if (officeId is { } o)
        {
            var office = await db.Offices.Where(x => x.Id == o).Select(x => new { x.DistrictId }).SingleOrDefaultAsync(ct);
            if (office is null || (districtId is not null && office.DistrictId != districtId)) return null;
            districtId ??= office.DistrictId;
        }
        return new AcrSelection(DistrictId: districtId, OfficeId: officeId);
    }

    /// <summary>The selection of a district and office named as the command line names them, or why there is none.</summary>
    public async Task<(AcrSelection? Selection, string? Problem)> SelectionByNameAsync(DataScope scope, string? district, string? office, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(scope, ct);
        int? districtId = null;
        if (!string.IsNullOrWhiteSpace(district))
        {
            var name = district.Trim().ToLower();
            var ids = await db.Districts.Where(d => d.Name.ToLower() == name).Select(d => d.Id).ToListAsync(ct);
            if (ids.Count != 1) return (null, $"no district named '{district}' in the login's scope.");
            districtId = ids[0];
        }
        int? officeId = null;
        if (!string.IsNullOrWhiteSpace(office))
        {
            var name = office.Trim().ToLower();
            var query = db.Offices.Where(o => o.Name.ToLower() == name);
            if (districtId is { } d) query = query.Where(o => o.DistrictId == d);
            var found = await query.Select(o => new { o.Id, o.DistrictId }).ToListAsync(ct);
            if (found.Count == 0) return (null, $"no office named '{office}' in the login's scope{(district is null ? "" : $" in {district}")}.");
            if (found.Count > 1) return (null, $"several offices are named '{office}': give --district too.");
            (officeId, districtId) = (found[0].Id, found[0].DistrictId);
        }
        return (new AcrSelection(DistrictId: districtId, OfficeId: officeId), null);
    }

    /// <summary>
    /// The selection in words, e.g. "district Meerut, office Thana 1, Meerut" (names read within the scope), in the words
    /// of <paramref name="L"/>: the reader's language (<see cref="SharedText.L"/>) or English for the audit (<see cref="EnglishText.L"/>).
    /// </summary>
    public async Task<string> DescribeAsync(DataScope scope, AcrSelection selection, IStringLocalizer L, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(scope, ct);
        var parts = new List<string>();
        if (selection.DistrictId is { } d) parts.Add(L["district {0}", await db.Districts.Where(x => x.Id == d).Select(x => x.Name).SingleOrDefaultAsync(ct) ?? ""]);
        if (selection.DepartmentId is { } p) parts.Add(L["department {0}", await db.Departments.Where(x => x.Id == p).Select(x => x.Name).SingleOrDefaultAsync(ct) ?? ""]);
        if (selection.OfficeId is { } o) parts.Add(L["office {0}", await db.Offices.Where(x => x.Id == o).Select(x => x.Name).SingleOrDefaultAsync(ct) ?? ""]);
        return parts.Count == 0 ? L["all of the scope"] : string.Join(", ", parts);
    }

    /// <summary>
    /// The counts by verdict of the selection (per office when a district or office is chosen, else per district) and the
    /// page of its employees matching the search (code or name) and verdict. The counts and every employee's verdict come
    /// from the verdict index (<see cref="AcrVerdictIndexCache"/>: counted once per data version, then reused); only the
    /// page's statements are built. <paramref name="counting"/> hears of a counting the page waits for.
    /// </summary>
    public async Task<AcrReport> GetReportAsync(DataScope scope, ReportingYear year, AcrSelection selection, AcrListQuery query,
        Action<AcrCounting>? counting = null, CancellationToken ct = default)
    {
        var groupBy = selection.DistrictId is null && selection.OfficeId is null ? AcrGroupBy.District : AcrGroupBy.Office;
        var index = await verdictIndexes.GetAsync(scope, year, selection, groupBy, counting, ct);
        var search = string.IsNullOrWhiteSpace(query.Search) ? null : await statements.SearchAsync(scope, selection, query.Search, ct);
        var page = Math.Max(1, query.Page);
        var pageSize = Math.Max(1, query.PageSize);
        var (skip, ids, matching) = ((page - 1) * pageSize, new List<int>(Math.Min(pageSize, index.Employees)), 0);
        foreach (var id in index.Matching(query.Verdict, search))
        {
            if (matching >= skip && ids.Count < pageSize) ids.Add(id);
            matching++;
        }
        var lines = new List<AcrEmployeeLine>(ids.Count);
        foreach (var chunk in ids.Chunk(AcrStatementService.ChunkSize))
            await foreach (var s in statements.StreamStatementsAsync(scope, year, selection with { EmployeeIds = chunk }, ct))
                lines.Add(AcrEmployeeLine.Of(s));
        return new AcrReport(index.Counts, lines, matching, page, pageSize);
    }

    /// <summary>The statements of the selection to print together, or only their number when more than <see cref="MaxPrint"/>.</summary>
    public async Task<AcrPrintBatch> PrintBatchAsync(DataScope scope, ReportingYear year, AcrSelection selection, CancellationToken ct = default)
    {
        int count;
        await using (var db = await dbFactory.CreateDbContextAsync(scope, ct))
        {
            var employees = db.Employees.Where(e => e.Status == EmployeeStatus.Active);
            if (selection.DistrictId is { } d) employees = employees.Where(e => e.DistrictId == d);
            if (selection.OfficeId is { } o) employees = employees.Where(e => e.OfficeId == o);
            if (selection.DepartmentId is { } p) employees = employees.Where(e => e.DepartmentId == p);
            count = await employees.CountAsync(ct);
        }
        if (count > MaxPrint) return new AcrPrintBatch([], count, TooMany: true);
        var list = new List<AcrStatement>(count);
        await foreach (var s in statements.StreamStatementsAsync(scope, year, selection, ct)) list.Add(s);
        // By office, then name: the order an HR cell files them in.
        return new AcrPrintBatch(list.OrderBy(s => s.Employee.Office).ThenBy(s => s.Employee.Name).ThenBy(s => s.Employee.Code).ToList(), list.Count, false);
    }

    /// <summary>
    /// Writes the ACR workbook of <paramref name="user"/>'s scope narrowed to <paramref name="selection"/> into
    /// <paramref name="output"/>. The caller checks the right to export and audits it.
    /// </summary>
    public async Task<AcrWorkbookResult> ExportAsync(SignedInUser user, ReportingYear year, AcrSelection selection, bool mask, Stream output,
        CancellationToken ct = default)
    {
        var rules = await statements.FindRulesAsync(year, ct) ?? throw new AcrRulesNotSetException(year);
        var byOffice = selection.DistrictId is not null || selection.OfficeId is not null;
        var tally = new AcrVerdictTally(year, rules.OrderedVerdicts.Select(v => v.Label).ToList(), byOffice ? AcrGroupBy.Office : AcrGroupBy.District);
        var now = clock.GetUtcNow().UtcDateTime;
        // In the language of whoever asked for the file (the page's reader; English from the command line).
        var L = SharedText.L;
        var heading = new AcrWorkbookHeading(
        [
            L["ACR training report {0} (1 April {1} to 31 March {2})", year.ToString(), year.StartYear, year.StartYear + 1],
            L["Scope: {0}; {1}; active staff", user.ScopeDescription, await DescribeAsync(user.Scope, selection, L, ct)],
            L["Rules: {0}", AcrStatementBuilder.Describe(rules)],
            L["Data as of {0}; exported by {1} ({2})", IndianTime.DateAndTime(now), user.DisplayName, user.LoginName],
            mask ? L["Contact details masked (e-mail domain, last 4 digits of the mobile)"] : L["Contact details not masked"],
        ]);
        return await AcrWorkbook.WriteAsync(output, statements.StreamStatementsAsync(user.Scope, year, selection, ct), tally, byOffice, mask, heading, ct);
    }

    /// <summary>The audit's words for an ACR export (who is added by the audit): what, year, scope and filters, masking.</summary>
    public static string ExportWhat(ReportingYear year, string selection, bool mask) =>
        $"ACR training report {year} (acr.xlsx), {selection}{(mask ? ", contacts masked" : "")}";

    public static string FileName(ReportingYear year, DateOnly today) => $"acr-training-report-{year}-{today:yyyy-MM-dd}.xlsx";
}
