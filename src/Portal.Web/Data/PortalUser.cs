namespace Portal.Web.Data;

/// <summary>A person allowed into the portal, with a role and a data scope (both editable by a StateAdmin).</summary>
public class PortalUser
{
    public int Id { get; set; }
    /// <summary>The sign-in name: an email address, stored lower-case.</summary>
    public required string LoginName { get; set; }
    public required string DisplayName { get; set; }
    public PortalRole Role { get; set; }
    /// <summary>Local (embedded-mode) accounts only; null for Entra ID users.</summary>
    public string? PasswordHash { get; set; }
    /// <summary>Entra ID object id, bound at first sign-in when the account is matched by email.</summary>
    public string? EntraObjectId { get; set; }
    /// <summary>Entra ID tenant the object id belongs to (object ids are unique only within a tenant).</summary>
    public string? EntraTenantId { get; set; }
    /// <summary>
    /// Changes whenever the password, role, scope or status changes; a session whose stamp differs is ended,
    /// so a change takes effect on every open session, not only on the next sign-in.
    /// </summary>
    public string SecurityStamp { get; set; } = NewSecurityStamp();
    /// <summary>Failed local sign-ins since the last success or unlock.</summary>
    public int FailedSignIns { get; set; }
    /// <summary>Sign-in refused until this time (UTC) after too many failures; a StateAdmin can clear it.</summary>
    public DateTime? LockedUntil { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTime CreatedAt { get; set; }
    public DateTime? LastSignInAt { get; set; }
    public List<UserScopeEntry> Scope { get; set; } = [];

    public static string NewSecurityStamp() => Guid.NewGuid().ToString("N");
}

public enum PortalRole
{
    /// <summary>Chief secretary's review cell, state IT cell: everything.</summary>
    StateAdmin = 1,
    /// <summary>A department's HR cell: its departments in all districts.</summary>
    DepartmentHR = 2,
    /// <summary>A police range or zone office: its districts, optionally one department.</summary>
    RangeOffice = 3,
    DistrictOffice = 4,
    /// <summary>Reads dashboards of its scope; changes nothing.</summary>
    Viewer = 5,
}

/// <summary>
/// One element of a user's scope: a district, a district grouping (e.g. Meerut police range) or a department.
/// Exactly one of the three is set.
/// </summary>
public class UserScopeEntry
{
    public int Id { get; set; }
    public int UserId { get; set; }
    public int? DistrictId { get; set; }
    public District? District { get; set; }
    public int? DistrictGroupingId { get; set; }
    public DistrictGrouping? DistrictGrouping { get; set; }
    public int? DepartmentId { get; set; }
    public Department? Department { get; set; }
}

/// <summary>
/// Who did what and when: sign-ins, sign-outs, user, scope, campaign and alias changes, exports, views of an employee's
/// record, command-line imports. Written through <c>Features/Access/AuditLog</c>.
/// </summary>
public class AuditEntry
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public required string Actor { get; set; }
    public required string Action { get; set; }
    public string? Details { get; set; }
    /// <summary>Where the action came from: <see cref="AuditChannels.Web"/> or <see cref="AuditChannels.Cli"/>.</summary>
    public string Channel { get; set; } = AuditChannels.Web;
}

public static class AuditChannels
{
    public const string Web = "web";
    public const string Cli = "cli";
    /// <summary>Work the scheduler started (a subscription's e-mail).</summary>
    public const string Schedule = "schedule";
}

public static class AuditActions
{
    public const string SignIn = "sign-in";
    public const string SubscriptionCreated = "subscription-created";
    public const string SubscriptionChanged = "subscription-changed";
    public const string SubscriptionDeleted = "subscription-deleted";
    public const string SignInFailed = "sign-in-failed";
    public const string SignOut = "sign-out";
    public const string UserCreated = "user-created";
    public const string UserChanged = "user-changed";
    public const string UserUnlocked = "user-unlocked";
    public const string ScopeChanged = "scope-changed";
    public const string CampaignCreated = "campaign-created";
    public const string CampaignChanged = "campaign-changed";
    public const string CampaignDeleted = "campaign-deleted";
    public const string AliasAdded = "alias-added";
    public const string AliasRemoved = "alias-removed";
    /// <summary>A StateAdmin changed a course's mandatory rule, 7-day programme mark or hours: details say what was and is.</summary>
    public const string CourseChanged = "course-changed";
    /// <summary>A table, list or file left the portal: details say what, its scope and filters, and how many rows.</summary>
    public const string Export = "export";
    /// <summary>An export asked for by someone whose role (read fresh) may not export.</summary>
    public const string ExportRefused = "export-refused";
    /// <summary>Someone opened an employee's page (personal data): details give the employee code.</summary>
    public const string EmployeeViewed = "employee-viewed";
    /// <summary>A roster checked or imported from the command line (the batch record has the counts).</summary>
    public const string RosterImport = "roster-import";
    /// <summary>An iGOT progress report imported (or checked from the command line): the batch record has the counts.</summary>
    public const string ProgressImport = "progress-import";
    /// <summary>An iGOT CB plan report imported (or checked from the command line): the batch record has the counts.</summary>
    public const string CbPlanImport = "cbplan-import";
    /// <summary>A demo state generated from the command line.</summary>
    public const string DemoSeeded = "demo-seeded";
    /// <summary>A clerk linked an iGOT user of the unmatched worklist to a roster employee by hand (or relinked it): details say who to whom.</summary>
    public const string IgotLink = "igot-link";
    /// <summary>A clerk removed a hand link of an iGOT user: details say which, and to whom it pointed.</summary>
    public const string IgotUnlink = "igot-unlink";
    /// <summary>A StateAdmin set or changed a reporting year's ACR rules: details say the year, what was and is.</summary>
    public const string AcrRulesChanged = "acr-rules-changed";
    /// <summary>A StateAdmin issued a year's ACR rules: from then on they are refused edits until re-opened.</summary>
    public const string AcrRulesIssued = "acr-rules-issued";
    /// <summary>A StateAdmin re-opened a year's issued ACR rules for edits: details give the reason.</summary>
    public const string AcrRulesReopened = "acr-rules-reopened";
}
