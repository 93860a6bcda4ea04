using Microsoft.EntityFrameworkCore;
using Portal.Web.Data;
using Portal.Web.Data.Providers;

namespace Portal.Web.Features.Snapshot;

/// <summary>
/// Marks districts whose staff or learning changed, so that the next snapshot recounts them (and only them: see
/// <see cref="ComplianceAggregator.RefreshAsync"/>). Whatever writes employees or enrolments calls it inside its own
/// transaction, so the mark is committed with the change or not at all, whichever portal instance recounts.
/// </summary>
public static class ChangedDistricts
{
    /// <summary>Marks these districts changed, within the context's current transaction if it has one.</summary>
    public static async Task MarkAsync(PortalDbContext db, IEnumerable<int> districtIds, DateTime at, CancellationToken ct = default)
    {
        // Plain inserts (no tracked entities): the writer's context may be in the middle of its own bulk work.
        var dialect = DatabaseDialect.For(db);
        foreach (var id in districtIds.Distinct())
            await db.Database.ExecuteSqlAsync(dialect.MarkDistrictChangedSql(id, at), ct);
    }

    /// <summary>
    /// Marks every district an upload under <paramref name="uploaderScope"/> can have changed: an upload changes only
    /// staff of its uploader's scope, moving them only within it, so a district officer's upload marks that district.
    /// A scope not limited to districts (the state, a department) marks them all.
    /// </summary>
    public static async Task MarkScopeAsync(PortalDbContext db, DataScope uploaderScope, DateTime at, CancellationToken ct = default) =>
        await MarkAsync(db, (IEnumerable<int>?)uploaderScope.DistrictIds ?? await db.Districts.Select(d => d.Id).ToListAsync(ct), at, ct);
}
