using Portal.Web.Data;
using Portal.Web.Infrastructure.Spreadsheets;
using Portal.Web.Resources;

namespace Portal.Web.Features.Progress;

/// <summary>
/// The unmatched worklist as .xlsx, for district offices to fix rosters or contact details: a heading (what, whose
/// scope, when, which filter), then one row per iGOT user. Phones, codes and anything starting with = + - @ are
/// written as text (inline strings, never formulas); rows and completions as numbers. Streaming
/// (<see cref="StreamingWorkbook"/>): lakhs of rows cost little memory. It is a worklist for people, no upload contract:
/// its sheet name, headings and problem texts are in the current UI culture (the uploader's, or the exporter's).
/// </summary>
public static class UnmatchedWorkbook
{
    public static string SheetName => SharedText.L["Unmatched iGOT users"];

    public static IReadOnlyList<string> Headers =>
    [
        SharedText.L["Name"], SharedText.L["E-mail"], SharedText.L["Phone"], SharedText.L["Employee code (as in iGOT)"], SharedText.L["Designation"],
        SharedText.L["Organisation"], SharedText.L["Problem"], SharedText.L["Rows"], SharedText.L["Completions"], SharedText.L["Last upload"],
    ];

    private const int RowsColumn = 7, CompletionsColumn = 8;

    private static readonly IReadOnlyList<SheetColumn> Widths =
    [
        new(1, 1, 28), new(2, 2, 32), new(3, 3, 14), new(4, 4, 18), new(5, 5, 24), new(6, 6, 34), new(7, 7, 40), new(8, 9, 12), new(10, 10, 34),
    ];

    /// <summary>
    /// The worklist of one upload, as the progress import saves it beside the batch: <paramref name="users"/> as stored
    /// (their <see cref="IgotUnmatchedUser.Batch"/>, when loaded, gives the "Last upload" column).
    /// </summary>
    public static void Write(string path, IReadOnlyList<string> heading, IEnumerable<IgotUnmatchedUser> users) =>
        Write(path, heading, users.Select(EntryOf));

    /// <summary>Worklist entries, as the worklist page lists them.</summary>
    public static void Write(string path, IReadOnlyList<string> heading, IEnumerable<WorklistEntry> entries) =>
        StreamingWorkbook.Write(path, SheetName, Widths, FrozenRows(heading), sheet =>
        {
            WriteTop(sheet, heading);
            foreach (var entry in entries) WriteEntry(sheet, entry);
        });

    /// <summary>Worklist entries read as they come (a database query); returns how many rows were written.</summary>
    public static async Task<int> WriteAsync(string path, IReadOnlyList<string> heading, IAsyncEnumerable<WorklistEntry> entries, CancellationToken ct = default)
    {
        var count = 0;
        await StreamingWorkbook.WriteAsync(path, SheetName, Widths, FrozenRows(heading), async sheet =>
        {
            WriteTop(sheet, heading);
            await foreach (var entry in entries.WithCancellation(ct))
            {
                WriteEntry(sheet, entry);
                count++;
            }
        });
        return count;
    }

    /// <summary>The heading lines, a blank row, then the column headers: the rows to keep in view while scrolling.</summary>
    private static int FrozenRows(IReadOnlyList<string> heading) => heading.Count == 0 ? 1 : heading.Count + 2;

    private static void WriteTop(StreamingSheet sheet, IReadOnlyList<string> heading)
    {
        for (var i = 0; i < heading.Count; i++) sheet.NextRow().Text(0, heading[i], i == 0 ? SheetStyles.Title : SheetStyles.Normal);
        if (heading.Count > 0) sheet.SkipRows(1);
        sheet.NextRow();
        var headers = Headers;
        for (var c = 0; c < headers.Count; c++) sheet.Text(c, headers[c], SheetStyles.Bold);
    }

    private static void WriteEntry(StreamingSheet sheet, WorklistEntry e)
    {
        sheet.NextRow()
            .Text(0, e.Name).Text(1, e.Email).Text(2, e.Phone).Text(3, e.EmployeeCode).Text(4, e.Designation).Text(5, e.Organisation)
            .Text(6, e.ProblemText)
            .Number(RowsColumn, e.Rows).Number(CompletionsColumn, e.Completions)
            .Text(9, e.UploadText);
    }

    private static WorklistEntry EntryOf(IgotUnmatchedUser u)
    {
        var batch = (ImportBatch?)u.Batch; // not loaded when the import writes the rows it has just made
        return new WorklistEntry(u.UserKey, u.Problem, u.Name, u.Email, u.Phone, u.EmployeeCode, u.Designation, u.Organisation,
            u.Rows, u.Completions, u.Candidates, u.BatchId, batch?.FileName, batch?.UploadedAt);
    }
}
