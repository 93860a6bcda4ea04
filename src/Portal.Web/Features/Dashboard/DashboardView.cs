using System.Globalization;
using Portal.Web.Data;
using Portal.Web.Features.Snapshot;
using Portal.Web.Infrastructure;
using Portal.Web.Infrastructure.Localization;
using Portal.Web.Resources;

namespace Portal.Web.Features.Dashboard;

/// <summary>Where the drill-down stands: what the table's rows are.</summary>
public enum DrillLevel
{
    /// <summary>The scope, broken down by the chosen <see cref="BreakdownKind"/>.</summary>
    State,
    /// <summary>One division, police range or zone: its districts.</summary>
    Grouping,
    /// <summary>One district: its departments.</summary>
    District,
    /// <summary>One department in one district: its offices.</summary>
    Department,
    /// <summary>One office: its employees.</summary>
    Office,
}

/// <summary>Which employees the list shows, judged as of a date.</summary>
public enum StatusFilter
{
    All,
    Onboarded,
    NotOnboarded,
    Completed,
    NotCompleted,
}

/// <summary>
/// One dashboard view, all of it in the URL's query string so it can be bookmarked, sent before a meeting and
/// reached with the back button: the drill-down path (grouping → district → department → office), the
/// breakdown at state level, and the filters, which combine with any step of the path.
/// </summary>
public sealed record DashboardView
{
    public BreakdownKind By { get; init; } = BreakdownKind.District;
    /// <summary>With <see cref="BreakdownKind.Grouping"/>: which kind of grouping, as stored (e.g. "Police Range").</summary>
    public string? GroupingKind { get; init; }
    public int? GroupingId { get; init; }
    public int? DistrictId { get; init; }
    /// <summary>A step of the path (within a district) and, above it, a filter: both mean "only this department".</summary>
    public int? DepartmentId { get; init; }
    /// <summary>0 stands for the employees with no office on the roster.</summary>
    public int? OfficeId { get; init; }
    public int? DesignationId { get; init; }
    public ServiceGroup? Group { get; init; }

    // The employee list.
    public bool ShowEmployees { get; init; }
    public StatusFilter Status { get; init; }
    /// <summary>The date the status is judged on; today when not given.</summary>
    public DateOnly? AsOf { get; init; }
    public string? Search { get; init; }
    public int Page { get; init; } = 1;

    public DrillLevel Level =>
        OfficeId is not null && DistrictId is not null && DepartmentId is not null ? DrillLevel.Office
        : DistrictId is not null && DepartmentId is not null ? DrillLevel.Department
        : DistrictId is not null ? DrillLevel.District
        : GroupingId is not null ? DrillLevel.Grouping
        : DrillLevel.State;

    /// <summary>The employee list is shown at an office, or on request from a district or a department.</summary>
    public bool ListsEmployees => Level == DrillLevel.Office || (ShowEmployees && Level is DrillLevel.District or DrillLevel.Department);

    /// <summary>What the rows of the breakdown table are at this level.</summary>
    public BreakdownKind RowKind => Level switch
    {
        DrillLevel.Grouping => BreakdownKind.District,
        DrillLevel.District => BreakdownKind.Department,
        DrillLevel.Department or DrillLevel.Office => BreakdownKind.Office,
        _ => By,
    };

    public bool HasFilters => DesignationId is not null || Group is not null || (DepartmentId is not null && DistrictId is null);

    public static string Slug(BreakdownKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>A grouping kind in a URL: "Police Range" is "police-range".</summary>
    public static string Slug(string groupingKind) => string.Join("-", groupingKind.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries));

    /// <summary>The breakdown's value of the URL's "by".</summary>
    public string BySlug => By == BreakdownKind.Grouping && GroupingKind is { } kind ? Slug(kind) : Slug(By);

    public static string StatusSlug(StatusFilter status) => status switch
    {
        StatusFilter.Onboarded => "onboarded",
        StatusFilter.NotOnboarded => "not-onboarded",
        StatusFilter.Completed => "completed",
        StatusFilter.NotCompleted => "not-completed",
        _ => "all",
    };

    /// <summary>
    /// Reads a view from query values; anything unreadable falls back to the default, never an error page. A "by" that
    /// names no fixed breakdown is taken for a grouping kind (the service checks it against the stored kinds).
    /// </summary>
    public static DashboardView Parse(Func<string, string?> query)
    {
        int? Id(string name) => int.TryParse(query(name), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
        var by = query("by")?.ToLowerInvariant();
        var group = query("group");
        var asOf = query("asof");
        var fixedKinds = Enum.GetValues<BreakdownKind>().Where(k => k is not BreakdownKind.Office and not BreakdownKind.Grouping).ToList();
        var isGrouping = !string.IsNullOrWhiteSpace(by) && !fixedKinds.Any(k => Slug(k) == by) && by.All(c => char.IsAsciiLetterLower(c) || c == '-');
        return new DashboardView
        {
            By = isGrouping ? BreakdownKind.Grouping : fixedKinds.FirstOrDefault(k => Slug(k) == by, BreakdownKind.District),
            GroupingKind = isGrouping ? by : null,
            GroupingId = Id("grouping"),
            DistrictId = Id("district"),
            DepartmentId = Id("department"),
            OfficeId = Id("office"),
            DesignationId = Id("designation"),
            Group = Enum.TryParse<ServiceGroup>(group, true, out var g) && Enum.IsDefined(g) && !int.TryParse(group, out _) ? g : null,
            ShowEmployees = query("view") == "employees",
            Status = Enum.GetValues<StatusFilter>().FirstOrDefault(s => StatusSlug(s) == query("status"), StatusFilter.All),
            AsOf = DateOnly.TryParseExact(asOf, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null,
            Search = string.IsNullOrWhiteSpace(query("q")) ? null : query("q")!.Trim(),
            Page = Id("page") is { } p and > 0 ? p : 1,
        };
    }

    /// <summary>The query string of this view (defaults left out, so URLs stay short).</summary>
    public string ToQuery()
    {
        var parts = new List<string>();
        void Add(string name, object? value)
        {
            if (value is not null) parts.Add($"{name}={Uri.EscapeDataString(Convert.ToString(value, CultureInfo.InvariantCulture)!)}");
        }
        if (Level == DrillLevel.State && By != BreakdownKind.District) Add("by", BySlug);
        Add("grouping", GroupingId);
        Add("district", DistrictId);
        Add("department", DepartmentId);
        Add("office", OfficeId);
        Add("designation", DesignationId);
        Add("group", Group);
        if (ShowEmployees && Level != DrillLevel.Office) Add("view", "employees");
        if (Status != StatusFilter.All) Add("status", StatusSlug(Status));
        Add("asof", AsOf?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("q", Search);
        if (Page > 1) Add("page", Page);
        return parts.Count == 0 ? "" : "?" + string.Join("&", parts);
    }

    /// <summary>The view one click below this one, on the row with this key (see <see cref="BreakdownRow.Key"/>).</summary>
    public DashboardView? Below(BreakdownKind rowKind, string key)
    {
        if (key.Length < 2 || !int.TryParse(key[1..], out var id)) return null;
        var fresh = this with { ShowEmployees = false, Search = null, Page = 1 };
        return rowKind switch
        {
            BreakdownKind.District => fresh with { DistrictId = id },
            BreakdownKind.Grouping => fresh with { GroupingId = id },
            BreakdownKind.Department when DistrictId is null => fresh with { DepartmentId = id, By = BreakdownKind.District },
            BreakdownKind.Department => fresh with { DepartmentId = id },
            BreakdownKind.Designation => fresh with { DesignationId = id, By = BreakdownKind.District },
            BreakdownKind.Office => fresh with { OfficeId = id },
            _ => null,
        };
    }

    /// <summary>
    /// The breadcrumb of this view: the scope (<paramref name="scopeName"/>), then each step of <paramref name="path"/>;
    /// the filters stay on every link, and the last crumb (this view) has none.
    /// </summary>
    public IReadOnlyList<Crumb> Breadcrumb(string scopeName, IReadOnlyList<PathStep> path)
    {
        var filters = this with { GroupingId = null, DistrictId = null, OfficeId = null, ShowEmployees = false, Search = null, Page = 1, Status = StatusFilter.All, AsOf = null,
            DepartmentId = DistrictId is null ? DepartmentId : null };
        var crumbs = new List<Crumb> { new(scopeName, "/" + filters.ToQuery()) };
        var step = filters with { DepartmentId = null };
        foreach (var p in path)
        {
            step = p.Level switch
            {
                DrillLevel.Grouping => step with { GroupingId = p.Id },
                DrillLevel.District => step with { DistrictId = p.Id },
                DrillLevel.Department => step with { DepartmentId = p.Id },
                _ => step with { OfficeId = p.Id },
            };
            crumbs.Add(new Crumb(p.Name, "/" + step.ToQuery()));
        }
        crumbs[^1] = crumbs[^1] with { Href = null };
        return crumbs;
    }

    /// <summary>The state-level breakdowns to choose from: district, each grouping kind the scope has, department, designation, category.</summary>
    public IEnumerable<(string Label, DashboardView View)> BreakdownChoices(IEnumerable<string> groupingKinds)
    {
        var plain = this with { By = BreakdownKind.District, GroupingKind = null };
        yield return ("District", plain);
        foreach (var kind in groupingKinds)
            yield return (kind, plain with { By = BreakdownKind.Grouping, GroupingKind = kind });
        foreach (var kind in new[] { BreakdownKind.Department, BreakdownKind.Designation, BreakdownKind.Category })
            yield return (BreakdownService.Label(kind), plain with { By = kind });
    }

    /// <summary>
    /// The heading of an export of this view: the scope and the path, the filters by name, the snapshot's time, and who
    /// exported it when.
    /// </summary>
    public IReadOnlyList<string> ExportHeading(string scopeName, IReadOnlyList<PathStep> path, FilterOptions? options, SnapshotInfo? snapshot,
        string? exporter, DateTimeOffset now)
    {
        // In the language of whoever exports (the current UI culture: the page's reader, a subscriber's in a mail).
        var L = SharedText.L;
        var lines = new List<string> { string.Join(" › ", new[] { scopeName }.Concat(path.Select(p => p.Name))) };
        var filters = new List<string>();
        if (DepartmentId is { } d && DistrictId is null) filters.Add(L["department {0}", options?.Departments.FirstOrDefault(x => x.Id == d)?.Name ?? ""]);
        if (DesignationId is { } r) filters.Add(L["designation {0}", options?.Designations.FirstOrDefault(x => x.Id == r)?.Name ?? ""]);
        if (Group is { } g) filters.Add(L[Words.Group(g)]);
        if (filters.Count > 0) lines.Add(L["Filters: {0}", string.Join("; ", filters)]);
        if (snapshot is not null) lines.Add(L["Figures as of {0}", IndianTime.DateAndTime(snapshot.ComputedAt)]);
        lines.Add(L["Exported by {0} on {1}", exporter ?? "", IndianTime.DateAndTime(now)]);
        return lines;
    }

    /// <summary>
    /// The words of an export's file name (<see cref="TableWorkbook.FileName"/> makes them ASCII-safe and adds the date):
    /// what it lists, the path's names (the scope's name at the top), the filters by name and the search, e.g.
    /// "not-onboarded Meerut Police" for not-onboarded-meerut-police-2026-12-01.xlsx.
    /// </summary>
    public string ExportFileTitle(string what, string scopeName, IReadOnlyList<PathStep> path, FilterOptions? options)
    {
        var parts = new List<string?> { what };
        parts.AddRange(path.Count == 0 ? [scopeName] : path.Select(p => p.Name));
        if (DepartmentId is { } d && DistrictId is null) parts.Add(options?.Departments.FirstOrDefault(x => x.Id == d)?.Name);
        if (DesignationId is { } r) parts.Add(options?.Designations.FirstOrDefault(x => x.Id == r)?.Name);
        if (Group is { } g) parts.Add($"group {g}");
        if (Search is { } q) parts.Add($"matching {q}");
        if (AsOf is { } a) parts.Add($"as of {a:yyyy-MM-dd}");
        return string.Join(" ", parts.Where(p => !string.IsNullOrWhiteSpace(p)));
    }

    /// <summary>True when <paramref name="next"/> differs from this view only by its search (and so its page): typing a search.</summary>
    public bool OnlySearchDiffers(DashboardView next) => next.Search != Search && next with { Search = Search, Page = Page } == this;
}

/// <summary>One link of the dashboard's breadcrumb; no <see cref="Href"/> on the view itself.</summary>
public sealed record Crumb(string Text, string? Href);
