using Microsoft.EntityFrameworkCore;
using Portal.Web.Data;
using Microsoft.Extensions.Localization;
using Portal.Web.Features.Access;
using Portal.Web.Resources;

namespace Portal.Web.Features.Progress;

/// <summary>
/// The unmatched worklist: the iGOT users of committed progress uploads that no roster employee matched (or several
/// did), each as its latest upload reported it, and the clerk's hand links of such users to roster employees, which
/// every later upload uses. Every read goes through a context of the user's scope: the worklist rows through the
/// upload filter (the user's own uploads; all for a StateAdmin), employees and links through the district and
/// department filters, so nothing about staff outside the scope is read, let alone shown. Its answers to the clerk are
/// in the clerk's language (<paramref name="L"/>); the audit entries stay in English, as every audit entry is.
/// </summary>
public sealed class WorklistService(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock, IStringLocalizer<SharedText> L)
{
    /// <summary>The most employees a search offers to choose from.</summary>
    public const int MaxChoices = 20;
    /// <summary>Shorter search text would list the roster at random.</summary>
    public const int MinSearchLength = 2;

    private string NoLongerUploader => L["You may no longer link iGOT users: your role was changed. Sign in again or ask the state admin."];

    /// <summary>
    /// One page of the worklist in the user's scope, with the count of the whole filtered list. A page turn of the same
    /// filter may pass the count it already has as <paramref name="knownTotal"/>, which saves counting again.
    /// </summary>
    public async Task<PagedRows<WorklistEntry>> ListAsync(SignedInUser user, WorklistQuery query, int? knownTotal = null, CancellationToken ct = default)
    {
        var pageSize = Math.Clamp(query.PageSize, 1, WorklistQuery.MaxPageSize);
        var page = Math.Max(1, query.Page);
        // The count and the page each judge every stored row (about a second for 5 lakh rows on SQLite): run side by
        // side, each on its own context, the page waits for one of them rather than both.
        var total = knownTotal is { } known ? Task.FromResult(known) : CountAsync(user, query, ct);
        var rows = PageAsync(user, query, page, pageSize, ct);
        await Task.WhenAll(total, rows);
        return new PagedRows<WorklistEntry>(await rows, await total, page, pageSize);
    }

    private async Task<int> CountAsync(SignedInUser user, WorklistQuery query, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(user.Scope, ct);
        return await Current(db, query).CountAsync(ct);
    }

    private async Task<List<WorklistEntry>> PageAsync(SignedInUser user, WorklistQuery query, int page, int pageSize, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(user.Scope, ct);
        return await Sorted(Current(db, query), query.Sort).Skip((page - 1) * pageSize).Take(pageSize).Select(Entry).ToListAsync(ct);
    }

    /// <summary>
    /// Writes the whole filtered worklist (every page, in the list's order) to <paramref name="path"/> as .xlsx, with
    /// <paramref name="heading"/> above it, streaming from the database: lakhs of rows cost little memory. Returns the row count.
    /// </summary>
    public async Task<int> ExportAsync(SignedInUser user, WorklistQuery query, IReadOnlyList<string> heading, string path, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(user.Scope, ct);
        var rows = Sorted(Current(db, query), query.Sort).Select(Entry).AsAsyncEnumerable();
        return await UnmatchedWorkbook.WriteAsync(path, heading, rows, ct);
    }

    /// <summary>
    /// The current worklist of one problem: for each iGOT user the row of its latest committed upload the context can
    /// see, unless that row reports another problem, or the user now has a hand link. "Latest" is a NOT EXISTS on the
    /// (UserKey, BatchId) index, which SQLite and SQL Server both answer with one index seek per row.
    /// </summary>
    private static IQueryable<IgotUnmatchedUser> Current(PortalDbContext db, WorklistQuery query)
    {
        var committed = db.IgotUnmatchedUsers.AsNoTracking().Where(u => u.Batch.Outcome == ImportOutcome.Committed);
        var current = committed
            .Where(u => u.Problem == query.Problem)
            .Where(u => !committed.Any(later => later.UserKey == u.UserKey && later.BatchId > u.BatchId))
            // Links are read in scope: a link to an employee the user cannot see leaves the entry listed (the user learns
            // nothing about that employee); linking it again is then refused by the unique key.
            .Where(u => !db.IgotUserLinks.Any(l => l.UserKey == u.UserKey));
        foreach (var word in Words(query.SearchText))
        {
            var pattern = "%" + EscapeLike(word) + "%";
            current = current.Where(u => EF.Functions.Like(u.Name, pattern, LikeEscape) || EF.Functions.Like(u.Email, pattern, LikeEscape)
                || EF.Functions.Like(u.Phone, pattern, LikeEscape) || EF.Functions.Like(u.Organisation, pattern, LikeEscape));
        }
        return current;
    }

    private static IOrderedQueryable<IgotUnmatchedUser> Sorted(IQueryable<IgotUnmatchedUser> rows, WorklistSort sort) => sort == WorklistSort.Newest
        ? rows.OrderByDescending(u => u.BatchId).ThenByDescending(u => u.Completions).ThenBy(u => u.Id)
        : rows.OrderByDescending(u => u.Completions).ThenByDescending(u => u.BatchId).ThenBy(u => u.Id);

    private static readonly System.Linq.Expressions.Expression<Func<IgotUnmatchedUser, WorklistEntry>> Entry = u => new WorklistEntry(
        u.UserKey, u.Problem, u.Name, u.Email, u.Phone, u.EmployeeCode, u.Designation, u.Organisation, u.Rows, u.Completions, u.Candidates,
        u.BatchId, u.Batch.FileName, u.Batch.UploadedAt);

    /// <summary>
    /// Roster employees in the user's scope whose code is <paramref name="text"/> or starts with it, or whose name
    /// contains it (any case): exact codes first, at most <see cref="MaxChoices"/>.
    /// </summary>
    public async Task<IReadOnlyList<EmployeeChoice>> SearchEmployeesAsync(SignedInUser user, string? text, CancellationToken ct = default)
    {
        var search = text?.Trim() ?? "";
        if (search.Length < MinSearchLength) return [];
        await using var db = await dbFactory.CreateDbContextAsync(user.Scope, ct);
        var code = search.ToUpperInvariant(); // codes are stored upper-case
        var byCode = await Choices(db.Employees.Where(e => e.EmployeeCode.StartsWith(code)).OrderBy(e => e.EmployeeCode).Take(MaxChoices)).ToListAsync(ct);
        var pattern = "%" + EscapeLike(search) + "%";
        // No ORDER BY in SQL: the scan stops at the first matches instead of sorting every name that matches.
        var byName = await Choices(db.Employees.Where(e => EF.Functions.Like(e.Name, pattern, LikeEscape)).Take(MaxChoices)).ToListAsync(ct);
        return byCode.OrderBy(c => c.EmployeeCode == code ? 0 : 1)
            .Concat(byName.OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase).ThenBy(c => c.EmployeeCode, StringComparer.Ordinal))
            .DistinctBy(c => c.Id).Take(MaxChoices).ToList();
    }

    /// <summary>
    /// For an ambiguous iGOT user: the employees in the user's scope that share its e-mail or mobile (those outside the
    /// scope are neither counted nor shown). Empty when the entry is not the user's to see.
    /// </summary>
    public async Task<IReadOnlyList<EmployeeChoice>> CandidatesAsync(SignedInUser user, string userKey, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(user.Scope, ct);
        var entry = await LatestEntry(db, userKey).Select(u => new { u.Email, u.Phone }).FirstOrDefaultAsync(ct);
        if (entry is null) return [];
        var email = string.IsNullOrWhiteSpace(entry.Email) ? null : entry.Email.Trim().ToLowerInvariant(); // roster e-mails are stored lower-case
        var mobile = Mobile(entry.Phone);
        if (email is null && mobile is null) return [];
        return await Choices(db.Employees
                .Where(e => (email != null && e.Email == email) || (mobile != null && e.Mobile == mobile))
                .OrderBy(e => e.Name).ThenBy(e => e.EmployeeCode).Take(MaxChoices))
            .ToListAsync(ct);
    }

    private static IQueryable<EmployeeChoice> Choices(IQueryable<Employee> employees) => employees.AsNoTracking().Select(e => new EmployeeChoice(
        e.Id, e.EmployeeCode, e.Name, e.Designation.Name, e.Office != null ? e.Office.Name : null, e.District.Name, e.Department.Name, e.Email, e.Mobile));

    /// <summary>
    /// Links an iGOT user of the user's worklist (or of one of its hand links) to a roster employee of its scope; every
    /// later upload matches that iGOT user's rows to the employee. A key already linked in scope is relinked; one linked
    /// to an employee outside the scope is not the user's to change. The role is read from the database now. Audited.
    /// </summary>
    public async Task<WorklistOutcome> LinkAsync(SignedInUser user, string userKey, int employeeId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(user.Scope, ct);
        await db.RequireRoleAsync(user, Policies.UploaderRoles, NoLongerUploader, ct);

        var employee = await db.Employees.AsNoTracking().Where(e => e.Id == employeeId)
            .Select(e => new { e.Id, e.EmployeeCode, e.Name }).SingleOrDefaultAsync(ct);
        if (employee is null)
            return WorklistOutcome.Refused(L["That employee is not in your scope (or is no longer on the roster). Search again and choose an employee you can see."]);

        var existing = await db.IgotUserLinks.Include(l => l.Employee).SingleOrDefaultAsync(l => l.UserKey == userKey, ct);
        var entry = await LatestEntry(db, userKey).Select(u => new { u.Name, u.Email, u.Phone }).FirstOrDefaultAsync(ct);
        // Only a user the clerk can see may be linked: a made-up key could otherwise capture someone else's rows.
        if (entry is null && existing is null)
            return WorklistOutcome.Refused(L["This iGOT user is not in your worklist. Reload the page: another clerk may have linked it."]);

        var now = clock.GetUtcNow().UtcDateTime;
        var who = Describe(userKey, entry?.Name ?? existing?.Name);
        var whoForReader = DescribeForReader(userKey, entry?.Name ?? existing?.Name);
        var to = $"employee {employee.EmployeeCode} ({employee.Name})";
        if (existing is not null)
        {
            if (existing.EmployeeId == employee.Id) return new(true, L["{0} is already linked to {1} ({2}).", whoForReader, employee.Name, employee.EmployeeCode]);
            var before = $"employee {existing.Employee.EmployeeCode} ({existing.Employee.Name})";
            existing.EmployeeId = employee.Id;
            existing.LinkedBy = user.LoginName;
            existing.LinkedAt = now;
            db.AuditEntries.Add(AuditLog.Entry(now, user.LoginName, AuditActions.IgotLink, $"{who}: relinked from {before} to {to}"));
        }
        else
        {
            db.IgotUserLinks.Add(new IgotUserLink
            {
                UserKey = userKey, EmployeeId = employee.Id, Name = Cut(entry!.Name, 200), Email = Cut(entry.Email, 254),
                Phone = Mobile(entry.Phone), LinkedBy = user.LoginName, LinkedAt = now,
            });
            db.AuditEntries.Add(AuditLog.Entry(now, user.LoginName, AuditActions.IgotLink, $"{who}: linked to {to}"));
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (existing is null)
        {
            // The link and its audit entry were one save: nothing was written. Said why from what a fresh context of
            // the same scope sees, so the answer speaks no provider's error codes.
            return await WhyNotLinkedAsync(user, userKey, employeeId, ct);
        }
        return new(true, L["Linked {0} to {1} ({2}). Later uploads will match this iGOT user to that employee. Rows of reports already uploaded are not re-imported: upload the report again to import this user's rows.",
            whoForReader, employee.Name, employee.EmployeeCode]);
    }

    /// <summary>Removes a hand link the user can see (its employee is in scope). The role is read from the database now. Audited.</summary>
    public async Task<WorklistOutcome> UnlinkAsync(SignedInUser user, string userKey, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(user.Scope, ct);
        await db.RequireRoleAsync(user, Policies.UploaderRoles, NoLongerUploader, ct);
        var link = await db.IgotUserLinks.Include(l => l.Employee).SingleOrDefaultAsync(l => l.UserKey == userKey, ct);
        if (link is null) return WorklistOutcome.Refused(L["There is no hand link of this iGOT user in your scope (someone may have removed it)."]);

        var who = Describe(userKey, link.Name);
        db.IgotUserLinks.Remove(link);
        db.AuditEntries.Add(AuditLog.Entry(clock.GetUtcNow().UtcDateTime, user.LoginName, AuditActions.IgotUnlink,
            $"{who}: link to employee {link.Employee.EmployeeCode} ({link.Employee.Name}) removed"));
        await db.SaveChangesAsync(ct);
        return new(true, L["Removed the link of {0}. Later uploads will match this iGOT user by code, e-mail or mobile again.", DescribeForReader(userKey, link.Name)]);
    }

    /// <summary>The hand links whose employee is in the user's scope, latest first, searchable by the iGOT user or the employee.</summary>
    public async Task<PagedRows<HandLink>> LinksAsync(SignedInUser user, string? search = null, int page = 1, int pageSize = 25, CancellationToken ct = default)
    {
        pageSize = Math.Clamp(pageSize, 1, WorklistQuery.MaxPageSize);
        page = Math.Max(1, page);
        await using var db = await dbFactory.CreateDbContextAsync(user.Scope, ct);
        var links = db.IgotUserLinks.AsNoTracking();
        foreach (var word in Words(search))
        {
            var pattern = "%" + EscapeLike(word) + "%";
            links = links.Where(l => EF.Functions.Like(l.Name, pattern, LikeEscape) || EF.Functions.Like(l.Email, pattern, LikeEscape)
                || EF.Functions.Like(l.Phone, pattern, LikeEscape) || EF.Functions.Like(l.Employee.Name, pattern, LikeEscape)
                || EF.Functions.Like(l.Employee.EmployeeCode, pattern, LikeEscape));
        }
        var total = await links.CountAsync(ct);
        var rows = await links.OrderByDescending(l => l.LinkedAt).ThenByDescending(l => l.Id).Skip((page - 1) * pageSize).Take(pageSize)
            .Select(l => new HandLink(l.UserKey, l.Name, l.Email, l.Phone, l.EmployeeId, l.Employee.EmployeeCode, l.Employee.Name,
                l.Employee.District.Name, l.LinkedBy, l.LinkedAt))
            .ToListAsync(ct);
        return new PagedRows<HandLink>(rows, total, page, pageSize);
    }

    /// <summary>The iGOT user's row of its latest committed upload that the context can see.</summary>
    private static IQueryable<IgotUnmatchedUser> LatestEntry(PortalDbContext db, string userKey) => db.IgotUnmatchedUsers.AsNoTracking()
        .Where(u => u.UserKey == userKey && u.Batch.Outcome == ImportOutcome.Committed)
        .OrderByDescending(u => u.BatchId);

    /// <summary>
    /// Why a new link was refused by the database. The employee was seen a moment before and the link's other columns
    /// fit, so it is the unique key on UserKey: a link made meanwhile by another clerk (seen if its employee is in
    /// scope), or one to an employee outside the scope, which this user may neither see nor change.
    /// </summary>
    private async Task<WorklistOutcome> WhyNotLinkedAsync(SignedInUser user, string userKey, int employeeId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(user.Scope, ct);
        if (!await db.Employees.AnyAsync(e => e.Id == employeeId, ct))
            return WorklistOutcome.Refused(L["That employee is no longer on the roster of your scope. Search again and choose another."]);
        if (await db.IgotUserLinks.AnyAsync(l => l.UserKey == userKey, ct))
            return WorklistOutcome.Refused(L["Another clerk linked this iGOT user a moment ago. Reload the page to see the link under \"Linked by hand\"."]);
        return WorklistOutcome.Refused(L["This iGOT user is already linked by hand to an employee outside your scope. Ask the state admin if that link is wrong."]);
    }

    private static string Describe(string userKey, string? name) => string.IsNullOrWhiteSpace(name) ? $"iGOT user {userKey}" : $"iGOT user {name} ({userKey})";

    private string DescribeForReader(string userKey, string? name) =>
        string.IsNullOrWhiteSpace(name) ? L["iGOT user {0}", userKey] : L["iGOT user {0} ({1})", name, userKey];

    /// <summary>A roster mobile is ten digits: the last ten of a number written with +91 or 0 before it.</summary>
    private static string? Mobile(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone)) return null;
        var digits = new string(phone.Where(char.IsAsciiDigit).ToArray());
        return digits.Length >= 10 ? digits[^10..] : null;
    }

    private static string? Cut(string? text, int length) => text is { Length: > 0 } && text.Length > length ? text[..length] : text;

    private const string LikeEscape = "\\";

    private static string EscapeLike(string text) => text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_").Replace("[", "\\[");

    private static IEnumerable<string> Words(string? text) =>
        string.IsNullOrWhiteSpace(text) ? [] : text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Take(5);
}
