using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Infrastructure.Localization;
using Portal.Web.Resources;

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

    /// <summary>The rules an edit must meet; the form shows them and the service enforces them (in the reader's language).</summary>
    public IReadOnlyList<string> Validate()
    {
        var L = SharedText.L;
        var problems = new List<string>();
        if (MinimumLearningHours is < 0 or > MaxHours) problems.Add(L["Minimum learning hours must be between 0 and {0}.", MaxHours.ToString("0")]);
        if (MinimumPrescribedShare is < 0 or > 100) problems.Add(L["The minimum share of prescribed courses must be between 0 and 100%."]);
        if (Verdicts.Count is < 2 or > MaxVerdicts) problems.Add(L["Give between 2 and {0} verdicts: the best first, the fallback last.", MaxVerdicts]);
        var labels = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (v, i) in Verdicts.Select((v, i) => (v, i + 1)))
        {
            var label = v.Label.Trim();
            if (label.Length == 0) problems.Add(L["Verdict {0} needs a label.", i]);
            else if (label.Length > AcrVerdictRule.MaxLabelLength) problems.Add(L["Verdict {0}'s label is longer than {1} characters.", i, AcrVerdictRule.MaxLabelLength]);
            else if (!labels.Add(label)) problems.Add(L["Two verdicts are labelled \"{0}\".", label]);
            if (v.MinimumShare is < 0 or > 100) problems.Add(L["Verdict {0}'s share must be between 0 and 100%.", i]);
            if (v.MinimumHours is < 0 or > MaxHours) problems.Add(L["Verdict {0}'s hours must be between 0 and {1}.", i, MaxHours.ToString("0")]);
        }
        if (Verdicts.Count >= 2)
        {
            var (best, last) = (Verdicts[0], Verdicts[^1]);
            if (last.MinimumShare > 0 || last.MinimumHours > 0 || last.RequiresProgramme)
                problems.Add(L["The last verdict is the fallback: it has no conditions."]);
            // The best verdict may not be given to someone short of what the year requires.
            if (best.MinimumShare < MinimumPrescribedShare || best.MinimumHours < MinimumLearningHours || (RequireCapacityBuildingProgramme && !best.RequiresProgramme))
                problems.Add(RequireCapacityBuildingProgramme
                    ? L["The first verdict (\"{0}\") must ask at least what the year requires: {1} of prescribed courses, {2} hours, the 7-day programme.", best.Label.Trim(), AcrText.Percent(MinimumPrescribedShare), AcrText.Hours(MinimumLearningHours)]
                    : L["The first verdict (\"{0}\") must ask at least what the year requires: {1} of prescribed courses, {2} hours.", best.Label.Trim(), AcrText.Percent(MinimumPrescribedShare), AcrText.Hours(MinimumLearningHours)]);
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
/// Messages and the page's summaries are in the reader's language; the audit trail is written in English (a record that
/// reads the same whoever made it).
public sealed class AcrRulesService(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock, IStringLocalizer<SharedText> L)
{
    private string OnlyStateAdmins => L["Only a StateAdmin sets the ACR rules."];

    public async Task<IReadOnlyList<AcrRulesYear>> ListAsync(SignedInUser? actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(DataScope.WholeState, ct);
        await db.RequireStateAdminAsync(actor, OnlyStateAdmins, ct);
        var rules = await db.AcrRuleSets.AsNoTracking().Include(r => r.Verdicts).ToListAsync(ct);
        return rules.OrderByDescending(r => r.Year)
            .Select(r => new AcrRulesYear(r.Year, r.IssuedAt, r.IssuedBy, r.UpdatedAt, r.UpdatedBy, Describe(r, L))).ToList();
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
        edit.StartedFrom = template is null ? L["the portal's defaults"] : L["the {0} rules", template.Year.ToString()];
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
        // The audit's before and after, in English.
        var before = rules is null ? "not set" : Describe(rules, EnglishText.L);
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

        var after = Describe(rules, EnglishText.L);
        if (after == before) return [];
        (rules.UpdatedAt, rules.UpdatedBy) = (now, actor.LoginName);
        db.AuditEntries.Add(AuditLog.Entry(now, actor.LoginName, AuditActions.AcrRulesChanged, $"{edit.Year}: {before} → {after}"));
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException) { return [L["The {0} rules were changed by someone else meanwhile; open them again.", edit.Year.ToString()]]; }
        return [];
    }

    /// <summary>Issues a year's rules: from now on its statements are judged by them as they are, and changes are refused.</summary>
    public async Task<IReadOnlyList<string>> IssueAsync(SignedInUser? actor, ReportingYear year, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(DataScope.WholeState, ct);
        await db.RequireStateAdminAsync(actor, OnlyStateAdmins, ct);
        var rules = await db.AcrRuleSets.Include(r => r.Verdicts).Include(r => r.IssuedMandatoryCourses).SingleOrDefaultAsync(r => r.Year == year, ct);
        if (rules is null) return [L["The {0} rules are not set yet; save them first.", year.ToString()]];
        if (rules.IssuedAt is not null) return [L["The {0} rules were already issued on {1} by {2}.", year.ToString(), AcrText.Date(DateOnly.FromDateTime(rules.IssuedAt.Value)), rules.IssuedBy ?? ""]];
        var now = clock.GetUtcNow().UtcDateTime;
        (rules.IssuedAt, rules.IssuedBy) = (now, actor.LoginName);
        // The catalogue's mandatory courses as they are now become the year's: later catalogue edits leave it alone.
        var mandatory = await db.Courses.Where(c => c.IsMandatory).Include(c => c.ApplicableDesignations).AsNoTracking().ToListAsync(ct);
        rules.IssuedMandatoryCourses.Clear();
        rules.IssuedMandatoryCourses.AddRange(AcrIssuedMandatoryCourse.Freeze(mandatory));
        db.AuditEntries.Add(AuditLog.Entry(now, actor.LoginName, AuditActions.AcrRulesIssued,
            $"{year}: {Describe(rules, EnglishText.L)}; mandatory courses recorded: {IssuedCoursesText(rules.IssuedMandatoryCourses)}"));
        await db.SaveChangesAsync(ct);
        return [];
    }

    /// <summary>Re-opens a year's issued rules for changes; the reason is required and audited.</summary>
    public async Task<IReadOnlyList<string>> ReopenAsync(SignedInUser? actor, ReportingYear year, string? reason, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(DataScope.WholeState, ct);
        await db.RequireStateAdminAsync(actor, OnlyStateAdmins, ct);
        if (string.IsNullOrWhiteSpace(reason)) return [L["Say why the issued rules are re-opened (it is kept in the audit trail)."]];
        var rules = await db.AcrRuleSets.Include(r => r.IssuedMandatoryCourses).SingleOrDefaultAsync(r => r.Year == year, ct);
        if (rules?.IssuedAt is not { } issuedAt) return [L["The {0} rules are not issued; they can be changed as they are.", year.ToString()]];
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

    private string IssuedRefusal(AcrRuleSet rules) =>
        L["The {0} rules were issued on {1} by {2}; re-open them to change them.", rules.Year.ToString(),
            AcrText.Date(DateOnly.FromDateTime(rules.IssuedAt!.Value)), rules.IssuedBy ?? ""];

    /// <summary>
    /// The rules in one line, e.g. "prescribed: mandatory courses, CB plan; ...", in the words of <paramref name="L"/>:
    /// <see cref="EnglishText.L"/> for the audit trail, the reader's language for the page.
    /// </summary>
    public static string Describe(AcrRuleSet r, IStringLocalizer L)
    {
        var sources = new List<string>();
        if (r.PrescribeMandatoryCourses) sources.Add(L["catalogue's mandatory courses"]);
        if (r.PrescribeCbPlanAllocations) sources.Add(r.CbPlanAparOnly ? L["CB-plan allocations marked APAR"] : L["CB-plan allocations"]);
        var verdicts = string.Join(" > ", r.OrderedVerdicts.Select(v => $"{v.Label} ({AcrVerdict.Conditions(v, L)})"));
        return string.Join("; ",
            L["prescribed: {0}", sources.Count == 0 ? L["nothing"] : string.Join(L[" and "], sources)],
            r.RequireCapacityBuildingProgramme
                ? L["year requires {0} of prescribed courses, {1} learning hours, the 7-day programme", AcrText.Percent(r.MinimumPrescribedShare), AcrText.Hours(r.MinimumLearningHours)]
                : L["year requires {0} of prescribed courses, {1} learning hours", AcrText.Percent(r.MinimumPrescribedShare), AcrText.Hours(r.MinimumLearningHours)],
            r.LateCompletionsCount ? L["late completions are counted"] : L["late completions are not counted"],
            L["verdicts: {0}", verdicts]);
    }
}
