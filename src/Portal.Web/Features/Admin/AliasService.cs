using Microsoft.EntityFrameworkCore;
using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Infrastructure.Spreadsheets;

namespace Portal.Web.Features.Admin;

public sealed record AliasRow(int Id, AliasKind Kind, string Alias, int TargetId, string Target);

/// <summary>Other names for districts, departments and designations that roster uploads accept. StateAdmin only; audited.</summary>
public sealed class AliasService(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    public async Task<IReadOnlyList<AliasRow>> ListAsync(SignedInUser actor, CancellationToken ct = default)
    {
        await RequireAsync(actor, ct);
        await using var db = await dbFactory.CreateDbContextAsync(DataScope.WholeState, ct);
        var names = await TargetsAsync(db, ct);
        var aliases = await db.NameAliases.AsNoTracking().OrderBy(a => a.Kind).ThenBy(a => a.Alias).ToListAsync(ct);
        return aliases.Select(a => new AliasRow(a.Id, a.Kind, a.Alias, a.TargetId, names.GetValueOrDefault((a.Kind, a.TargetId), "?"))).ToList();
    }

    public async Task<IReadOnlyList<(int Id, string Name)>> TargetsOfAsync(SignedInUser actor, AliasKind kind, CancellationToken ct = default)
    {
        await RequireAsync(actor, ct);
        await using var db = await dbFactory.CreateDbContextAsync(DataScope.WholeState, ct);
        return (await TargetsAsync(db, ct)).Where(t => t.Key.Item1 == kind).Select(t => (t.Key.Item2, t.Value)).OrderBy(t => t.Value).ToList();
    }

    /// <summary>Adds an alias; returns a problem in words, or null when added.</summary>
    public async Task<string?> AddAsync(SignedInUser actor, AliasKind kind, string alias, int targetId, CancellationToken ct = default)
    {
        await RequireAsync(actor, ct);
        var text = alias.Trim();
        if (text.Length is < 2 or > 150) return "An alias needs 2 to 150 characters.";
        await using var db = await dbFactory.CreateDbContextAsync(DataScope.WholeState, ct);
        var targets = await TargetsAsync(db, ct);
        if (!targets.TryGetValue((kind, targetId), out var target)) return "Choose what the alias stands for.";
        var key = HeaderMatcher.Key(text);
        var clash = targets.Where(t => t.Key.Item1 == kind && HeaderMatcher.Key(t.Value) == key).Select(t => t.Value).FirstOrDefault()
            ?? (await db.NameAliases.Where(a => a.Kind == kind).ToListAsync(ct)).Where(a => HeaderMatcher.Key(a.Alias) == key)
                .Select(a => targets.GetValueOrDefault((kind, a.TargetId))).FirstOrDefault();
        if (clash is not null) return $"'{text}' already means {clash}.";
        db.NameAliases.Add(new NameAlias { Kind = kind, Alias = text, TargetId = targetId });
        db.AuditEntries.Add(AuditLog.Entry(clock.GetUtcNow().UtcDateTime, actor.LoginName, AuditActions.AliasAdded, $"{kind} '{text}' = {target}"));
        await db.SaveChangesAsync(ct);
        return null;
    }

    public async Task RemoveAsync(SignedInUser actor, int aliasId, CancellationToken ct = default)
    {
        await RequireAsync(actor, ct);
        await using var db = await dbFactory.CreateDbContextAsync(DataScope.WholeState, ct);
        var alias = await db.NameAliases.SingleOrDefaultAsync(a => a.Id == aliasId, ct);
        if (alias is null) return;
        db.NameAliases.Remove(alias);
        db.AuditEntries.Add(AuditLog.Entry(clock.GetUtcNow().UtcDateTime, actor.LoginName, AuditActions.AliasRemoved, $"{alias.Kind} '{alias.Alias}'"));
        await db.SaveChangesAsync(ct);
    }

    private static async Task<Dictionary<(AliasKind, int), string>> TargetsAsync(PortalDbContext db, CancellationToken ct)
    {
        var result = new Dictionary<(AliasKind, int), string>();
        foreach (var d in await db.Districts.Select(d => new { d.Id, d.Name }).ToListAsync(ct)) result[(AliasKind.District, d.Id)] = d.Name;
        foreach (var d in await db.Departments.Select(d => new { d.Id, d.Name }).ToListAsync(ct)) result[(AliasKind.Department, d.Id)] = d.Name;
        foreach (var d in await db.Designations.Select(d => new { d.Id, d.Name }).ToListAsync(ct)) result[(AliasKind.Designation, d.Id)] = d.Name;
        return result;
    }

    private async Task RequireAsync(SignedInUser actor, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(DataScope.Nothing, ct);
        await db.RequireStateAdminAsync(actor, "Only a StateAdmin edits aliases.", ct);
    }
}
