using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using Portal.Web.Data;
using Portal.Web.Features.Access;

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
        AccessService access, IDbContextFactory<PortalDbContext> dbFactory, CancellationToken ct)
    {
        var user = await access.GetSignedInUserAsync(http.User, ct);
        if (user is null) return Results.Forbid();
        if (districtId is { } d && !user.Scope.IncludesDistrict(d)) return Results.NotFound();
        if (departmentId is { } p && !user.Scope.IncludesDepartment(p)) return Results.NotFound();

        await using var db = await dbFactory.CreateDbContextAsync(user.Scope, ct);
        var query = db.Employees.AsNoTracking();
        if (districtId is not null) query = query.Where(e => e.DistrictId == districtId);
        if (departmentId is not null) query = query.Where(e => e.DepartmentId == departmentId);
        var rows = await query.OrderBy(e => e.District.Name).ThenBy(e => e.Department.Name).ThenBy(e => e.EmployeeCode)
            .Select(e => new
            {
                e.EmployeeCode, e.Name, Designation = e.Designation.Name, Department = e.Department.Name, District = e.District.Name,
                Office = e.Office != null ? e.Office.Name : null, e.Mobile, e.Email, e.Group, e.Status, e.IgotUserId, e.OnboardedOn,
                Completed = e.Enrolments.Count(x => x.Status == EnrolmentStatus.Completed),
                Minutes = e.Enrolments.Where(x => x.Status == EnrolmentStatus.Completed).Sum(x => (int?)x.LearningMinutes) ?? 0,
            })
            .ToListAsync(ct);

        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet("Staff");
        string[] headers = ["Employee Code", "Name", "Designation", "Department", "District", "Office", "Mobile", "Email", "Group", "Status",
            "iGOT User ID", "iGOT Registered On", "Courses Completed", "Learning Hours"];
        for (var c = 0; c < headers.Length; c++) sheet.Cell(1, c + 1).SetValue(headers[c]);
        sheet.Row(1).Style.Font.Bold = true;
        var r = 2;
        foreach (var e in rows)
        {
            // Text as text: codes and mobiles keep their leading zeros.
            sheet.Cell(r, 1).SetValue<string>(e.EmployeeCode);
            sheet.Cell(r, 2).SetValue<string>(e.Name);
            sheet.Cell(r, 3).SetValue<string>(e.Designation);
            sheet.Cell(r, 4).SetValue<string>(e.Department);
            sheet.Cell(r, 5).SetValue<string>(e.District);
            sheet.Cell(r, 6).SetValue<string>(e.Office ?? "");
            sheet.Cell(r, 7).SetValue<string>(e.Mobile ?? "");
            sheet.Cell(r, 8).SetValue<string>(e.Email ?? "");
            sheet.Cell(r, 9).SetValue<string>(e.Group.ToString());
            sheet.Cell(r, 10).SetValue<string>(e.Status.ToString());
            sheet.Cell(r, 11).SetValue<string>(e.IgotUserId ?? "");
            if (e.OnboardedOn is { } on) sheet.Cell(r, 12).SetValue(on.ToDateTime(TimeOnly.MinValue)).Style.DateFormat.Format = "dd-mm-yyyy";
            sheet.Cell(r, 13).SetValue(e.Completed);
            sheet.Cell(r, 14).SetValue(Math.Round(e.Minutes / 60.0, 1));
            r++;
        }
        // AdjustToContents needs GDI+, which Linux servers lack: fixed widths.
        int[] widths = [16, 28, 24, 28, 18, 32, 13, 30, 12, 12, 22, 16, 10, 10];
        for (var c = 0; c < widths.Length; c++) sheet.Column(c + 1).Width = widths[c];
        sheet.SheetView.FreezeRows(1);

        var stream = new MemoryStream();
        workbook.SaveAs(stream);
        stream.Position = 0;
        return Results.File(stream, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "staff.xlsx");
    }
}
