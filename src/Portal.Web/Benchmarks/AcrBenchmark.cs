using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Features.Acr;
using Portal.Web.Features.DemoData;
using Portal.Web.Infrastructure.Spreadsheets;

namespace Portal.Web.Benchmarks;

/// <summary>
/// `bench acr --employees N`: makes a state whose police department has N employees (a one-employee demo state's
/// districts, offices, courses and 2025-26 rules, then N police staff with 3 to 7 enrolments each, most completed, dated
/// across the reporting year and around it, the 7-day programme for a third, a CB-plan allocation for a third) and
/// exports the police HR cell's ACR workbook for 2025-26 in a child process (so that its peak working set is the
/// export's own). In the same run, the floor: the same number of employee and course rows, of the same cells, written
/// with the bare streaming writer on one thread (no statement read or computed). Prints one JSON object.
/// </summary>
public static class AcrBenchmark
{
    private static readonly ReportingYear Year = new(2025);

    /// <summary>The child's argument for a round after the first: the export alone, without the profile after it.</summary>
    public const string ExportOnly = "export-only";

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    public static async Task<object> RunAsync(int employees, int rounds, string? databasePath, string workFolder, TextWriter log, CancellationToken ct = default)
    {
        Directory.CreateDirectory(workFolder);
        var database = databasePath ?? Path.Combine(workFolder, $"bench-acr-{employees}-{Guid.NewGuid():N}.db");
        foreach (var f in new[] { database, database + "-wal", database + "-shm" }) if (File.Exists(f)) File.Delete(f);
        var output = Path.Combine(workFolder, $"bench-acr-{Guid.NewGuid():N}.xlsx");
        var floorOutput = Path.Combine(workFolder, $"bench-acr-floor-{Guid.NewGuid():N}.xlsx");
        try
        {
            var clock = Stopwatch.StartNew();
            var factory = Factory(database);
            await DatabaseSetup.MigrateAsync(factory, ct);
            await new DemoStateGenerator(factory, NullLogger<DemoStateGenerator>.Instance).SeedAsync(new DemoStateOptions { Employees = 1 }, ct: ct);
            await DemoUsers.SeedAsync(factory, new PasswordHasher<PortalUser>(), TimeProvider.System, ct);
            var enrolments = await AddPoliceStaffAsync(factory, employees, ct);
            SqliteConnection.ClearAllPools();
            await log.WriteLineAsync($"made a police department of {employees:N0} employees ({enrolments:N0} enrolments) in {clock.Elapsed.TotalSeconds:0.0} s");

            // Export and floor in turn, a few times: this machine's speed moves by a third from one minute to the next, so
            // one pair can catch the export in a slow minute and the floor in a fast one (or the reverse). The ratio is
            // the median of the pairs' ratios; every pair is printed.
            var pairs = new List<(double Export, double Floor, double ExportCpu, double FloorCpu, double PeakMb)>();
            JsonElement first = default;
            int rows = 0, courseRows = 0;
            for (var round = 1; round <= rounds; round++)
            {
                // The profile (statements alone, the reports page) once, in the first round's process, after its export.
                string[] child = round == 1 ? ["bench", "acr-export", database, output] : ["bench", "acr-export", database, output, ExportOnly];
                var (exit, json, errors) = await BenchProcess.RunSelfAsync(child, ct);
                if (exit != 0) throw new InvalidOperationException($"The export's process failed ({exit}): {errors}");
                var export = JsonDocument.Parse(json).RootElement;
                if (round == 1) first = export.Clone();
                rows = export.GetProperty("employees").GetInt32();
                courseRows = export.GetProperty("courseRows").GetInt32();
                var seconds = export.GetProperty("seconds").GetDouble();
                if (!string.IsNullOrWhiteSpace(errors)) await log.WriteLineAsync(errors.TrimEnd());
                await log.WriteLineAsync($"round {round}: exported {rows:N0} employees and {courseRows:N0} course rows in {seconds:0.0} s, peak {export.GetProperty("peakWorkingSetMb").GetDouble():0} MB");

                var self = Process.GetCurrentProcess();
                var floorCpuBefore = self.TotalProcessorTime;
                clock.Restart();
                await WriteFloorAsync(floorOutput, rows, courseRows);
                var floor = clock.Elapsed.TotalSeconds;
                self.Refresh();
                var floorCpu = (self.TotalProcessorTime - floorCpuBefore).TotalSeconds;
                await log.WriteLineAsync($"round {round}: floor, the same rows through the bare streaming writer, in {floor:0.0} s ({floorCpu:0.0} s of CPU); ratio {seconds / floor:0.00}");
                pairs.Add((seconds, floor, export.GetProperty("cpuSeconds").GetDouble(), floorCpu, export.GetProperty("peakWorkingSetMb").GetDouble()));
            }

            return new
            {
                rows,
                courseRows,
                courseSheets = first.GetProperty("courseSheets").GetInt32(),
                rounds,
                seconds = Math.Round(Median(pairs.Select(p => p.Export)), 2),
                peakWorkingSetMb = Math.Round(pairs.Max(p => p.PeakMb)),
                fileMb = Math.Round(new FileInfo(output).Length / 1048576.0, 1),
                statementsOnlySeconds = Math.Round(first.GetProperty("statementsSeconds").GetDouble(), 2),
                floorSeconds = Math.Round(Median(pairs.Select(p => p.Floor)), 2),
                ratio = Math.Round(Median(pairs.Select(p => p.Export / p.Floor)), 2),
                exportSecondsEach = pairs.Select(p => Math.Round(p.Export, 2)).ToArray(),
                floorSecondsEach = pairs.Select(p => Math.Round(p.Floor, 2)).ToArray(),
                ratioEach = pairs.Select(p => Math.Round(p.Export / p.Floor, 2)).ToArray(),
                // CPU seconds too: on a machine shared with other work the wall-clock ratio moves with the load of the moment,
                // the processor time each side used much less (the export uses both cores, so its CPU can exceed its seconds).
                cpuSeconds = Math.Round(Median(pairs.Select(p => p.ExportCpu)), 2),
                floorCpuSeconds = Math.Round(Median(pairs.Select(p => p.FloorCpu)), 2),
                statementsOnlyCpuSeconds = Math.Round(first.GetProperty("statementsCpu").GetDouble(), 2),
                reportsPageFirstSeconds = Math.Round(first.GetProperty("reportFirstSeconds").GetDouble(), 2),
                reportsPageAgainSeconds = Math.Round(first.GetProperty("reportAgainSeconds").GetDouble(), 3),
            };
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var f in new[] { output, floorOutput }) if (File.Exists(f)) File.Delete(f);
            if (databasePath is null)
                foreach (var f in Directory.GetFiles(workFolder, Path.GetFileName(database) + "*")) File.Delete(f);
        }
    }

    /// <summary>
    /// The measured part, in a process of its own (`bench acr-export &lt;database&gt; &lt;file&gt;`): the police HR cell's
    /// 2025-26 workbook exactly as the export link writes it. Returns its figures as JSON.
    /// </summary>
    public static async Task<string> ExportAsync(string database, string output, bool exportOnly = false, CancellationToken ct = default)
    {
        var factory = Factory(database);
        var user = await new AccessService(factory, new PasswordHasher<PortalUser>(), TimeProvider.System).FindByLoginAsync(DemoUsers.PoliceHr, ct)
                   ?? throw new InvalidOperationException("The bench's state has no police HR cell.");
        var statements = new AcrStatementService(factory, TimeProvider.System);
        var reports = new AcrReportService(factory, statements, new AcrVerdictIndexCache(factory, statements), TimeProvider.System);
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        AcrWorkbookResult result;
        await using (var file = new FileStream(output, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            result = await reports.ExportAsync(user, Year, AcrSelection.Everyone, mask: true, file, ct);
        var seconds = clock.Elapsed.TotalSeconds;
        process.Refresh();
        var cpuSeconds = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        var peak = process.PeakWorkingSet64 / 1048576.0;
        await Console.Error.WriteLineAsync($"gc: {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)} collections, paused {GC.GetTotalPauseDuration().TotalSeconds:0.00} s, allocated {GC.GetTotalAllocatedBytes() / 1048576.0:0} MB");
        if (exportOnly)
            return JsonSerializer.Serialize(new
            {
                employees = result.Employees, courseRows = result.CourseRows, courseSheets = result.CourseSheets, seconds, peakWorkingSetMb = peak, cpuSeconds,
            });
        // The profile, after the measured export (so that it does not warm the database's pages for it): the statements
        // alone, read and built with nothing written. The export overlaps this with writing the sheets.
        cpuBefore = process.TotalProcessorTime;
        clock.Restart();
        var count = 0;
        await foreach (var _ in statements.StreamStatementsAsync(user.Scope, Year, AcrSelection.Everyone, ct)) count++;
        var statementsSeconds = clock.Elapsed.TotalSeconds;
        process.Refresh();
        var statementsCpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        await Console.Error.WriteLineAsync($"profile: export {seconds:0.0} s ({cpuSeconds:0.0} s of CPU, peak {peak:0} MB); the {count:N0} statements alone " +
            $"(read and built, nothing written) {statementsSeconds:0.0} s ({statementsCpu:0.0} s of CPU)");

        // The reports page of the same HR cell: the first look counts every statement once (the verdict index), the next
        // ones (another page, a verdict, a search) reuse it and build only the page's statements.
        clock.Restart();
        var firstLook = await reports.GetReportAsync(user.Scope, Year, AcrSelection.Everyone, new AcrListQuery(), ct: ct);
        var reportFirstSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        await reports.GetReportAsync(user.Scope, Year, AcrSelection.Everyone, new AcrListQuery(Page: 2), ct: ct);
        await reports.GetReportAsync(user.Scope, Year, AcrSelection.Everyone, new AcrListQuery(Verdict: firstLook.Counts.Verdicts[^1], Page: 40), ct: ct);
        await reports.GetReportAsync(user.Scope, Year, AcrSelection.Everyone, new AcrListQuery(Search: "Employee 12345"), ct: ct);
        var reportAgainSeconds = clock.Elapsed.TotalSeconds / 3;
        await Console.Error.WriteLineAsync($"reports page: first look (counting {firstLook.Counts.Totals.Sum():N0} statements) {reportFirstSeconds:0.0} s; " +
            $"then {reportAgainSeconds * 1000:0} ms a look (another page, a verdict, a search)");
        return JsonSerializer.Serialize(new
        {
            employees = result.Employees, courseRows = result.CourseRows, courseSheets = result.CourseSheets, seconds,
            peakWorkingSetMb = peak, statementsSeconds, cpuSeconds, statementsCpu, reportFirstSeconds, reportAgainSeconds,
        });
    }

    /// <summary>
    /// The floor: <paramref name="employees"/> employee rows and <paramref name="courseRows"/> course rows of the export's
    /// cells (text, numbers, dates; the employees spooled, the courses split, as the export's are) with values made up
    /// front, on one thread (the export writes its courses sheets on a second one).
    /// </summary>
    private static async Task WriteFloorAsync(string path, int employees, int courseRows)
    {
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        using var workbook = new StreamingWorkbookWriter(file);
        var sheet = workbook.AddSpooledSheet(AcrWorkbook.EmployeesSheet, [], 1);
        AcrWorkbook.Header(sheet, AcrWorkbook.EmployeeColumns);
        var courses = workbook.AddSheet(AcrWorkbook.CoursesSheet, [], 1);
        AcrWorkbook.Header(courses, AcrWorkbook.CourseColumns);
        const string reason = "Partly compliant: the conditions of \"Compliant\" are not met: 2 of 3 prescribed courses done (66.67%), at least 100% needed; 7-day programme not done (required).";
        var due = new DateTime(2026, 3, 31);
        var done = new DateTime(2025, 9, 14);
        var courseSheets = 1;
        for (var i = 0; i < employees; i++)
        {
            var code = "A" + i.ToString("D8", CultureInfo.InvariantCulture);
            sheet.NextRow().Text(0, code).Text(1, "Employee " + i.ToString(CultureInfo.InvariantCulture)).Text(2, "Constable").Text(3, "Thana 2, Meerut")
                .Text(4, "Meerut").Text(5, "Police").Text(6, "…@bench.up.gov.in").Text(7, "******" + (i % 10_000).ToString("D4", CultureInfo.InvariantCulture))
                .Number(8, 12.5, SheetStyles.TwoDecimals).Number(9, 3).Number(10, 2).Number(11, 0).Number(12, 0).Number(13, 1)
                .Number(14, 66.67, SheetStyles.TwoDecimals).Text(15, "Not done").Text(16, "Partly compliant").Text(17, reason);
        }
        for (var i = 0; i < courseRows; i++)
        {
            if (courses.RowNumber >= StreamingWorkbookWriter.MaxRows)
            {
                courses = workbook.AddSheet($"{AcrWorkbook.CoursesSheet} {++courseSheets}", [], 1);
                AcrWorkbook.Header(courses, AcrWorkbook.CourseColumns);
            }
            courses.NextRow().Text(0, "A" + (i / 5).ToString("D8", CultureInfo.InvariantCulture)).Text(1, "Employee " + (i / 5).ToString(CultureInfo.InvariantCulture))
                .Text(2, "Cyber Security Awareness").Text(3, "Mandatory").Text(4, null).Date(5, due).Date(6, done).Number(7, 1.5, SheetStyles.TwoDecimals).Text(8, "Done on time");
        }
        workbook.Complete();
    }

    private static BenchProcess.SqliteFactory Factory(string database) =>
        new(new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite(DatabaseSetup.SqliteConnectionString(database)).Options);

    /// <summary>N police staff in every district's police offices, their enrolments, and CB-plan allocations for a third.</summary>
    private static async Task<long> AddPoliceStaffAsync(BenchProcess.SqliteFactory factory, int employees, CancellationToken ct)
    {
        // The bench's own setup, with a StateAdmin's whole-state scope (the reference lists are read, nothing across scopes).
        await using var db = await factory.CreateDbContextAsync(DataScope.WholeState, ct);
        var police = await db.Departments.Where(d => d.Name == "Police").Select(d => d.Id).SingleAsync(ct);
        var offices = await db.Offices.Where(o => o.DepartmentId == police).Select(o => new { o.Id, o.DistrictId }).ToListAsync(ct);
        var designations = await db.Designations.Where(d => d.Name.Contains("Constable") || d.Name.Contains("Inspector"))
            .Select(d => d.Id).ToListAsync(ct);
        if (designations.Count == 0) designations = await db.Designations.Select(d => d.Id).Take(3).ToListAsync(ct);
        var courses = await db.Courses.Select(c => new { c.Id, c.IsCapacityBuildingProgramme, c.DurationMinutes }).OrderBy(c => c.Id).ToListAsync(ct);
        var programme = courses.FirstOrDefault(c => c.IsCapacityBuildingProgramme)?.Id;
        var ordinary = courses.Where(c => !c.IsCapacityBuildingProgramme).ToList();
        var firstEmployee = (await db.Employees.MaxAsync(e => (int?)e.Id, ct) ?? 0) + 1;
        var firstEnrolment = (await db.Enrolments.MaxAsync(e => (int?)e.Id, ct) ?? 0) + 1;
        var now = DateTime.UtcNow;
        long enrolments = 0;
        await using (var writer = await DemoRowWriter.OpenAsync(db, ct))
        {
            for (var i = 0; i < employees; i++)
            {
                var id = firstEmployee + i;
                var office = offices[i % offices.Count];
                await writer.AddEmployeeAsync(new EmployeeRow(id, "A" + i.ToString("D8", CultureInfo.InvariantCulture), "Employee " + i.ToString(CultureInfo.InvariantCulture),
                    designations[i % designations.Count], police, office.DistrictId, office.Id, "9" + i.ToString("D9", CultureInfo.InvariantCulture),
                    $"emp{i}@bench.up.gov.in", ServiceGroup.C, EmployeeStatus.Active, new DateOnly(2015, 7, 1), $"igot-{i}", new DateOnly(2024, 1, 1), now), ct);
                var count = 3 + i % 5;
                for (var k = 0; k < count; k++)
                {
                    var course = ordinary[(i + k * 7) % ordinary.Count];
                    var state = (i + k) % 5;
                    // Dated from March 2025 to June 2026 (before, in and after the year); one in fifty without a date.
                    DateOnly? completed = state == 4 ? null : (i * 31 + k * 17) % 50 == 0 ? null : new DateOnly(2025, 3, 1).AddDays((i * 13 + k * 29) % 480);
                    await writer.AddEnrolmentAsync(new EnrolmentRow(firstEnrolment++, id, course.Id, state == 4 ? EnrolmentStatus.InProgress : EnrolmentStatus.Completed,
                        state == 4 ? 40 : 100, new DateOnly(2025, 2, 1), completed, state == 4 ? 0 : Math.Max(30, course.DurationMinutes)), ct);
                    enrolments++;
                }
                if (programme is { } p && i % 3 == 0)
                {
                    await writer.AddEnrolmentAsync(new EnrolmentRow(firstEnrolment++, id, p, EnrolmentStatus.Completed, 100, new DateOnly(2025, 5, 1),
                        new DateOnly(2025, 5, 1).AddDays(i % 300), 2_520), ct);
                    enrolments++;
                }
            }
            await writer.CompleteAsync(ct);
        }
        var crimLaws = await db.Courses.Where(c => c.IgotCourseId == "do_new_crim_laws").Select(c => c.Id).SingleAsync(ct);
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "CbPlanAllocations" ("EmployeeId", "CourseId", "AllocatedOn", "DueOn", "IsApar", "UpdatedAt")
            SELECT e."Id", {crimLaws}, {new DateOnly(2025, 5, 1)}, {new DateOnly(2025, 12, 31)}, {true}, {now} FROM "Employees" AS e
            WHERE e."Id" >= {firstEmployee} AND e."Id" % 3 = 0
            """, ct);
        return enrolments;
    }
}
