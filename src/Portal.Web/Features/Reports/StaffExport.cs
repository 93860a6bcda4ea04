using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Infrastructure;
using Portal.Web.Infrastructure.Spreadsheets;
using Portal.Web.Resources;

namespace Portal.Web.Features.Reports;

/// <summary>
/// GET /export/staff.xlsx[?districtId=&amp;departmentId=]: the staff list of the caller's scope.
/// A filter outside the scope answers 404, so nothing is learnt about other scopes.
/// </summary>
public static class StaffExport
{
    public static void MapStaffExport(this IEndpointRouteBuilder app) =>
        app.MapGet("/export/staff.xlsx", ExportAsync).RequireAuthorization(Policies.Exporter);

    private static async Task<IResult> ExportAsync(int? districtId, int? departmentId, HttpContext http,
        ExportAccess exports, IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock, IStringLocalizer<SharedText> L, CancellationToken ct)
    {
        var what = $"staff list (staff.xlsx), district {districtId?.ToString() ?? "all"}, department {departmentId?.ToString() ?? "all"}";
        // The endpoint's policy judged the cookie's claims; this reads the role as it is now.
        var user = await exports.CheckAsync(http.User, what, ct);
        if (user is null) return Results.Forbid();
        if (districtId is { } d && !user.Scope.IncludesDistrict(d)) return Results.NotFound();
        if (departmentId is { } p && !user.Scope.IncludesDepartment(p)) return Results.NotFound();

        await using var db = await dbFactory.CreateDbContextAsync(user.Scope, ct);
        var query = db.Employees.AsNoTracking();
        if (districtId is not null) query = query.Where(e => e.DistrictId == districtId);
        if (departmentId is not null) query = query.Where(e => e.DepartmentId == departmentId);
        var rows = await query.OrderBy(e => e.District.Name).ThenBy(e => e.Department.Name).ThenBy(e => e.EmployeeCode)
            .Select(e => new StaffRow(
                e.EmployeeCode, e.Name, e.Designation.Name, e.Department.Name, e.District.Name,
                e.Office != null ? e.Office.Name : null, e.Mobile, e.Email, e.Group, e.Status, e.IgotUserId, e.OnboardedOn,
                e.Enrolments.Count(x => x.Status == EnrolmentStatus.Completed),
                e.Enrolments.Where(x => x.Status == EnrolmentStatus.Completed).Sum(x => (int?)x.LearningMinutes) ?? 0))
            .ToListAsync(ct);

        // Text as text: codes and mobiles keep their leading zeros.
        var bytes = TableWorkbook.Write(L["Staff"], [], ColumnsIn(L), rows);
        await exports.RecordAsync(user, what, rows.Count, ct);
        // The file name says what it covers (e.g. staff-meerut-police-2026-12-01.xlsx); the names are read in scope, as the rows.
        var district = districtId is null ? null : await db.Districts.Where(x => x.Id == districtId).Select(x => x.Name).SingleOrDefaultAsync(ct);
        var department = departmentId is null ? null : await db.Departments.Where(x => x.Id == departmentId).Select(x => x.Name).SingleOrDefaultAsync(ct);
        var fileName = TableWorkbook.FileName(string.Join(" ", new[] { "staff", district, department }.Where(x => x is not null)), IndianTime.Today(clock));
        return Results.File(bytes, TableWorkbook.ContentType, fileName);
    }

    private sealed record StaffRow(string EmployeeCode, string Name, string Designation, string Department, string District, string? Office,
        string? Mobile, string? Email, ServiceGroup Group, EmployeeStatus Status, string? IgotUserId, DateOnly? OnboardedOn, int Completed, int Minutes);

    /// <summary>
    /// The columns with the roster's own headings (formats.md: the file can be uploaded again as a roster, so they are
    /// English in every language) and the two added ones in the reader's language.
    /// </summary>
    private static IReadOnlyList<TableColumn<StaffRow>> ColumnsIn(IStringLocalizer L) =>
    [
        .. RosterColumns,
        new(Added(L["Courses completed"], "Courses Completed"), e => e.Completed, ColumnKind.Number, 10),
        new(Added(L["Learning hours"], "Learning Hours"), e => e.Minutes / 60.0, ColumnKind.OneDecimal, 10),
    ];

    /// <summary>An added column's heading: its translation, else (in English) the heading as it always was.</summary>
    private static string Added(LocalizedString translated, string english) => translated.ResourceNotFound ? english : translated.Value;

    private static readonly IReadOnlyList<TableColumn<StaffRow>> RosterColumns =
    [
        new("Employee Code", e => e.EmployeeCode, ColumnKind.Text, 16),
        new("Name", e => e.Name, ColumnKind.Text, 28),
        new("Designation", e => e.Designation, ColumnKind.Text, 24),
        new("Department", e => e.Department, ColumnKind.Text, 28),
        new("District", e => e.District, ColumnKind.Text, 18),
        new("Office", e => e.Office ?? "", ColumnKind.Text, 32),
        new("Mobile", e => e.Mobile ?? "", ColumnKind.Text, 13),
        new("Email", e => e.Email ?? "", ColumnKind.Text, 30),
        new("Group", e => e.Group.ToString(), ColumnKind.Text, 12),
        new("Status", e => e.Status.ToString(), ColumnKind.Text, 12),
        new("iGOT User ID", e => e.IgotUserId ?? "", ColumnKind.Text, 22),
        new("iGOT Registered On", e => e.OnboardedOn, ColumnKind.Date, 16),
    ];
}
