using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Web.Resources;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Features.Progress;

namespace Portal.Tests.Features.Progress;

/// <summary>
/// Puts progress uploads and their worklist rows straight into a test database (as a committed import leaves them),
/// and picks employees inside and outside a user's scope.
/// </summary>
public sealed class WorklistTestData(TestDatabase db)
{
    public WorklistService Service(TimeProvider? clock = null) => new(db.Factory, clock ?? TimeProvider.System, Words);

    /// <summary>The portal's localizer, as DI gives it: answers in the current UI culture.</summary>
    public static readonly IStringLocalizer<SharedText> Words = new StringLocalizer<SharedText>(
        new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance));

    public async Task<SignedInUser> User(string login) =>
        (await new AccessService(db.Factory, new PasswordHasher<PortalUser>(), TimeProvider.System).FindByLoginAsync(login))!;

    /// <summary>A progress upload by <paramref name="login"/> with the given iGOT users as its worklist; returns the batch id.</summary>
    public async Task<int> UploadAsync(string login, ImportOutcome outcome, params IgotUnmatchedUser[] users)
    {
        await using var context = db.Factory.CreateDbContext();
        var batch = new ImportBatch
        {
            Kind = ImportKind.Progress, FileName = $"progress-{Guid.NewGuid():N}.xlsx"[..20] + ".xlsx", Sha256 = new string('a', 64),
            UploadedBy = login, UploadedByUserId = db.UserId(login), UploadedAt = DateTime.UtcNow, Outcome = outcome,
        };
        context.ImportBatches.Add(batch);
        await context.SaveChangesAsync();
        foreach (var user in users)
        {
            user.BatchId = batch.Id;
            context.IgotUnmatchedUsers.Add(user);
        }
        await context.SaveChangesAsync();
        return batch.Id;
    }

    public static IgotUnmatchedUser Unmatched(string email, int completions = 1, string? name = null, string? phone = null, string? organisation = null) => new()
    {
        UserKey = IgotUserKey.Of(email, phone, name, organisation), Problem = IgotMatchProblem.Unmatched, Name = name ?? email.Split('@')[0],
        Email = email, Phone = phone, Designation = "Constable", Organisation = organisation ?? "UP Police", Rows = completions + 1, Completions = completions,
    };

    public static IgotUnmatchedUser Ambiguous(string email, string? phone = null, int candidates = 2) => new()
    {
        UserKey = IgotUserKey.Of(email, phone, null, null), Problem = IgotMatchProblem.Ambiguous, Name = "Shared " + email, Email = email, Phone = phone,
        Organisation = "UP Police", Rows = 2, Completions = 1, Candidates = candidates,
    };

    /// <summary>Employees the user's scope sees (ordered by id), and ones it does not.</summary>
    public async Task<(List<Employee> Inside, List<Employee> Outside)> EmployeesAsync(SignedInUser user, int count = 3)
    {
        // A context without a fixed scope sees nothing: reading every employee takes the whole-state scope.
        await using var whole = await db.Factory.CreateDbContextAsync(DataScope.WholeState);
        var employees = await whole.Employees.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
        var inside = employees.Where(e => user.Scope.Includes(e.DistrictId, e.DepartmentId)).Take(count).ToList();
        var outside = employees.Where(e => !user.Scope.Includes(e.DistrictId, e.DepartmentId)).Take(count).ToList();
        return (inside, outside);
    }

    public async Task LinkDirectlyAsync(string userKey, int employeeId, string by = "someone@up.gov.in")
    {
        await using var context = db.Factory.CreateDbContext();
        context.IgotUserLinks.Add(new IgotUserLink { UserKey = userKey, EmployeeId = employeeId, LinkedBy = by, LinkedAt = DateTime.UtcNow });
        await context.SaveChangesAsync();
    }
}
