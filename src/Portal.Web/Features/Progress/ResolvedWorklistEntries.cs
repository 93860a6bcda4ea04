using Microsoft.EntityFrameworkCore;
using Portal.Web.Data;

namespace Portal.Web.Features.Progress;

/// <summary>
/// Keeps the worklist to the iGOT users that still match nobody. The worklist shows each user's entry from the latest
/// upload that listed it, and an upload that matches a user lists nothing for it, so at each committed progress
/// upload the earlier entries of users the roster now holds (their code, e-mail or mobile) are removed.
/// </summary>
public static class ResolvedWorklistEntries
{
    /// <summary>Runs in the committing upload's transaction, on its unscoped context (the roster as a whole decides).</summary>
    public static Task<int> RemoveAsync(PortalDbContext db, int committingBatchId, CancellationToken ct) =>
        db.IgotUnmatchedUsers
            .Where(u => u.BatchId != committingBatchId && u.Problem == IgotMatchProblem.Unmatched
                        && ((u.EmployeeCode != null && db.Employees.Any(e => e.EmployeeCode == u.EmployeeCode))
                            || (u.Email != null && db.Employees.Any(e => e.Email == u.Email))
                            || (u.Phone != null && db.Employees.Any(e => e.Mobile == u.Phone))))
            .ExecuteDeleteAsync(ct);
}
