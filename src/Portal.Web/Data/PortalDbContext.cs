using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Portal.Web.Data;

/// <summary>
/// The portal's database. Each provider has a subclass (<see cref="SqlitePortalDbContext"/>,
/// <see cref="SqlServerPortalDbContext"/>) only so that each keeps its own migrations;
/// the model and every query are defined here once.
/// </summary>
public class PortalDbContext(DbContextOptions options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<District> Districts => Set<District>();
    public DbSet<DistrictGrouping> DistrictGroupings => Set<DistrictGrouping>();
    public DbSet<Department> Departments => Set<Department>();
    public DbSet<Office> Offices => Set<Office>();
    public DbSet<Designation> Designations => Set<Designation>();
    public DbSet<Employee> Employees => Set<Employee>();
    public DbSet<Course> Courses => Set<Course>();
    public DbSet<Enrolment> Enrolments => Set<Enrolment>();
    public DbSet<Campaign> Campaigns => Set<Campaign>();
    public DbSet<ImportBatch> ImportBatches => Set<ImportBatch>();
    public DbSet<ImportBatchCoverage> ImportBatchCoverage => Set<ImportBatchCoverage>();
    public DbSet<PortalUser> Users => Set<PortalUser>();
    public DbSet<UserScopeEntry> UserScopeEntries => Set<UserScopeEntry>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<NameAlias> NameAliases => Set<NameAlias>();
    public DbSet<IgotUserLink> IgotUserLinks => Set<IgotUserLink>();
    public DbSet<IgotUnmatchedUser> IgotUnmatchedUsers => Set<IgotUnmatchedUser>();
    public DbSet<ComplianceCell> ComplianceCells => Set<ComplianceCell>();
    public DbSet<ComplianceWeek> ComplianceWeeks => Set<ComplianceWeek>();
    public DbSet<ComplianceSnapshot> ComplianceSnapshots => Set<ComplianceSnapshot>();
    public DbSet<CampaignCount> CampaignCounts => Set<CampaignCount>();
    public DbSet<SnapshotCampaign> SnapshotCampaigns => Set<SnapshotCampaign>();
    public DbSet<SnapshotDirtyDistrict> SnapshotDirtyDistricts => Set<SnapshotDirtyDistrict>();
    public DbSet<PortalSetting> Settings => Set<PortalSetting>();
    public DbSet<AcrRuleSet> AcrRuleSets => Set<AcrRuleSet>();
    public DbSet<AcrVerdictRule> AcrVerdictRules => Set<AcrVerdictRule>();
    public DbSet<AcrIssuedMandatoryCourse> AcrIssuedMandatoryCourses => Set<AcrIssuedMandatoryCourse>();
    public DbSet<CbPlanAllocation> CbPlanAllocations => Set<CbPlanAllocation>();
    public DbSet<ReportSubscription> ReportSubscriptions => Set<ReportSubscription>();
    public DbSet<SubscriptionSend> SubscriptionSends => Set<SubscriptionSend>();
    public DbSet<DatabaseLease> DatabaseLeases => Set<DatabaseLease>();
    /// <summary>ASP.NET Core data-protection keys (cookies, antiforgery), shared by every instance of the portal.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    private DataScope? _scope;

    /// <summary>
    /// The rows this context may read, fixed once when the context is created (see
    /// <see cref="PortalDbContextFactoryExtensions"/>) and never changed: a context is scoped or unscoped for its
    /// whole life. Until it is fixed the context sees no staff data (fail closed).
    /// </summary>
    public DataScope Scope => _scope ?? DataScope.Nothing;

    /// <summary>
    /// True for a context made for system work (snapshot, imports' whole-state lookups, demo data, CLI) by
    /// <see cref="PortalDbContextFactoryExtensions.CreateUnscopedDbContextAsync"/>: it reads every row, and says so by name.
    /// </summary>
    public bool IsUnscoped { get; private set; }

    /// <summary>Sets the scope; a second call throws, so a scope cannot be swapped in the middle of a context's work.</summary>
    internal void FixScope(DataScope scope, bool unscoped = false)
    {
        if (_scope is not null)
            throw new InvalidOperationException($"This context's scope is already fixed ({(IsUnscoped ? "unscoped" : _scope)}); create another context for another scope.");
        _scope = scope;
        IsUnscoped = unscoped;
        // Flattened for the query filters, which EF turns into query parameters; a list becomes "IN (@p1, @p2...)".
        AllDistricts = unscoped || scope.DistrictIds is null;
        ScopeDistrictIds = unscoped ? [] : scope.DistrictIds?.ToArray() ?? [];
        AllDepartments = unscoped || scope.DepartmentIds is null;
        ScopeDepartmentIds = unscoped ? [] : scope.DepartmentIds?.ToArray() ?? [];
        AllUploads = unscoped || scope.IsWholeState;
        ScopeUploaderId = scope.UserId ?? 0;
    }

    /// <summary>
    /// Which dimensions the scope leaves unlimited: the model is built once per shape (ScopeShapeModelCacheKey), with
    /// no filter where a dimension is unlimited, so each shape's queries are planned and cached for what they read.
    /// A context whose model is built before its scope is fixed gets the "limited" shape with empty lists: nothing.
    /// </summary>
    internal (bool AllDistricts, bool AllDepartments, bool AllUploads) ScopeShape => (AllDistricts, AllDepartments, AllUploads);

    protected override void OnConfiguring(DbContextOptionsBuilder options) =>
        options.ReplaceService<IModelCacheKeyFactory, ScopeShapeModelCacheKey>();

    // Until FixScope: nothing (empty lists, and no user has id 0).
    private bool AllDistricts { get; set; }
    private int[] ScopeDistrictIds { get; set; } = [];
    private bool AllDepartments { get; set; }
    private int[] ScopeDepartmentIds { get; set; } = [];
    private bool AllUploads { get; set; }
    private int ScopeUploaderId { get; set; }

    protected override void OnModelCreating(ModelBuilder model)
    {
        // Data scope: one mechanism for every query that returns staff, their learning or their
        // organisation's figures. Reference lists are filtered too, so an out-of-scope district or
        // department is simply not found. Each dimension is its own named filter (ScopeFilters), so the
        // one query that must look across scopes names what it ignores (QueryAcrossScopes.AcrossScopes).
        // A dimension the scope does not limit has no filter at all in this context's model (see ScopeShape):
        // "DistrictId IN (...)" stated plainly lets the database search an index, where "@all OR DistrictId IN (...)"
        // would make SQLite read every row.
        if (!AllDistricts)
        {
            model.Entity<Employee>().HasQueryFilter(ScopeFilters.Districts, e => ScopeDistrictIds.Contains(e.DistrictId));
            model.Entity<Enrolment>().HasQueryFilter(ScopeFilters.Districts, x => ScopeDistrictIds.Contains(x.Employee.DistrictId));
            model.Entity<CbPlanAllocation>().HasQueryFilter(ScopeFilters.Districts, x => ScopeDistrictIds.Contains(x.Employee.DistrictId));
            model.Entity<District>().HasQueryFilter(ScopeFilters.Districts, d => ScopeDistrictIds.Contains(d.Id));
            model.Entity<ComplianceCell>().HasQueryFilter(ScopeFilters.Districts, c => ScopeDistrictIds.Contains(c.DistrictId));
            model.Entity<CampaignCount>().HasQueryFilter(ScopeFilters.Districts, c => ScopeDistrictIds.Contains(c.DistrictId));
            model.Entity<ComplianceWeek>().HasQueryFilter(ScopeFilters.Districts, c => ScopeDistrictIds.Contains(c.DistrictId));
            model.Entity<Office>().HasQueryFilter(ScopeFilters.Districts, o => ScopeDistrictIds.Contains(o.DistrictId));
            model.Entity<ImportBatchCoverage>().HasQueryFilter(ScopeFilters.Districts, c => ScopeDistrictIds.Contains(c.DistrictId));
            // A hand link is seen where its employee is.
            model.Entity<IgotUserLink>().HasQueryFilter(ScopeFilters.Districts, l => ScopeDistrictIds.Contains(l.Employee.DistrictId));
        }
        if (!AllDepartments)
        {
            model.Entity<Employee>().HasQueryFilter(ScopeFilters.Departments, e => ScopeDepartmentIds.Contains(e.DepartmentId));
            model.Entity<Enrolment>().HasQueryFilter(ScopeFilters.Departments, x => ScopeDepartmentIds.Contains(x.Employee.DepartmentId));
            model.Entity<CbPlanAllocation>().HasQueryFilter(ScopeFilters.Departments, x => ScopeDepartmentIds.Contains(x.Employee.DepartmentId));
            model.Entity<Department>().HasQueryFilter(ScopeFilters.Departments, d => ScopeDepartmentIds.Contains(d.Id));
            model.Entity<ComplianceCell>().HasQueryFilter(ScopeFilters.Departments, c => ScopeDepartmentIds.Contains(c.DepartmentId));
            model.Entity<CampaignCount>().HasQueryFilter(ScopeFilters.Departments, c => ScopeDepartmentIds.Contains(c.DepartmentId));
            model.Entity<ComplianceWeek>().HasQueryFilter(ScopeFilters.Departments, c => ScopeDepartmentIds.Contains(c.DepartmentId));
            model.Entity<Office>().HasQueryFilter(ScopeFilters.Departments, o => ScopeDepartmentIds.Contains(o.DepartmentId));
            model.Entity<ImportBatchCoverage>().HasQueryFilter(ScopeFilters.Departments, c => ScopeDepartmentIds.Contains(c.DepartmentId));
            model.Entity<IgotUserLink>().HasQueryFilter(ScopeFilters.Departments, l => ScopeDepartmentIds.Contains(l.Employee.DepartmentId));
        }
        if (!AllUploads)
        {
            // Uploaded files and their error workbooks: the uploader's own (all for the whole state); an unmatched
            // iGOT user (nobody's staff) where its upload is.
            model.Entity<ImportBatch>().HasQueryFilter(ScopeFilters.Uploads, b => b.UploadedByUserId == ScopeUploaderId);
            model.Entity<IgotUnmatchedUser>().HasQueryFilter(ScopeFilters.Uploads, u => u.Batch.UploadedByUserId == ScopeUploaderId);
        }

        model.Entity<District>(e =>
        {
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.NameHindi).HasMaxLength(100);
            e.HasIndex(x => x.Name).IsUnique();
            e.HasMany(x => x.Groupings).WithMany(x => x.Districts)
                .UsingEntity("DistrictGroupingMembers");
        });

        model.Entity<DistrictGrouping>(e =>
        {
            e.Property(x => x.Kind).HasMaxLength(50);
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.NameHindi).HasMaxLength(100);
            e.HasIndex(x => new { x.Kind, x.Name }).IsUnique();
        });

        model.Entity<Department>(e =>
        {
            e.Property(x => x.Name).HasMaxLength(150);
            e.Property(x => x.NameHindi).HasMaxLength(150);
            e.HasIndex(x => x.Name).IsUnique();
        });

        model.Entity<Designation>(e =>
        {
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.NameHindi).HasMaxLength(100);
            e.HasIndex(x => x.Name).IsUnique();
        });

        model.Entity<Office>(e =>
        {
            e.Property(x => x.Name).HasMaxLength(200);
            e.HasIndex(x => new { x.DistrictId, x.DepartmentId, x.Name }).IsUnique();
            e.HasIndex(x => x.DepartmentId);
        });

        model.Entity<Employee>(e =>
        {
            e.Property(x => x.EmployeeCode).HasMaxLength(30);
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.Mobile).HasMaxLength(10);
            e.Property(x => x.Email).HasMaxLength(254);
            e.Property(x => x.IgotUserId).HasMaxLength(100);
            e.HasIndex(x => x.EmployeeCode).IsUnique();
            // Dashboard breakdowns filter on scope (district, department) and status.
            e.HasIndex(x => new { x.DistrictId, x.DepartmentId, x.Status });
            e.HasIndex(x => new { x.DepartmentId, x.DistrictId });
            e.HasIndex(x => x.OfficeId);
            // The dashboard's employee list of a district (or a department in it): by name, counted and filtered by
            // registration, first completion, code or name from the index alone (no visit to the scattered table rows).
            e.HasIndex(x => new { x.DistrictId, x.Status, x.Name, x.OnboardedOn, x.FirstCompletedOn, x.EmployeeCode, x.DepartmentId }).HasDatabaseName("IX_Employees_List");
            // iGOT progress rows are matched to employees by email, then mobile.
            // Partial: rosters often lack emails and mobiles, and such rows need no index entry.
            e.HasIndex(x => x.Email).HasFilter("[Email] IS NOT NULL");
            e.HasIndex(x => x.Mobile).HasFilter("[Mobile] IS NOT NULL");
            // No index on DesignationId or IgotUserId: no query seeks by them alone, and every index slows
            // a million-row roster import (each insert updates every index).
            e.HasOne(x => x.Designation).WithMany().OnDelete(DeleteBehavior.Restrict);
            e.HasOne(x => x.Department).WithMany().OnDelete(DeleteBehavior.Restrict);
            e.HasOne(x => x.District).WithMany().OnDelete(DeleteBehavior.Restrict);
            e.HasOne(x => x.Office).WithMany().OnDelete(DeleteBehavior.Restrict);
        });

        model.Entity<Course>(e =>
        {
            e.Property(x => x.IgotCourseId).HasMaxLength(100);
            e.Property(x => x.Name).HasMaxLength(Course.MaxNameLength);
            e.Property(x => x.Provider).HasMaxLength(Course.MaxProviderLength);
            e.Property(x => x.ContentType).HasMaxLength(50);
            e.Property(x => x.CatalogueKey).HasMaxLength(Course.MaxKeyLength);
            // Progress rows find their course by content id when the report has one, else by provider and name.
            e.HasIndex(x => x.IgotCourseId).IsUnique().HasFilter("[IgotCourseId] IS NOT NULL");
            e.HasIndex(x => x.CatalogueKey).IsUnique();
            e.HasMany(x => x.ApplicableDesignations).WithMany()
                .UsingEntity("CourseDesignations");
        });

        model.Entity<Enrolment>(e =>
        {
            e.HasIndex(x => new { x.EmployeeId, x.CourseId }).IsUnique();
            e.HasIndex(x => new { x.CourseId, x.Status });
            // Completions only: the queries that seek by completion date ask for one (campaigns' "CompletedOn IS NOT NULL
            // AND CompletedOn <= now"), and most enrolments have none. Every row inserted without a date is one entry
            // fewer to keep up: a 10-lakh progress import writes about 6 lakh of those.
            e.HasIndex(x => x.CompletedOn).HasFilter("[CompletedOn] IS NOT NULL");
            e.HasOne(x => x.Employee).WithMany(x => x.Enrolments).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(x => x.Course).WithMany().OnDelete(DeleteBehavior.Restrict);
        });

        // ACR rules are the state's, per reporting year (not staff data: no scope filter); allocations are staff data.
        model.Entity<AcrRuleSet>(e =>
        {
            e.Property(x => x.Year).HasConversion(y => y.ToString(), s => ReportingYear.Parse(s)).HasMaxLength(ReportingYear.MaxTextLength);
            e.HasIndex(x => x.Year).IsUnique();
            e.Property(x => x.MinimumLearningHours).HasPrecision(6, 2);
            e.Property(x => x.MinimumPrescribedShare).HasPrecision(5, 2);
            e.Property(x => x.IssuedBy).HasMaxLength(254);
            e.Property(x => x.UpdatedBy).HasMaxLength(254);
            e.HasMany(x => x.Verdicts).WithOne().HasForeignKey(x => x.RuleSetId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(x => x.IssuedMandatoryCourses).WithOne().HasForeignKey(x => x.RuleSetId).OnDelete(DeleteBehavior.Cascade);
            e.Ignore(x => x.OrderedVerdicts);
        });
        model.Entity<AcrIssuedMandatoryCourse>(e =>
        {
            e.HasIndex(x => new { x.RuleSetId, x.CourseId, x.DesignationId }).IsUnique();
            // A course or designation an issued year prescribed cannot be deleted from under it.
            e.HasOne<Course>().WithMany().HasForeignKey(x => x.CourseId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Designation>().WithMany().HasForeignKey(x => x.DesignationId).OnDelete(DeleteBehavior.Restrict);
        });
        model.Entity<AcrVerdictRule>(e =>
        {
            e.Property(x => x.Label).HasMaxLength(AcrVerdictRule.MaxLabelLength);
            e.Property(x => x.MinimumShare).HasPrecision(5, 2);
            e.Property(x => x.MinimumHours).HasPrecision(6, 2);
            e.HasIndex(x => new { x.RuleSetId, x.Position }).IsUnique();
        });
        model.Entity<CbPlanAllocation>(e =>
        {
            // A re-upload finds an allocation by employee, course and allocation date; statements read an employee's.
            e.HasIndex(x => new { x.EmployeeId, x.CourseId, x.AllocatedOn }).IsUnique();
            e.HasIndex(x => x.CourseId);
            e.HasIndex(x => x.BatchId);
            e.HasOne(x => x.Employee).WithMany().OnDelete(DeleteBehavior.Cascade);
            e.HasOne(x => x.Course).WithMany().OnDelete(DeleteBehavior.Restrict);
            // The upload is kept as a plain key: batches are filtered by uploader, allocations by the employee's scope.
            e.HasOne<ImportBatch>().WithMany().HasForeignKey(x => x.BatchId).OnDelete(DeleteBehavior.SetNull);
        });

        model.Entity<Campaign>(e =>
        {
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.CreatedBy).HasMaxLength(254);
            e.Property(x => x.TargetPercent).HasPrecision(5, 2);
            e.HasOne(x => x.Course).WithMany().OnDelete(DeleteBehavior.Restrict);
            e.HasOne(x => x.ScopeGrouping).WithMany().OnDelete(DeleteBehavior.Restrict);
            e.HasOne(x => x.ScopeDistrict).WithMany().OnDelete(DeleteBehavior.Restrict);
            e.HasOne(x => x.ScopeDepartment).WithMany().OnDelete(DeleteBehavior.Restrict);
        });

        model.Entity<ImportBatch>(e =>
        {
            e.Property(x => x.FileName).HasMaxLength(260);
            e.Property(x => x.Sha256).HasMaxLength(64).IsFixedLength();
            e.Property(x => x.UploadedBy).HasMaxLength(254);
            e.Property(x => x.Message).HasMaxLength(2000);
            e.Property(x => x.ErrorWorkbookPath).HasMaxLength(500);
            e.Property(x => x.StoredFilePath).HasMaxLength(500);
            e.Property(x => x.IgnoredColumns).HasMaxLength(2000);
            e.HasIndex(x => x.UploadedByUserId);
            e.HasIndex(x => x.Sha256);
            e.HasIndex(x => x.UploadedAt);
            e.Property(x => x.WorklistPath).HasMaxLength(500);
        });

        model.Entity<ImportBatchCoverage>(e =>
        {
            e.ToTable("ImportBatchCoverage");
            e.HasKey(x => new { x.BatchId, x.DistrictId, x.DepartmentId });
            // The review pack's freshness: per district and kind, the latest commit that covered it.
            e.HasIndex(x => new { x.DistrictId, x.Kind, x.CommittedAt });
            e.HasOne<ImportBatch>().WithMany().HasForeignKey(x => x.BatchId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<District>().WithMany().HasForeignKey(x => x.DistrictId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Department>().WithMany().HasForeignKey(x => x.DepartmentId).OnDelete(DeleteBehavior.Restrict);
        });

        model.Entity<IgotUserLink>(e =>
        {
            e.Property(x => x.UserKey).HasMaxLength(IgotUserKey.MaxLength);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.Email).HasMaxLength(254);
            e.Property(x => x.Phone).HasMaxLength(10);
            e.Property(x => x.LinkedBy).HasMaxLength(254);
            e.HasIndex(x => x.UserKey).IsUnique();
            e.HasIndex(x => x.EmployeeId);
            e.HasOne(x => x.Employee).WithMany().OnDelete(DeleteBehavior.Cascade);
        });

        model.Entity<IgotUnmatchedUser>(e =>
        {
            e.Property(x => x.UserKey).HasMaxLength(IgotUserKey.MaxLength);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.Email).HasMaxLength(254);
            e.Property(x => x.Phone).HasMaxLength(20);
            e.Property(x => x.EmployeeCode).HasMaxLength(50);
            e.Property(x => x.Designation).HasMaxLength(200);
            e.Property(x => x.Organisation).HasMaxLength(300);
            e.HasIndex(x => new { x.UserKey, x.BatchId });
            e.HasIndex(x => x.BatchId);
            e.HasOne(x => x.Batch).WithMany().OnDelete(DeleteBehavior.Cascade);
        });

        model.Entity<PortalUser>(e =>
        {
            e.ToTable("Users");
            e.Property(x => x.LoginName).HasMaxLength(254);
            e.Property(x => x.DisplayName).HasMaxLength(200);
            e.Property(x => x.PasswordHash).HasMaxLength(500);
            e.Property(x => x.EntraObjectId).HasMaxLength(100);
            e.Property(x => x.EntraTenantId).HasMaxLength(100);
            e.Property(x => x.SecurityStamp).HasMaxLength(64);
            e.HasIndex(x => x.LoginName).IsUnique();
            e.HasIndex(x => x.EntraObjectId);
            e.HasMany(x => x.Scope).WithOne().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        model.Entity<UserScopeEntry>(e =>
        {
            e.ToTable("UserScopeEntries", t => t.HasCheckConstraint("CK_UserScopeEntries_ExactlyOne",
                "(CASE WHEN DistrictId IS NULL THEN 0 ELSE 1 END + CASE WHEN DistrictGroupingId IS NULL THEN 0 ELSE 1 END + CASE WHEN DepartmentId IS NULL THEN 0 ELSE 1 END) = 1"));
            // Navigations to filtered entities are optional here: a scope entry must load even when
            // the admin editing it is itself scoped.
            e.HasOne(x => x.District).WithMany().OnDelete(DeleteBehavior.Cascade);
            e.HasOne(x => x.DistrictGrouping).WithMany().OnDelete(DeleteBehavior.Cascade);
            e.HasOne(x => x.Department).WithMany().OnDelete(DeleteBehavior.Cascade);
        });

        model.Entity<ComplianceCell>(e =>
        {
            e.HasIndex(x => new { x.DistrictId, x.DepartmentId });
            e.HasIndex(x => new { x.DepartmentId, x.DistrictId });
        });
        model.Entity<ComplianceWeek>(e => e.HasIndex(x => new { x.DistrictId, x.DepartmentId, x.WeekEnding }));
        model.Entity<ComplianceSnapshot>(e =>
        {
            e.Property(x => x.Reason).HasMaxLength(200);
            e.HasMany(x => x.Campaigns).WithOne().HasForeignKey(x => x.SnapshotId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<SnapshotCampaign>(e =>
        {
            e.Property(x => x.Definition).HasMaxLength(400);
            e.HasIndex(x => new { x.SnapshotId, x.CampaignId }).IsUnique();
        });
        model.Entity<SnapshotDirtyDistrict>(e => e.HasIndex(x => x.DistrictId));
        model.Entity<CampaignCount>(e =>
        {
            e.HasIndex(x => new { x.CampaignId, x.DistrictId });
            e.HasOne<Campaign>().WithMany().HasForeignKey(x => x.CampaignId).OnDelete(DeleteBehavior.Cascade);
        });

        model.Entity<NameAlias>(e =>
        {
            e.Property(x => x.Alias).HasMaxLength(150);
            e.HasIndex(x => new { x.Kind, x.Alias }).IsUnique();
        });

        model.Entity<AuditEntry>(e =>
        {
            e.Property(x => x.Actor).HasMaxLength(254);
            e.Property(x => x.Action).HasMaxLength(50);
            e.Property(x => x.Details).HasMaxLength(2000);
            e.Property(x => x.Channel).HasMaxLength(10);
            e.HasIndex(x => x.At);
            // Lockout and rate checks count an actor's recent failures.
            e.HasIndex(x => new { x.Actor, x.Action, x.At });
        });

        SchedulingModel.Configure(model);

        model.Entity<PortalSetting>(e =>
        {
            e.HasKey(x => x.Key);
            e.Property(x => x.Key).HasMaxLength(100);
            e.Property(x => x.Value).HasMaxLength(2000);
        });
    }
}

/// <summary>One model per <see cref="PortalDbContext.ScopeShape"/> (at most eight), each with only the filters its shape needs.</summary>
internal sealed class ScopeShapeModelCacheKey : IModelCacheKeyFactory
{
    public object Create(DbContext context, bool designTime) =>
        context is PortalDbContext portal ? (context.GetType(), portal.ScopeShape, designTime) : (context.GetType(), designTime);
}

/// <summary>The names of the data-scope query filters.</summary>
public static class ScopeFilters
{
    public const string Districts = "DistrictScope";
    public const string Departments = "DepartmentScope";
    public const string Uploads = "UploadScope";
    internal static readonly string[] All = [Districts, Departments, Uploads];
}

public static class PortalDbContextFactoryExtensions
{
    /// <summary>Creates a context that reads only <paramref name="scope"/>, for its whole life. Services always create contexts this way.</summary>
    public static async Task<PortalDbContext> CreateDbContextAsync(this IDbContextFactory<PortalDbContext> factory, DataScope scope, CancellationToken ct = default)
    {
        var db = await factory.CreateDbContextAsync(ct);
        db.FixScope(scope);
        return db;
    }

    /// <summary>
    /// Creates a context that reads every row, for system work only: the snapshot, the demo generator, an import's
    /// whole-state lookups, start-up and the CLI. A StateAdmin's reads use <see cref="DataScope.WholeState"/> instead.
    /// Every call is listed in the tests' allow-list (ScopeAllowListTests).
    /// </summary>
    public static async Task<PortalDbContext> CreateUnscopedDbContextAsync(this IDbContextFactory<PortalDbContext> factory, CancellationToken ct = default)
    {
        var db = await factory.CreateDbContextAsync(ct);
        db.FixScope(DataScope.WholeState, unscoped: true);
        return db;
    }

    /// <summary>
    /// Creates a context that reads only <paramref name="scope"/> on <paramref name="other"/>'s connection and in its
    /// transaction, if any: for a scoped read that must see the same data as unscoped work in progress.
    /// </summary>
    public static async Task<PortalDbContext> CreateDbContextAsync(this IDbContextFactory<PortalDbContext> factory, DataScope scope, PortalDbContext sharingTransactionOf, CancellationToken ct = default)
    {
        var db = await factory.CreateDbContextAsync(scope, ct);
        db.Database.SetDbConnection(sharingTransactionOf.Database.GetDbConnection(), contextOwnsConnection: false);
        if (sharingTransactionOf.Database.CurrentTransaction is { } transaction)
            await db.Database.UseTransactionAsync(transaction.GetDbTransaction(), ct);
        return db;
    }
}

/// <summary>The one way for a query to read across data scopes inside a scoped context; every use is in the tests' allow-list.</summary>
public static class QueryAcrossScopes
{
    /// <summary>Every row of <paramref name="set"/>, whatever the context's scope.</summary>
    public static IQueryable<T> AcrossScopes<T>(this DbSet<T> set) where T : class => set.IgnoreQueryFilters(ScopeFilters.All);
}

public sealed class SqlitePortalDbContext(DbContextOptions<SqlitePortalDbContext> options) : PortalDbContext(options);

public sealed class SqlServerPortalDbContext(DbContextOptions<SqlServerPortalDbContext> options) : PortalDbContext(options);
