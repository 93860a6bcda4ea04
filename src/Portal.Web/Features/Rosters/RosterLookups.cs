using Microsoft.EntityFrameworkCore;
using Portal.Web.Data;
using Portal.Web.Infrastructure.Spreadsheets;
using Portal.Web.Resources;

namespace Portal.Web.Features.Rosters;

/// <summary>
/// Resolves the names a roster uses for districts, departments and designations: English or Hindi name or an
/// alias, ignoring case, spaces and dots. Unknown names get the closest known name as a suggestion.
/// </summary>
public sealed class RosterLookups
{
    public sealed class Lookup(string what)
    {
        private readonly Dictionary<string, (int Id, string Name)> _byKey = [];
        private readonly List<(string Key, string Name)> _candidates = [];
        public Dictionary<int, string> NameOf { get; } = [];

        public void Add(int id, string name, string? other, IEnumerable<string> aliases)
        {
            NameOf[id] = name;
            foreach (var n in new[] { name, other }.Concat(aliases))
            {
                if (string.IsNullOrWhiteSpace(n)) continue;
                var key = HeaderMatcher.Key(n);
                _byKey.TryAdd(key, (id, name));
                _candidates.Add((key, name));
            }
        }

        // Rosters repeat the same few hundred names a million times: remember each spelling once resolved.
        private readonly Dictionary<string, int?> _resolved = new(StringComparer.Ordinal);

        public bool TryResolve(string value, out int id)
        {
            if (!_resolved.TryGetValue(value, out var known))
            {
                known = _byKey.TryGetValue(HeaderMatcher.Key(value), out var hit) ? hit.Id : null;
                if (_resolved.Count < 100_000 && value.Length <= 128) _resolved[value] = known;
            }
            id = known ?? 0;
            return known is not null;
        }

        /// <summary>Longest spelling compared for a suggestion: no district, department or designation name is longer.</summary>
        internal const int MaxSuggestionInput = 64;
        /// <summary>Distinct unknown spellings given a suggestion; beyond that (a hostile or garbled file) none is computed.</summary>
        internal const int MaxSuggestions = 5_000;
        private readonly Dictionary<string, string?> _suggestions = new(StringComparer.Ordinal);

        /// <summary>"Unknown district 'Meeruth'. Did you mean Meerut?", in the uploader's language (one text per kind of name, as Hindi needs).</summary>
        public string Unknown(string value)
        {
            var suggestion = Suggest(value);
            var shown = RosterRowParser.Shown(value);
            return (what, suggestion is null) switch
            {
                ("district", false) => SharedText.L["Unknown district '{0}'. Did you mean {1}?", shown, suggestion!],
                ("district", true) => SharedText.L["Unknown district '{0}'. Use a district from the Lists sheet of the template.", shown],
                ("department", false) => SharedText.L["Unknown department '{0}'. Did you mean {1}?", shown, suggestion!],
                ("department", true) => SharedText.L["Unknown department '{0}'. Use a department from the Lists sheet of the template.", shown],
                (_, false) => SharedText.L["Unknown designation '{0}'. Did you mean {1}?", shown, suggestion!],
                _ => SharedText.L["Unknown designation '{0}'. Use a designation from the Lists sheet of the template.", shown],
            };
        }

        /// <summary>
        /// The closest known name, by edit distance, when close enough. Bounded: long input gets none, each
        /// spelling is worked out once, at most <see cref="MaxSuggestions"/> spellings are worked out, and names
        /// whose length alone puts them out of reach are not compared.
        /// </summary>
        internal string? Suggest(string value)
        {
            if (value.Length > MaxSuggestionInput * 4) return null;
            var key = HeaderMatcher.Key(value);
            if (key.Length == 0 || key.Length > MaxSuggestionInput) return null;
            if (_suggestions.TryGetValue(key, out var known)) return known;
            if (_suggestions.Count >= MaxSuggestions) return null;
            var reach = Math.Max(2, key.Length / 3);
            string? best = null;
            var bestDistance = int.MaxValue;
            foreach (var (candidateKey, name) in _candidates)
            {
                if (Math.Abs(candidateKey.Length - key.Length) > reach || candidateKey.Length > MaxSuggestionInput * 2) continue;
                var distance = Levenshtein(key, candidateKey);
                if (distance < bestDistance) { bestDistance = distance; best = name; }
            }
            var suggestion = bestDistance <= reach ? best : null;
            _suggestions[key] = suggestion;
            return suggestion;
        }
    }

    public Lookup Districts { get; } = new("district");
    public Lookup Departments { get; } = new("department");
    public Lookup Designations { get; } = new("designation");
    /// <summary>(districtId, departmentId, office key) → office id.</summary>
    public Dictionary<(int, int, string), int> Offices { get; } = [];

    public static async Task<RosterLookups> LoadAsync(PortalDbContext db, CancellationToken ct)
    {
        var aliases = await db.NameAliases.AsNoTracking().ToListAsync(ct);
        IEnumerable<string> AliasesOf(AliasKind kind, int id) => aliases.Where(a => a.Kind == kind && a.TargetId == id).Select(a => a.Alias);

        var lookups = new RosterLookups();
        foreach (var d in await db.Districts.AsNoTracking().ToListAsync(ct))
            lookups.Districts.Add(d.Id, d.Name, d.NameHindi, AliasesOf(AliasKind.District, d.Id));
        foreach (var d in await db.Departments.AsNoTracking().ToListAsync(ct))
            lookups.Departments.Add(d.Id, d.Name, d.NameHindi, AliasesOf(AliasKind.Department, d.Id));
        foreach (var d in await db.Designations.AsNoTracking().ToListAsync(ct))
            lookups.Designations.Add(d.Id, d.Name, d.NameHindi, AliasesOf(AliasKind.Designation, d.Id));
        foreach (var o in await db.Offices.AsNoTracking().Select(o => new { o.Id, o.DistrictId, o.DepartmentId, o.Name }).ToListAsync(ct))
            lookups.Offices.TryAdd((o.DistrictId, o.DepartmentId, HeaderMatcher.Key(o.Name)), o.Id);
        return lookups;
    }

    internal static int Levenshtein(string a, string b)
    {
        if (a.Length == 0) return b.Length;
        if (b.Length == 0) return a.Length;
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
