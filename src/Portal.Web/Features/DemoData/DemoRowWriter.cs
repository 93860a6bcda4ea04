using Microsoft.EntityFrameworkCore;
using Portal.Web.Data;
using Portal.Web.Data.Providers;

namespace Portal.Web.Features.DemoData;

public readonly record struct EmployeeRow(
    int Id, string EmployeeCode, string Name, int DesignationId, int DepartmentId, int DistrictId, int? OfficeId,
    string? Mobile, string? Email, ServiceGroup Group, EmployeeStatus Status, DateOnly? DateOfJoining,
    string? IgotUserId, DateOnly? OnboardedOn, DateTime Timestamp);

public readonly record struct EnrolmentRow(
    int Id, int EmployeeId, int CourseId, EnrolmentStatus Status, int ProgressPercent,
    DateOnly? EnrolledOn, DateOnly? CompletedOn, int LearningMinutes);

/// <summary>
/// Writes generated rows in bulk, bypassing EF change tracking: prepared statements in large
/// transactions on SQLite, SqlBulkCopy on SQL Server (each provider's writer is in Data/Providers). Explicit ids, so
/// enrolments can point at employees.
/// </summary>
internal abstract class DemoRowWriter : IAsyncDisposable
{
    public static async Task<DemoRowWriter> OpenAsync(PortalDbContext db, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        return DatabaseDialect.For(db).OpenDemoRowWriter(db.Database.GetDbConnection());
    }

    public abstract ValueTask AddEmployeeAsync(EmployeeRow row, CancellationToken ct);
    public abstract ValueTask AddEnrolmentAsync(EnrolmentRow row, CancellationToken ct);
    public abstract Task CompleteAsync(CancellationToken ct);
    public abstract ValueTask DisposeAsync();

    protected static object Db(object? value) => value ?? DBNull.Value;
}
