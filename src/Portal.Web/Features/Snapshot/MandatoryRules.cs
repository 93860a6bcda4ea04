using Microsoft.EntityFrameworkCore;
using Portal.Web.Data;

namespace Portal.Web.Features.Snapshot;

/// <summary>
/// Which mandatory courses apply to whom: a mandatory course with no listed designations applies to everyone;
/// a designation with no mandatory course has nothing to do (and so counts as compliant). Shared by the
/// dashboard's mandatory compliance and the campaigns' so both mean the same.
/// </summary>
public sealed class MandatoryRules
{
    private readonly Dictionary<int, HashSet<int>?> _designationsOf;
    private readonly Dictionary<int, int> _requiredOf;

    private MandatoryRules(Dictionary<int, HashSet<int>?> designationsOf, Dictionary<int, int> requiredOf) =>
        (_designationsOf, _requiredOf) = (designationsOf, requiredOf);

    public static async Task<MandatoryRules> LoadAsync(PortalDbContext db, CancellationToken ct)
    {
        var mandatory = await db.Courses.AsNoTracking().Where(c => c.IsMandatory)
            .Select(c => new { c.Id, Designations = c.ApplicableDesignations.Select(d => d.Id).ToList() }).ToListAsync(ct);
        var designations = await db.Designations.Select(d => d.Id).ToListAsync(ct);
        return new MandatoryRules(
            mandatory.ToDictionary(c => c.Id, c => c.Designations.Count == 0 ? null : c.Designations.ToHashSet()),
            designations.ToDictionary(d => d, d => mandatory.Count(c => c.Designations.Count == 0 || c.Designations.Contains(d))));
    }

    public IReadOnlyCollection<int> CourseIds => _designationsOf.Keys;

    /// <summary>How many mandatory courses a designation must complete.</summary>
    public int RequiredOf(int designationId) => _requiredOf.GetValueOrDefault(designationId);

    /// <summary>Whether completing this course counts towards this designation's mandatory courses.</summary>
    public bool Counts(int courseId, int designationId) =>
        _designationsOf.TryGetValue(courseId, out var only) && (only is null || only.Contains(designationId));
}
