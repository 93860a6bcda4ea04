namespace Portal.Web.Features.Dashboard;

/// <summary>The "Dashboard" section of the configuration.</summary>
public sealed class DashboardOptions
{
    /// <summary>
    /// A unit (district, department, office...) with fewer active staff than this is not ranked: its rate moves by whole
    /// percentage points with one person, so a six-person office would otherwise top a district of thousands. Such rows
    /// are listed after the ranked ones, marked "too few staff to rank".
    /// </summary>
    public int MinimumWorkforceToRank { get; set; } = 30;

    /// <summary>
    /// Grouping kinds that belong to one department (the police's ranges, zones and commissionerates): offered as a
    /// breakdown only to a reader whose scope has staff of that department. Keys are grouping kinds, values department names.
    /// </summary>
    public Dictionary<string, string> GroupingKindDepartments { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Police Range"] = "Police",
        ["Police Zone"] = "Police",
        ["Police Commissionerate"] = "Police",
    };
}
