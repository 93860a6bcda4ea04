using Microsoft.EntityFrameworkCore;
using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Features.Snapshot;

namespace Portal.Web.Features.Courses;

/// <summary>A course as the catalogue lists it; <see cref="Enrolments"/> and <see cref="Completions"/> count the reader's scope only.</summary>
public sealed record CourseRow(int Id, string Name, string? Provider, string? ContentType, string? IgotCourseId, int DurationMinutes,
    bool IsMandatory, IReadOnlyList<string> MandatoryFor, bool IsCapacityBuildingProgramme, int Enrolments, int Completions)
{
    public decimal Hours => DurationMinutes / 60m;

    /// <summary>"Every designation" for a mandatory course that lists none; empty text for a course that is not mandatory.</summary>
    /// <summary>Whether every word of <paramref name="search"/> is in the name or the provider, in any case (the page's search box too).</summary>
    public bool Matches(string? search) =>
        string.IsNullOrWhiteSpace(search) || search.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .All(w => Name.Contains(w, StringComparison.OrdinalIgnoreCase) || (Provider?.Contains(w, StringComparison.OrdinalIgnoreCase) ?? false));

    /// <summary>Hours as "2", "1.5" or "0.75".</summary>
    public static string HoursText(int minutes) => (minutes / 60m).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);

    public string MandatoryForText => !IsMandatory ? "" : MandatoryFor.Count == 0 ? "Every designation" : string.Join(", ", MandatoryFor);
}

public enum CourseSort { Name, Provider, Hours, Enrolments, Completions }

public sealed record CourseChoice(int Id, string Label);

/// <summary>What a StateAdmin edits on a course (hours as a decimal for the form).</summary>
public sealed class CourseEdit
{
    public int Id { get; set; }
    public bool IsMandatory { get; set; }
    /// <summary>The designations a mandatory course applies to; empty means every designation.</summary>
    public IReadOnlyCollection<int> DesignationIds { get; set; } = [];
    public bool IsCapacityBuildingProgramme { get; set; }
    public decimal? Hours { get; set; }

    public const decimal MinHours = 0.5m;
    public const decimal MaxHours = 500m;

    /// <summary>The rules an edit must meet; the form shows them and the service enforces them.</summary>
    public IReadOnlyList<string> Validate() =>
        Hours is not { } h || h < MinHours || h > MaxHours ? [$"Hours must be between {MinHours} and {MaxHours:0}."] : [];

    public int DurationMinutes => (int)Math.Round(Hours!.Value * 60m, MidpointRounding.AwayFromZero);
}

/// <summary>
/// The course catalogue: every course known, with its enrolments and completions within the reader's data scope, and the
/// StateAdmin's settings on a course (mandatory and for whom, the 7-day capacity building programme, corrected hours),
/// checked in the database at each edit and audited. The dashboard's mandatory compliance (<see cref="MandatoryRules"/>)
/// and the campaigns read these settings; an edit that changes what they count asks for a whole-state recount.
/// </summary>
public sealed class CourseCatalogueService(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock, ComplianceRefresher? refresher = null)
{
    private const string OnlyStateAdmins = "Only a StateAdmin changes courses.";

    /// <summary>
    /// The catalogue, filtered by <paramref name="search"/> (in the name or provider, any case) and sorted (counts and hours
    /// largest first, then by name). The counts are of enrolments of staff in <paramref name="scope"/>: they are read
    /// through the scope's query filters, never across it.
    /// </summary>
    public async Task<IReadOnlyList<CourseRow>> ListAsync(DataScope scope, string? search = null, CourseSort sort = CourseSort.Name, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(scope, ct);
        // The catalogue itself is not staff data: every reader sees every course.
        var courses = await db.Courses.AsNoTracking()
            .Select(c => new
            {
                c.Id, c.Name, c.Provider, c.ContentType, c.IgotCourseId, c.DurationMinutes, c.IsMandatory, c.IsCapacityBuildingProgramme,
                Designations = c.ApplicableDesignations.OrderBy(d => d.Name).Select(d => d.Name).ToList(),
            })
            .ToListAsync(ct);
        var counts = await db.Enrolments
            .GroupBy(x => x.CourseId)
            .Select(g => new { CourseId = g.Key, Enrolments = g.Count(), Completions = g.Count(x => x.Status == EnrolmentStatus.Completed) })
            .ToDictionaryAsync(x => x.CourseId, ct);

        var rows = courses.Select(c =>
        {
            var n = counts.GetValueOrDefault(c.Id);
            return new CourseRow(c.Id, c.Name, c.Provider, c.ContentType, c.IgotCourseId, c.DurationMinutes, c.IsMandatory, c.Designations,
                c.IsCapacityBuildingProgramme, n?.Enrolments ?? 0, n?.Completions ?? 0);
        });
        if (!string.IsNullOrWhiteSpace(search)) rows = rows.Where(r => r.Matches(search));
        var byName = StringComparer.OrdinalIgnoreCase;
        return (sort switch
        {
            CourseSort.Provider => rows.OrderBy(r => r.Provider ?? "", byName).ThenBy(r => r.Name, byName),
            CourseSort.Hours => rows.OrderByDescending(r => r.DurationMinutes).ThenBy(r => r.Name, byName),
            CourseSort.Enrolments => rows.OrderByDescending(r => r.Enrolments).ThenBy(r => r.Name, byName),
            CourseSort.Completions => rows.OrderByDescending(r => r.Completions).ThenBy(r => r.Name, byName),
            _ => rows.OrderBy(r => r.Name, byName),
        }).ThenBy(r => r.Id).ToList();
    }

    /// <summary>The designations a course can be made mandatory for (the form's choices).</summary>
    public async Task<IReadOnlyList<CourseChoice>> GetDesignationsAsync(SignedInUser? actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(DataScope.WholeState, ct);
        await db.RequireStateAdminAsync(actor, OnlyStateAdmins, ct);
        return await db.Designations.OrderBy(d => d.Name).Select(d => new CourseChoice(d.Id, d.Name)).ToListAsync(ct);
    }

    public async Task<CourseEdit?> GetEditAsync(SignedInUser? actor, int courseId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(DataScope.WholeState, ct);
        await db.RequireStateAdminAsync(actor, OnlyStateAdmins, ct);
        return await db.Courses.AsNoTracking().Where(c => c.Id == courseId).Select(c => new CourseEdit
        {
            Id = c.Id,
            IsMandatory = c.IsMandatory,
            DesignationIds = c.ApplicableDesignations.Select(d => d.Id).ToList(),
            IsCapacityBuildingProgramme = c.IsCapacityBuildingProgramme,
            Hours = c.DurationMinutes / 60m,
        }).SingleOrDefaultAsync(ct);
    }

    /// <summary>
    /// Saves a StateAdmin's settings on a course; returns the problems that stopped it (nothing saved). Correcting the
    /// hours also credits the new duration to the course's completed enrolments (learning hours are the durations of
    /// completed content), in the same transaction. A change of the mandatory rule or of the hours marks every district
    /// changed and asks for a recount: mandatory rules apply state-wide, and the course's learners may be anywhere.
    /// </summary>
    public async Task<IReadOnlyList<string>> SaveAsync(SignedInUser? actor, CourseEdit edit, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(DataScope.WholeState, ct);
        await db.RequireStateAdminAsync(actor, OnlyStateAdmins, ct);
        var course = await db.Courses.Include(c => c.ApplicableDesignations).SingleOrDefaultAsync(c => c.Id == edit.Id, ct);
        if (course is null) return ["This course no longer exists."];
        // A course listed shorter than half an hour on iGOT keeps its hours through an edit of its other settings.
        var problems = edit.Hours is { } h && h == course.DurationMinutes / 60m ? [] : edit.Validate().ToList();
        var wanted = edit.IsMandatory ? edit.DesignationIds.Distinct().ToList() : [];
        var designations = await db.Designations.Where(d => wanted.Contains(d.Id)).ToListAsync(ct);
        if (designations.Count != wanted.Count) problems.Add("A chosen designation no longer exists.");
        if (problems.Count > 0) return problems;

        var before = Describe(course);
        var rulesBefore = (course.IsMandatory, Ids: course.ApplicableDesignations.Select(d => d.Id).Order().ToList());
        var minutes = edit.Hours == course.DurationMinutes / 60m ? course.DurationMinutes : edit.DurationMinutes;
        var hoursChanged = minutes != course.DurationMinutes;
        var rulesChanged = rulesBefore.IsMandatory != edit.IsMandatory || !rulesBefore.Ids.SequenceEqual(wanted.Order());

        course.IsMandatory = edit.IsMandatory;
        course.ApplicableDesignations.Clear();
        course.ApplicableDesignations.AddRange(designations);
        course.IsCapacityBuildingProgramme = edit.IsCapacityBuildingProgramme;
        course.DurationMinutes = minutes;
        var after = Describe(course);
        if (after == before) return [];

        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var recredited = 0;
        if (hoursChanged)
            recredited = await db.Enrolments.AcrossScopes()
                .Where(x => x.CourseId == course.Id && x.Status == EnrolmentStatus.Completed && x.LearningMinutes != minutes)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.LearningMinutes, minutes), ct);
        db.AuditEntries.Add(AuditLog.Entry(now, actor.LoginName, AuditActions.CourseChanged,
            $"\"{course.Name}\": {before} → {after}" + (hoursChanged ? $"; learning time of {recredited} completed enrolments set to the new hours" : "")));
        await db.SaveChangesAsync(ct);
        var recount = hoursChanged || rulesChanged;
        if (recount) await ChangedDistricts.MarkAsync(db, await db.Districts.AcrossScopes().Select(d => d.Id).ToListAsync(ct), now, ct);
        await transaction.CommitAsync(ct);
        if (recount) refresher?.Request($"course \"{course.Name}\" changed");
        return [];
    }

    /// <summary>The settings an audit entry records, e.g. "mandatory for Constable, ANM; 7-day programme; 2.5 h".</summary>
    private static string Describe(Course c)
    {
        var mandatory = !c.IsMandatory ? "not mandatory"
            : c.ApplicableDesignations.Count == 0 ? "mandatory for every designation"
            : "mandatory for " + string.Join(", ", c.ApplicableDesignations.Select(d => d.Name).Order(StringComparer.Ordinal));
        return mandatory + (c.IsCapacityBuildingProgramme ? "; 7-day programme" : "") + $"; {CourseRow.HoursText(c.DurationMinutes)} h";
    }
}
