using Microsoft.EntityFrameworkCore;
using Portal.Web.Data;

namespace Portal.Web.Features.Courses;

/// <summary>
/// A course a progress row resolved to: one already in the catalogue (<see cref="Pending"/> is null), or one the import
/// adds (<see cref="Pending"/>), whose <see cref="Id"/> is known once <see cref="CourseCatalogue.SaveNewAsync"/> has run.
/// </summary>
public sealed class ResolvedCourse
{
    private readonly int _existingId;

    internal ResolvedCourse(int existingId) => _existingId = existingId;
    internal ResolvedCourse(Course pending) => Pending = pending;

    /// <summary>The course this import adds to the catalogue; null for a course already known.</summary>
    public Course? Pending { get; }

    public bool IsNew => Pending is not null;

    public int Id => Pending is null ? _existingId
        : Pending.Id != 0 ? Pending.Id
        : throw new InvalidOperationException($"The new course \"{Pending.Name}\" has no id until CourseCatalogue.SaveNewAsync has run.");
}

/// <summary>
/// The course catalogue as one import sees it, loaded once (a few thousand courses at most) so that resolving a row is a
/// dictionary look-up. A course is found by its iGOT content id when the row has one, else by provider and name (trimmed,
/// any case, any spacing: <see cref="Course.KeyOf"/>); an unknown course becomes a new one with its listed duration,
/// and every later row naming it resolves to that same new course. <see cref="SaveNewAsync"/> inserts the new courses
/// (and records content ids learnt for known courses) in the import's own context and transaction.
/// Not thread-safe: one import, one catalogue.
/// </summary>
public sealed class CourseCatalogue
{
    private readonly Dictionary<string, ResolvedCourse> _byContentId = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ResolvedCourse> _byKey = new(StringComparer.Ordinal);
    private readonly HashSet<int> _withContentId = [];
    private readonly List<Course> _pending = [];
    private readonly Dictionary<int, string> _contentIdsLearnt = [];
    /// <summary>By name alone (<see cref="Course.KeyOf"/> without provider): the course of that name, or null when courses of several providers share it.</summary>
    private readonly Dictionary<string, ResolvedCourse?> _byName = new(StringComparer.Ordinal);

    private CourseCatalogue() { }

    public const int MaxContentIdLength = 100;
    public const int MaxContentTypeLength = 50;

    public static async Task<CourseCatalogue> LoadAsync(PortalDbContext db, CancellationToken ct = default)
    {
        var catalogue = new CourseCatalogue();
        var courses = await db.Courses.AsNoTracking()
            .Select(c => new { c.Id, c.IgotCourseId, c.Provider, c.Name }).ToListAsync(ct);
        foreach (var c in courses)
        {
            var known = new ResolvedCourse(c.Id);
            if (!string.IsNullOrWhiteSpace(c.IgotCourseId))
            {
                catalogue._byContentId.TryAdd(c.IgotCourseId.Trim(), known);
                catalogue._withContentId.Add(c.Id);
            }
            // The key is made here rather than read: the stored one of a course from before the catalogue was made by the
            // migration's SQL, whose lower() may differ from .NET's for letters outside ASCII.
            catalogue._byKey.TryAdd(Course.KeyOf(c.Provider, c.Name), known);
            catalogue.NoteName(c.Name, known);
        }
        return catalogue;
    }

    /// <summary>Courses this import adds, in the order first seen.</summary>
    public IReadOnlyList<Course> Pending => _pending;

    /// <summary>
    /// The course of a progress row. <paramref name="name"/> is required; <paramref name="durationMinutes"/> is the listed
    /// duration, used only for a new course (a known course keeps the hours the catalogue has, which a StateAdmin may have
    /// corrected). A known course found by provider and name whose content id was not known yet gets this row's id.
    /// </summary>
    public ResolvedCourse Resolve(string? contentId, string? provider, string name, string? contentType, int? durationMinutes)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("A course needs a name.", nameof(name));
        var id = Cut(contentId, MaxContentIdLength);
        var cleanName = Cut(name, Course.MaxNameLength)!;
        var cleanProvider = Cut(provider, Course.MaxProviderLength);

        if (id is not null && _byContentId.TryGetValue(id, out var byId)) return Fill(byId, durationMinutes);

        // By provider and name; a course from before the catalogue knew providers has the key "|name" and is found by
        // name alone. Same provider and name is the same course even under another content id: the key is unique.
        var key = Course.KeyOf(cleanProvider, cleanName);
        if (_byKey.TryGetValue(key, out var byKey) || (cleanProvider is not null && _byKey.TryGetValue(Course.KeyOf(null, cleanName), out byKey)))
        {
            if (id is not null) LearnContentId(byKey, id);
            return Fill(byKey, durationMinutes);
        }

        var course = new Course
        {
            IgotCourseId = id,
            Name = cleanName,
            Provider = cleanProvider,
            ContentType = Cut(contentType, MaxContentTypeLength),
            DurationMinutes = Math.Max(0, durationMinutes ?? 0),
        };
        var added = new ResolvedCourse(course);
        _pending.Add(course);
        _byKey[key] = added;
        NoteName(cleanName, added);
        if (id is not null) _byContentId[id] = added;
        return added;
    }

    /// <summary>
    /// The course of a report that names it without provider or content id (iGOT's CB plan report): the course of that
    /// name whose provider is unknown, else the one course of that name whatever its provider (so that an allocation
    /// points at the course the progress report's completions are recorded against). An unknown name becomes a new
    /// course without provider (which a later progress row naming a provider then finds by name). Null when courses of
    /// several providers share the name and none is without provider: the row cannot say which one it means.
    /// </summary>
    public ResolvedCourse? ResolveByName(string name)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("A course needs a name.", nameof(name));
        var cleanName = Cut(name, Course.MaxNameLength)!;
        var key = Course.KeyOf(null, cleanName);
        if (_byKey.TryGetValue(key, out var unknownProvider)) return unknownProvider;
        if (_byName.TryGetValue(key, out var only)) return only;
        return Resolve(null, null, cleanName, null, null);
    }

    /// <summary>Remembers the course of a name; a second course of the same name (another provider) makes the name ambiguous.</summary>
    private void NoteName(string name, ResolvedCourse course)
    {
        var key = Course.KeyOf(null, name);
        if (!_byName.TryAdd(key, course) && !ReferenceEquals(_byName[key], course)) _byName[key] = null;
    }

    /// <summary>
    /// Inserts the new courses and stores content ids learnt for known courses, in <paramref name="db"/>'s current
    /// transaction (the import's), so they are committed with its enrolments or not at all. Afterwards every
    /// <see cref="ResolvedCourse.Id"/> is known. Returns how many courses were added.
    /// </summary>
    public async Task<int> SaveNewAsync(PortalDbContext db, CancellationToken ct = default)
    {
        foreach (var (courseId, contentId) in _contentIdsLearnt)
            await db.Courses.Where(c => c.Id == courseId && c.IgotCourseId == null)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.IgotCourseId, contentId), ct);
        _contentIdsLearnt.Clear();

        var added = _pending.Where(c => c.Id == 0).ToList();
        if (added.Count == 0) return 0;
        db.Courses.AddRange(added);
        await db.SaveChangesAsync(ct);
        return added.Count;
    }

    private void LearnContentId(ResolvedCourse course, string contentId)
    {
        if (course.Pending is { } pending)
        {
            pending.IgotCourseId ??= contentId;
            if (pending.IgotCourseId == contentId) _byContentId.TryAdd(contentId, course);
            return;
        }
        var id = course.Id;
        if (_withContentId.Contains(id) || !_contentIdsLearnt.TryAdd(id, contentId)) return;
        _byContentId.TryAdd(contentId, course);
    }

    /// <summary>A new course first seen on a row without a duration takes the first duration a later row lists.</summary>
    private static ResolvedCourse Fill(ResolvedCourse course, int? durationMinutes)
    {
        if (course.Pending is { DurationMinutes: 0 } pending && durationMinutes > 0) pending.DurationMinutes = durationMinutes.Value;
        return course;
    }

    private static string? Cut(string? text, int length)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var trimmed = text.Trim();
        return trimmed.Length > length ? trimmed[..length].TrimEnd() : trimmed;
    }
}
