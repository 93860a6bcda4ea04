using Microsoft.EntityFrameworkCore;
using Portal.Web.Data;
using Portal.Web.Features.Access;

namespace Portal.Web.Features.Acr;

/// <summary>One verdict as the form edits it.</summary>
public sealed class AcrVerdictEdit
{
    public string Label { get; set; } = "";
    public decimal MinimumShare { get; set; }
    public decimal MinimumHours { get; set; }
    public bool RequiresProgramme { get; set; }
}

/// <summary>What a StateAdmin edits of a year's ACR rules (see <see cref="AcrRuleSet"/> for what each means).</summary>
public sealed class AcrRulesEdit
{
    public ReportingYear Year { get; set; }
    /// <summary>False for a year without rules yet: the form starts from <see cref="StartedFrom"/>.</summary>
    public bool Exists { get; set; }
    /// <summary>For a new year's rules: the year they were copied from, or "the portal's defaults".</summary>
    public string? StartedFrom { get; set; }
    /// <summary>The year of <see cref="StartedFrom"/> (none for the portal's defaults), for the page to say it in the reader's language.</summary>
    public ReportingYear? StartedFromYear { get; set; }
    public DateTime? IssuedAt { get; set; }
    public string? IssuedBy { get; set; }

    public decimal MinimumLearningHours { get; set; }
    public bool RequireCapacityBuildingProgramme { get; set; }
    public decimal MinimumPrescribedShare { get; set; }
    public bool LateCompletionsCount { get; set; }
    public bool PrescribeMandatoryCourses { get; set; }
    public bool PrescribeCbPlanAllocations { get; set; }
    public bool CbPlanAparOnly { get; set; }
    public List<AcrVerdictEdit> Verdicts { get; set; } = [];

    public bool IsIssued => IssuedAt is not null;

    public const decimal MaxHours = 500m;
    public const int MaxVerdicts = 10;

    /// <summary>The rules an edit must meet; the form shows them and the service enforces them.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (MinimumLearningHours is < 0 or > MaxHours) problems.Add($"Minimum learning hours must be between 0 and {MaxHours:0}.");
        if (MinimumPrescribedShare is < 0 or > 100) problems.Add("The minimum share of prescribed courses must be between 0 and 100%.");
        if (Verdicts.Count is < 2 or > MaxVerdicts) problems.Add($"Give between 2 and {MaxVerdicts} verdicts: the best first, the fallback last.");
        var labels = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (v, i) in Verdicts.Select((v, i) => (v, i + 1)))
        {
            var label = v.Label.Trim();
            if (label.Length == 0) problems.Add($"Verdict {i} needs a label.");
            else if (label.Length > AcrVerdictRule.MaxLabelLength) problems.Add($"Verdict {i}'s label is longer than {AcrVerdictRule.MaxLabelLength} characters.");
            else if (!labels.Add(label)) problems.Add($"Two verdicts are labelled \"{label}\".");
            if (v.MinimumShare is < 0 or > 100) problems.Add($"Verdict {i}'s share must be between 0 and 100%.");
            if (v.MinimumHours is < 0 or > MaxHours) problems.Add($"Verdict {i}'s hours must be between 0 and {MaxHours:0}.");
        }
        if (Verdicts.Count >= 2)
        {
            var (best, last) = (Verdicts[0], Verdicts[^1]);
            if (last.MinimumShare > 0 || last.MinimumHours > 0 || last.RequiresProgramme)
                problems.Add("The last verdict is the fallback: it has no conditions.");
            // The best verdict may not be given to someone short of what the year requires.
            if (best.MinimumShare < MinimumPrescribedShare || best.MinimumHours < MinimumLearningHours || (RequireCapacityBuildingProgramme && !best.RequiresProgramme))
                problems.Add($"The first verdict (\"{best.Label.Trim()}\") must ask at least what the year requires: {AcrText.Percent(MinimumPrescribedShare)} of prescribed courses, {AcrText.Hours(MinimumLearningHours)} hours{(RequireCapacityBuildingProgramme ? ", the 7-day programme" : "")}.");
        }
        return problems;
    }

    internal static AcrRulesEdit From(AcrRuleSet rules) => new()
    {
        Year = rules.Year,
        Exists = rules.Id != 0,
        IssuedAt = rules.IssuedAt,
        IssuedBy = rules.IssuedBy,
        MinimumLearningHours = rules.MinimumLearningHours,
        RequireCapacityBuildingProgramme = rules.RequireCapacityBuildingProgramme,
        MinimumPrescribedShare = rules.MinimumPrescribedShare,
        LateCompletionsCount = rules.LateCompletionsCount,
        PrescribeMandatoryCourses = rules.PrescribeMandatoryCourses,
        PrescribeCbPlanAllocations = rules.PrescribeCbPlanAllocations,
        CbPlanAparOnly = rules.CbPlanAparOnly,
        Verdicts = rules.OrderedVerdicts.Select(v => new AcrVerdictEdit
        {
            Label = v.Label, MinimumShare = v.MinimumShare, MinimumHours = v.MinimumHours, RequiresProgramme = v.RequiresProgramme,
        }).ToList(),
    };
}

/// <summary>A year that has rules, as the rules page lists it.</summary>
public sealed record AcrRulesYear(ReportingYear Year, DateTime? IssuedAt, string? IssuedBy, DateTime UpdatedAt, string UpdatedBy, string Summary);

/// <summary>
/// A StateAdmin's ACR rules per reporting year: set (a new year starts as a copy of the latest earlier year's, or the
/// defaults), changed while a draft, issued, re-opened with a reason. Each is checked against the database's role at
/// the action and audited with the year and what was and is; issued rules refuse changes, so a past year's statements
/// keep the rules they were issued under. Changing one year never touches another's.
/// </summary>
public sealed class AcrRulesService(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    private const string OnlyStateAdmins = "Only a StateAdmin sets the ACR rules.";

    public async Task<IReadOnlyList<AcrRulesYear>> ListAsync(SignedInUser? actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(DataScope.WholeState, ct);
        await db.RequireStateAdminAsync(actor, OnlyStateAdmins, ct);
        var rules = await db.AcrRuleSets.AsNoTracking().Include(r => r.Verdicts).ToListAsync(ct);
        return rules.OrderByDescending(r => r.Year)
            .Select(r => new AcrRulesYear(r.Year, r.IssuedAt, r.IssuedBy, r.UpdatedAt, r.UpdatedBy, Describe(r))).ToList();
    }

    /// <summary>The year's rules to edit; for a year without rules, a copy of the latest earlier year's (else a later one's, else the defaults).</summary>
    public async Task<AcrRulesEdit> GetEditAsync(SignedInUser? actor, ReportingYear year, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(DataScope.WholeState, ct);
        await db.RequireStateAdminAsync(actor, OnlyStateAdmins, ct);
        var all = await db.AcrRuleSets.AsNoTracking().Include(r => r.Verdicts).ToListAsync(ct);
        if (all.SingleOrDefault(r => r.Year == year) is { } existing) return AcrRulesEdit.From(existing);
        var template = all.Where(r => r.Year < year).MaxBy(r => r.Year) ?? all.Where(r => r.Year > year).MinBy(r => r.Year);
        var edit = AcrRulesEdit.From(template ?? AcrRuleSet.Default(year, actor.LoginName, clock.GetUtcNow().UtcDateTime));
        (edit.Year, edit.Exists, edit.IssuedAt, edit.IssuedBy) = (year, false, null, null);
        edit.StartedFrom = template is null ? "the portal's defaults" : $"the {template.Year} rules";
        edit.StartedFromYear = template?.Year;
        return edit;
    }

    /// <summary>Sets or changes a year's rules; returns the problems that stopped it (nothing saved). Issued rules are refused.</summary>
    public async Task<IReadOnlyList<string>> SaveAsync(SignedInUser? actor, AcrRulesEdit edit, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(DataScope.WholeState, ct);
        await db.RequireStateAdminAsync(actor, OnlyStateAdmins, ct);
        var problems = edit.Validate();
        if (problems.Count > 0) return problems;
        var now = clock.GetUtcNow().UtcDateTime;
        var rules = await db.AcrRuleSets.Include(r => r.Verdicts).SingleOrDefaultAsync(r => r.Year == edit.Year, ct);
        if (rules is { IssuedAt: not null }) return [IssuedRefusal(rules)];
        var before = rules is null ? "not set" : Describe(rules);
        rules ??= db.AcrRuleSets.Add(new AcrRuleSet { Year = edit.Year, UpdatedBy = actor.LoginName }).Entity;

        rules.MinimumLearningHours = edit.MinimumLearningHours;
        rules.RequireCapacityBuildingProgramme = edit.RequireCapacityBuildingProgramme;
        rules.MinimumPrescribedShare = edit.MinimumPrescribedShare;
        rules.LateCompletionsCount = edit.LateCompletionsCount;
        rules.PrescribeMandatoryCourses = edit.PrescribeMandatoryCourses;
        rules.PrescribeCbPlanAllocations = edit.PrescribeCbPlanAllocations;
        rules.CbPlanAparOnly = edit.CbPlanAparOnly;
        // Verdicts are updated in place by position (a delete and insert of the same position would meet the unique index).
        var existing = rules.OrderedVerdicts.ToList();
        for (var i = 0; i < edit.Verdicts.Count; i++)
        {
            var verdict = i < existing.Count ? existing[i] : new AcrVerdictRule { Label = "" };
            if (i >= existing.Count) rules.Verdicts.Add(verdict);
            var v = edit.Verdicts[i];
            (verdict.Position, verdict.Label, verdict.MinimumShare, verdict.MinimumHours, verdict.RequiresProgramme) =
                (i + 1, v.Label.Trim(), v.MinimumShare, v.MinimumHours, v.RequiresProgramme);
        }
        foreach (var extra in existing.Skip(edit.Verdicts.Count)) rules.Verdicts.Remove(extra);

        var after = Describe(rules);
        if (after == before) return [];
        (rules.UpdatedAt, rules.UpdatedBy) = (now, actor.LoginName);
        db.AuditEntries.Add(AuditLog.Entry(now, actor.LoginName, AuditActions.AcrRulesChanged, $"{edit.Year}: {before} → {after}"));
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException) { return [$"The {edit.Year} rules were changed by someone else meanwhile; open them again."]; }
        return [];
    }

    /// <summary>Issues a year's rules: from now on its statements are judged by them as they are, and changes are refused.</summary>
    public async Task<IReadOnlyList<string>> IssueAsync(SignedInUser? actor, ReportingYear year, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(DataScope.WholeState, ct);
        await db.RequireStateAdminAsync(actor, OnlyStateAdmins, ct);
        var rules = await db.AcrRuleSets.Include(r => r.Verdicts).Include(r => r.IssuedMandatoryCourses).SingleOrDefaultAsync(r => r.Year == year, ct);
        if (rules is null) return [$"The {year} rules are not set yet; save them first."];
        if (rules.IssuedAt is not null) return [$"The {year} rules were already issued on {AcrText.Date(DateOnly.FromDateTime(rules.IssuedAt.Value))} by {rules.IssuedBy}."];
        var now = clock.GetUtcNow().UtcDateTime;
        (rules.IssuedAt, rules.IssuedBy) = (now, actor.LoginName);
        // The catalogue's mandatory courses as they are now become the year's: later catalogue edits leave it alone.
        var mandatory = await db.Courses.Where(c => c.IsMandatory).Include(c => c.ApplicableDesignations).AsNoTracking().ToListAsync(ct);
        rules.IssuedMandatoryCourses.Clear();
        rules.IssuedMandatoryCourses.AddRange(AcrIssuedMandatoryCourse.Freeze(mandatory));
        db.AuditEntries.Add(AuditLog.Entry(now, actor.LoginName, AuditActions.AcrRulesIssued,
            $"{year}: {Describe(rules)}; mandatory courses recorded: {IssuedCoursesText(rules.IssuedMandatoryCourses)}"));
        await db.SaveChangesAsync(ct);
        return [];
    }

    /// <summary>Re-opens a year's issued rules for changes; the reason is required and audited.</summary>
    public async Task<IReadOnlyList<string>> ReopenAsync(SignedInUser? actor, ReportingYear year, string? reason, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(DataScope.WholeState, ct);
        await db.RequireStateAdminAsync(actor, OnlyStateAdmins, ct);
        if (string.IsNullOrWhiteSpace(reason)) return ["Say why the issued rules are re-opened (it is kept in the audit trail)."];
        var rules = await db.AcrRuleSets.Include(r => r.IssuedMandatoryCourses).SingleOrDefaultAsync(r => r.Year == year, ct);
        if (rules?.IssuedAt is not { } issuedAt) return [$"The {year} rules are not issued; they can be changed as they are."];
        var now = clock.GetUtcNow().UtcDateTime;
        db.AuditEntries.Add(AuditLog.Entry(now, actor.LoginName, AuditActions.AcrRulesReopened,
            $"{year}: issued {AcrText.Date(DateOnly.FromDateTime(issuedAt))} by {rules.IssuedBy}; re-opened because: {reason.Trim()}"));
        (rules.IssuedAt, rules.IssuedBy) = (null, null);
        // Re-opened rules follow the catalogue again until they are issued anew (the rows go in the same save).
        rules.IssuedMandatoryCourses.Clear();
        await db.SaveChangesAsync(ct);
        return [];
    }

    private static string IssuedCoursesText(IReadOnlyCollection<AcrIssuedMandatoryCourse> rows)
    {
        var courses = rows.Select(r => r.CourseId).Distinct().Count();
        var everyone = rows.Count(r => r.DesignationId is null);
        return $"{courses} course(s), {everyone} for every designation, {rows.Count - everyone} designation-course pair(s)";
    }

    private static string IssuedRefusal(AcrRuleSet rules) =>
        $"The {rules.Year} rules were issued on {AcrText.Date(DateOnly.FromDateTime(rules.IssuedAt!.Value))} by {rules.IssuedBy}; re-open them to change them.";

    /// <summary>The rules in one line, for the audit trail and the page, e.g. "prescribed: mandatory courses, CB plan; ...".</summary>
    public static string Describe(AcrRuleSet r)
    {
        var sources = new List<string>();
        if (r.PrescribeMandatoryCourses) sources.Add("catalogue's mandatory courses");
        if (r.PrescribeCbPlanAllocations) sources.Add(r.CbPlanAparOnly ? "CB-plan allocations marked APAR" : "CB-plan allocations");
        var verdicts = string.Join(" > ", r.OrderedVerdicts.Select(v => $"{v.Label} ({AcrVerdict.Conditions(v)})"));
        return $"prescribed: {(sources.Count == 0 ? "nothing" : string.Join(" and ", sources))}; " +
               $"year requires {AcrText.Percent(r.MinimumPrescribedShare)} of prescribed courses, {AcrText.Hours(r.MinimumLearningHours)} learning hours" +
               $"{(r.RequireCapacityBuildingProgramme ? ", the 7-day programme" : "")}; late completions {(r.LateCompletionsCount ? "count" : "do not count")}; " +
               $"verdicts: {verdicts}";
    }
}
