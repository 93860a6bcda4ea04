using System.Threading.Channels;
using Portal.Web.Infrastructure.Spreadsheets;
using Portal.Web.Resources;

namespace Portal.Web.Features.Acr;

/// <summary>What an ACR workbook holds: how many employees, course rows and course sheets.</summary>
public sealed record AcrWorkbookResult(int Employees, int CourseRows, int CourseSheets);

/// <summary>The lines above the summary: what the file covers, by whose rules, as of when, made by whom.</summary>
public sealed record AcrWorkbookHeading(IReadOnlyList<string> Lines);

/// <summary>
/// iGOT's APAR extract masks contact details so: an e-mail keeps only its domain ("…@up.gov.in"), a mobile all but its
/// last 4 digits ("******3210").
/// </summary>
public static class AcrContactMask
{
    public static string? Email(string? email)
    {
        if (string.IsNullOrWhiteSpace(email)) return email;
        var at = email.LastIndexOf('@');
        return at < 0 ? "…" : "…" + email[at..].Trim();
    }

    public static string? Mobile(string? mobile)
    {
        if (string.IsNullOrWhiteSpace(mobile)) return mobile;
        var trimmed = mobile.Trim();
        var digits = 0;
        foreach (var ch in trimmed) if (char.IsAsciiDigit(ch)) digits++;
        // Separators (+, spaces) stay; every digit but the last four becomes '*'.
        return string.Create(trimmed.Length, (trimmed, digits), static (span, state) =>
        {
            var seen = 0;
            for (var i = 0; i < span.Length; i++)
            {
                var ch = state.trimmed[i];
                span[i] = char.IsAsciiDigit(ch) && ++seen <= state.digits - 4 ? '*' : ch;
            }
        });
    }
}

/// <summary>
/// Writes the ACR workbook from streamed statements, in bounded memory: the employees sheet first (one row each: the
/// command line's contract says it is the first sheet), then the summary (counts by verdict per district or office,
/// gathered while the employees were written), then the courses (one row per employee and course, written beside the
/// employees on a second thread, split over sheets past Excel's 1,048,576 rows). Text is inline strings.
/// Words are in the language of whoever asked for the file (the current UI culture: a page's reader, English in the
/// command line), except the command line's contract columns of the employees sheet (<see cref="ContractColumns"/>),
/// which read the same in every language; verdict labels are the StateAdmin's data and stay as entered.
/// </summary>
public static class AcrWorkbook
{
    public const string EmployeesSheet = "Employees";
    public const string SummarySheet = "Summary";
    public const string CoursesSheet = "Courses";

    /// <summary>
    /// The columns the command line's users read by name (the employees sheet's): English in every language, and so in
    /// the courses sheet too, which has two of them.
    /// </summary>
    public static readonly IReadOnlySet<string> ContractColumns = new HashSet<string> { "Employee Code", "Learning Hours", "Verdict" };

    private static List<string> Headings(IEnumerable<string> columns) =>
        columns.Select(c => ContractColumns.Contains(c) ? c : SharedText.L[c].Value).ToList();

    public static readonly string[] EmployeeColumns =
    [
        "Employee Code", "Name", "Designation", "Office", "District", "Department", "E-mail", "Mobile", "Learning Hours", "Prescribed",
        "Done on time", "Done late", "Done (date not known)", "Missing", "Share %", "7-day programme", "Verdict", "Rule",
    ];

    public static readonly string[] CourseColumns =
    [
        "Employee Code", "Name", "Course", "Prescribed by", "APAR", "Due On", "Completed On", "Learning Hours", "Status",
    ];

    private static readonly SheetColumn[] EmployeeWidths =
    [
        new(1, 1, 16), new(2, 2, 28), new(3, 3, 22), new(4, 4, 30), new(5, 6, 20), new(7, 7, 28), new(8, 8, 14),
        new(9, 16, 11), new(17, 17, 18), new(18, 18, 70),
    ];

    private static readonly SheetColumn[] CourseWidths =
        [new(1, 1, 16), new(2, 2, 28), new(3, 3, 44), new(4, 4, 22), new(5, 5, 7), new(6, 7, 12), new(8, 8, 11), new(9, 9, 22)];

    /// <summary>Writes the workbook of <paramref name="statements"/> into <paramref name="output"/> (which stays open).</summary>
    /// <param name="tally">Counts by verdict per district or office (as <paramref name="byOffice"/> says): the summary.</param>
    public static async Task<AcrWorkbookResult> WriteAsync(Stream output, IAsyncEnumerable<AcrStatement> statements, AcrVerdictTally tally,
        bool byOffice, bool mask, AcrWorkbookHeading heading, CancellationToken ct = default)
    {
        // Looked up once here, not per row: a police department's export has lakhs of rows.
        var words = new SheetWords();
        using var workbook = new StreamingWorkbookWriter(output);
        // The employees sheet is spooled and the courses sheets go straight into the file, so that the largest sheets
        // (a department's courses: millions of rows) are compressed once, not spooled and compressed again at the end;
        // the employees sheet stays the first (sheets are in the order added, however written).
        var employees = workbook.AddSpooledSheet(SharedText.L[EmployeesSheet], EmployeeWidths, frozenRows: 1);
        Header(employees, Headings(EmployeeColumns));
        // Added now so that it comes second; its rows are known at the end.
        var summary = workbook.AddSpooledSheet(SharedText.L[SummarySheet], [new(1, 2, 30), new(3, 12, 14)], frozenRows: 0);
        var courses = new CourseSheets(workbook, words);
        courses.Open();

        // The courses sheets are written on a thread of their own, the employees sheet on this one: each sheet has its
        // own XML writer and stream, and only the courses' thread adds sheets until both are done (the courses rows are
        // most of the work, and a server has more than one core). Batches of statements are handed over, in bounded memory.
        var toCourses = Channel.CreateBounded<AcrStatement[]>(new BoundedChannelOptions(4) { SingleReader = true, SingleWriter = true });
        var courseWriting = Task.Run(async () =>
        {
            try
            {
                await foreach (var batch in toCourses.Reader.ReadAllAsync(CancellationToken.None))
                    foreach (var s in batch) courses.Write(s);
            }
            catch (Exception ex)
            {
                toCourses.Writer.TryComplete(ex); // the employees' side stops at its next hand-over
                throw;
            }
        }, CancellationToken.None);

        var count = 0;
        try
        {
            var batch = new List<AcrStatement>(CourseBatch);
            await foreach (var s in statements.WithCancellation(ct))
            {
                count++;
                EmployeeRow(employees, s, mask, words);
                tally.Add(s);
                batch.Add(s);
                if (batch.Count < CourseBatch) continue;
                await toCourses.Writer.WriteAsync([.. batch], ct);
                batch.Clear();
            }
            if (batch.Count > 0) await toCourses.Writer.WriteAsync([.. batch], ct);
            toCourses.Writer.TryComplete();
        }
        catch (Exception ex)
        {
            toCourses.Writer.TryComplete(ex);
            // The courses' failure, when it was first, is the one to report.
            if (ex is ChannelClosedException) await courseWriting;
            try { await courseWriting; } catch { /* this failure is reported */ }
            throw;
        }
        await courseWriting;
        Summary(summary, heading, byOffice, tally.ToTable());
        workbook.Complete();
        return new AcrWorkbookResult(count, courses.Rows, courses.Sheets);
    }

    /// <summary>Statements handed to the courses' thread at a time.</summary>
    private const int CourseBatch = 256;

    public static void Header(StreamingSheet sheet, IReadOnlyList<string> columns)
    {
        sheet.NextRow();
        for (var i = 0; i < columns.Count; i++) sheet.Text(i, columns[i], SheetStyles.Bold);
    }

    /// <summary>One employee's row: the statement's figures.</summary>
    private static void EmployeeRow(StreamingSheet sheet, AcrStatement s, bool mask, SheetWords words)
    {
        var e = s.Employee;
        sheet.NextRow()
            .Text(0, e.Code).Text(1, e.Name).Text(2, e.Designation).Text(3, e.Office).Text(4, e.District).Text(5, e.Department)
            .Text(6, mask ? AcrContactMask.Email(e.Email) : e.Email).Text(7, mask ? AcrContactMask.Mobile(e.Mobile) : e.Mobile)
            .Number(8, (double)Math.Round(s.LearningHours, 2), SheetStyles.TwoDecimals)
            .Number(9, s.Prescribed.Count);
        int onTime = 0, late = 0, unknown = 0, missing = 0;
        foreach (var p in s.Prescribed)
            switch (p.State)
            {
                case AcrCourseState.DoneOnTime: onTime++; break;
                case AcrCourseState.DoneLate: late++; break;
                case AcrCourseState.DoneDateUnknown: unknown++; break;
                default: missing++; break;
            }
        sheet.Number(10, onTime).Number(11, late).Number(12, unknown).Number(13, missing)
            .Number(14, (double)s.SharePercent, SheetStyles.TwoDecimals)
            .Text(15, s.Programme.Done ? words.Done : words.NotDone).Text(16, s.Verdict.Label).Text(17, s.Verdict.Reason);
    }

    /// <summary>Prescribed by the catalogue, a CB plan or both, in English words (the keys of their Hindi).</summary>
    public static string PrescribedBy(AcrPrescribedBy by) => by switch
    {
        AcrPrescribedBy.Mandatory => "Mandatory",
        AcrPrescribedBy.CbPlan => "CB plan",
        _ => "Mandatory and CB plan",
    };

    private static void Summary(StreamingSheet sheet, AcrWorkbookHeading heading, bool byOffice, AcrVerdictTable table)
    {
        var first = true;
        foreach (var line in heading.Lines)
        {
            sheet.NextRow().Text(0, line, first ? SheetStyles.Title : SheetStyles.Normal);
            first = false;
        }
        sheet.SkipRows(1);
        var L = SharedText.L;
        List<string> columns = byOffice ? [L["District"], L["Office"]] : [L["District"]];
        columns.AddRange(table.Verdicts);
        columns.Add(L["Total"]);
        Header(sheet, columns);
        var offset = byOffice ? 2 : 1;
        foreach (var group in table.Groups)
        {
            sheet.NextRow().Text(0, group.District);
            if (byOffice) sheet.Text(1, group.Office ?? L["(no office)"]);
            for (var i = 0; i < group.Counts.Count; i++) sheet.Number(offset + i, group.Counts[i]);
            sheet.Number(offset + group.Counts.Count, group.Total);
        }
        var totals = table.Totals;
        sheet.NextRow().Text(0, L["Total"], SheetStyles.Bold);
        for (var i = 0; i < totals.Count; i++) sheet.Number(offset + i, totals[i]);
        sheet.Number(offset + totals.Count, totals.Sum());
    }

    /// <summary>
    /// The words the rows repeat, each looked up once per workbook in the current UI culture (the same words as
    /// <see cref="AcrPrescribedCourse.StateText"/> and <see cref="PrescribedBy"/> give, as keys, to the pages).
    /// </summary>
    private sealed class SheetWords
    {
        public readonly string Done = SharedText.L["Done"];
        public readonly string NotDone = SharedText.L["Not done"];
        public readonly string Yes = SharedText.L["Yes"];
        public readonly string No = SharedText.L["No"];
        public readonly string CompletedNotPrescribed = SharedText.L["Completed (not prescribed)"];
        private readonly Dictionary<AcrCourseState, string> _states =
            Enum.GetValues<AcrCourseState>().ToDictionary(s => s, s => SharedText.L[new AcrPrescribedCourse(0, "", AcrPrescribedBy.Mandatory, false, default, null, s).StateText].Value);
        private readonly Dictionary<AcrPrescribedBy, string> _prescribedBy =
            new[] { AcrPrescribedBy.Mandatory, AcrPrescribedBy.CbPlan, AcrPrescribedBy.Mandatory | AcrPrescribedBy.CbPlan }
                .ToDictionary(b => b, b => SharedText.L[AcrWorkbook.PrescribedBy(b)].Value);

        public string State(AcrCourseState state) => _states[state];
        public string PrescribedBy(AcrPrescribedBy by) => _prescribedBy[by];
    }

    /// <summary>The courses sheets: a new one (with its header) whenever one is full.</summary>
    private sealed class CourseSheets(StreamingWorkbookWriter workbook, SheetWords words)
    {
        private StreamingSheet? _sheet;

        public int Rows { get; private set; }
        public int Sheets { get; private set; }

        /// <summary>The employee's prescribed courses, then the other courses completed in the year.</summary>
        public void Write(AcrStatement s)
        {
            foreach (var p in s.Prescribed)
            {
                var row = Next().Text(0, s.Employee.Code).Text(1, s.Employee.Name).Text(2, p.Name).Text(3, words.PrescribedBy(p.PrescribedBy))
                    .Text(4, p.PrescribedBy.HasFlag(AcrPrescribedBy.CbPlan) ? (p.IsApar ? words.Yes : words.No) : null)
                    .Date(5, p.DueOn.ToDateTime(TimeOnly.MinValue));
                if (p.CompletedOn is { } on) row.Date(6, on.ToDateTime(TimeOnly.MinValue));
                if (InYear(s, p.CourseId) is { } c) row.Number(7, (double)Math.Round(c.Hours, 2), SheetStyles.TwoDecimals);
                row.Text(8, words.State(p.State));
            }
            foreach (var c in s.CompletedInYear)
            {
                if (IsPrescribed(s, c.CourseId)) continue;
                Next().Text(0, s.Employee.Code).Text(1, s.Employee.Name).Text(2, c.Name)
                    .Date(6, c.CompletedOn.ToDateTime(TimeOnly.MinValue)).Number(7, (double)Math.Round(c.Hours, 2), SheetStyles.TwoDecimals)
                    .Text(8, words.CompletedNotPrescribed);
            }
        }

        // An employee has a handful of courses: a look along the list costs less than a dictionary per employee.
        private static AcrCompletedCourse? InYear(AcrStatement s, int courseId)
        {
            foreach (var c in s.CompletedInYear) if (c.CourseId == courseId) return c;
            return null;
        }

        private static bool IsPrescribed(AcrStatement s, int courseId)
        {
            foreach (var p in s.Prescribed) if (p.CourseId == courseId) return true;
            return false;
        }

        /// <summary>The first courses sheet (there is one even when no employee has a course).</summary>
        public void Open()
        {
            Sheets++;
            var name = SharedText.L[CoursesSheet];
            _sheet = workbook.AddSheet(Sheets == 1 ? name : $"{name} {Sheets}", CourseWidths, frozenRows: 1);
            Header(_sheet, Headings(CourseColumns));
        }

        private StreamingSheet Next()
        {
            if (_sheet is null || _sheet.RowNumber >= StreamingWorkbookWriter.MaxRows) Open();
            Rows++;
            return _sheet!.NextRow();
        }
    }
}
