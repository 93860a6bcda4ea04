using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using Portal.Web.Data;
using Portal.Web.Resources;

namespace Portal.Web.Features.Rosters;

/// <summary>
/// The roster template: a hint row, the header row, and a Lists sheet of the valid districts, departments,
/// designations, groups and statuses (with drop-downs). The hint row sits above the header, so it is ignored
/// on upload like any title row. The district and department lists are the uploader's own (a range office gets
/// its four districts): a row outside the uploader's scope would only be rejected. The headers are the contract's and stay
/// English; the hints and the lists' titles are in the reader's language (the download is an HTTP request in it).
/// </summary>
public static class RosterTemplate
{
    private static readonly (string Header, Func<string> Hint, double Width)[] Columns =
    [
        ("Employee Code", () => SharedText.L["Required. HRMS / Manav Sampada code; 1-30 letters, digits, / or -"], 18),
        ("Name", () => SharedText.L["Required. As in the service book"], 26),
        ("Designation", () => SharedText.L["Required. From the Lists sheet"], 24),
        ("Department", () => SharedText.L["Required. From the Lists sheet"], 28),
        ("District", () => SharedText.L["Required. From the Lists sheet (English or Hindi name)"], 18),
        ("Office", () => SharedText.L["Optional. Thana, CHC, block...; created if new"], 26),
        ("Mobile", () => SharedText.L["Optional. 10 digits, starting 6-9"], 14),
        ("Email", () => SharedText.L["Optional"], 26),
        ("Group", () => SharedText.L["Optional. A, B, C, D, Contractual, Others"], 12),
        ("Status", () => SharedText.L["Optional. Active (default), Inactive, Retired, Transferred"], 12),
        ("Date of Joining", () => SharedText.L["Optional. dd-mm-yyyy"], 16),
        ("iGOT User ID", () => SharedText.L["Optional"], 18),
        ("iGOT Registered On", () => SharedText.L["Optional. dd-mm-yyyy; present means onboarded"], 18),
    ];

    public static async Task<byte[]> BuildAsync(IDbContextFactory<PortalDbContext> dbFactory, DataScope scope, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateUnscopedDbContextAsync(ct);
        // Reference lists (75 districts, ~80 departments): narrowed to the scope in memory.
        var districts = (await db.Districts.OrderBy(d => d.Name).Select(d => new { d.Id, d.Name, d.NameHindi }).ToListAsync(ct))
            .Where(d => scope.IncludesDistrict(d.Id)).ToList();
        var departments = (await db.Departments.OrderBy(d => d.Name).Select(d => new { d.Id, d.Name }).ToListAsync(ct))
            .Where(d => scope.IncludesDepartment(d.Id)).Select(d => d.Name).ToList();
        var designations = await db.Designations.OrderBy(d => d.Name).Select(d => d.Name).ToListAsync(ct);
        string[] groups = ["A", "B", "C", "D", "Contractual", "Others"];
        string[] statuses = ["Active", "Inactive", "Retired", "Transferred"];

        using var workbook = new XLWorkbook();
        var roster = workbook.AddWorksheet("Roster");
        var lists = workbook.AddWorksheet("Lists");

        for (var c = 0; c < Columns.Length; c++)
        {
            var (header, hint, width) = Columns[c];
            roster.Cell(1, c + 1).SetValue<string>(hint());
            roster.Cell(2, c + 1).SetValue<string>(header);
            roster.Column(c + 1).Width = width;
            // Text format keeps codes and mobiles as typed ("00123" stays "00123").
            if (header is "Employee Code" or "Mobile") roster.Range(3, c + 1, 10_000, c + 1).Style.NumberFormat.Format = "@";
        }
        roster.Row(1).Style.Font.Italic = true;
        roster.Row(1).Style.Font.FontColor = XLColor.Gray;
        roster.Row(1).Style.Alignment.WrapText = true;
        roster.Row(1).Height = 45;
        roster.Row(2).Style.Font.Bold = true;
        roster.Row(2).Style.Fill.BackgroundColor = XLColor.FromHtml("#DDEBF7");
        roster.SheetView.FreezeRows(2);

        void List(int column, string title, IEnumerable<string> values)
        {
            lists.Cell(1, column).SetValue<string>(title);
            lists.Cell(1, column).Style.Font.Bold = true;
            var row = 2;
            foreach (var v in values) lists.Cell(row++, column).SetValue<string>(v);
            lists.Column(column).Width = 34;
        }
        List(1, SharedText.L["District (English name)"], districts.Select(d => d.Name));
        List(2, SharedText.L["District (Hindi name)"], districts.Select(d => d.NameHindi ?? ""));
        List(3, SharedText.L["Department"], departments);
        List(4, SharedText.L["Designation"], designations);
        List(5, SharedText.L["Group"], groups);
        List(6, SharedText.L["Status"], statuses);

        void DropDown(int rosterColumn, int listColumn, int count)
        {
            if (count == 0) return;
            roster.Range(3, rosterColumn, 10_000, rosterColumn).SetDataValidation()
                .List(lists.Range(2, listColumn, count + 1, listColumn), true);
        }
        DropDown(3, 4, designations.Count);
        DropDown(4, 3, departments.Count);
        DropDown(5, 1, districts.Count);
        DropDown(9, 5, groups.Length);
        DropDown(10, 6, statuses.Length);

        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }
}
