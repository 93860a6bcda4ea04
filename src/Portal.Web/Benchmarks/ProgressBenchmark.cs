using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Web.Data;
using Microsoft.AspNetCore.Identity;
using Portal.Web.Features.Access;
using Portal.Web.Features.DemoData;
using Portal.Web.Features.Uploads;
using Portal.Web.Features.Progress;

namespace Portal.Web.Benchmarks;

/// <summary>
/// `bench progress --rows N --employees M`: makes a state of M employees (a bare bulk insert beside a one-employee demo
/// state's districts and departments), writes an iGOT enrolment report of N rows as iGOT writes it (every field quoted;
/// rows matching by code, e-mail and mobile, and rows of strangers; several courses), and imports it in one committed
/// transaction. In the same run it times the floor: reading the same report alone, and inserting N rows into a bare
/// SQLite table alone. Prints one JSON object (the ratio is the import's time over the floor's). Its peak working set
/// is the import's own: the setup's (the million employees inserted through a pooled connection with a large page
/// cache) is given back and the kernel's high-water mark reset before the import starts, and reported beside it.
/// </summary>
public static class ProgressBenchmark
{
    private static readonly string[] Courses =
    [
        "Cyber Security Awareness", "Prevention of Sexual Harassment", "Karmayogi Bharat Orientation", "Ethics in Governance",
        "Digital Payments", "Disaster Management", "Right to Information", "Office Procedure",
    ];

    private static readonly string[] Headers =
    [
        "Full_Name", "Email", "Phone_Number", "Employee_Id", "Designation", "MDO_Name", "Content_Name", "Content_Provider", "Content_Type",
        "Content_Duration", "Enrolled_On", "Completed_On", "Status", "Content_Progress_Percentage", "Certificate_Generated", "Live_CBP_Plan_Mandate",
    ];

    public static async Task<object> RunAsync(int rows, int employees, string? databasePath, string workFolder, TextWriter log, CancellationToken ct = default)
    {
        Directory.CreateDirectory(workFolder);
        var database = databasePath ?? Path.Combine(workFolder, $"bench-progress-{employees}-{Guid.NewGuid():N}.db");
        foreach (var f in new[] { database, database + "-wal", database + "-shm" }) if (File.Exists(f)) File.Delete(f);
        var report = Path.Combine(workFolder, $"user-enrollment-report-{rows}-{Guid.NewGuid():N}.csv");
        try
        {
            var options = new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite(DatabaseSetup.SqliteConnectionString(database)).Options;
            var factory = new BenchProcess.SqliteFactory(options);
            var clock = Stopwatch.StartNew();
            await DatabaseSetup.MigrateAsync(factory, ct);
            await new DemoStateGenerator(factory, NullLogger<DemoStateGenerator>.Instance).SeedAsync(new DemoStateOptions { Employees = 1 }, ct: ct);
            await InsertEmployeesAsync(factory, employees, ct);
            await log.WriteLineAsync($"made a state of {employees:N0} employees in {clock.Elapsed.TotalSeconds:0.0} s");

            clock.Restart();
            WriteReport(report, rows, employees);
            await log.WriteLineAsync($"wrote {rows:N0} report rows ({new FileInfo(report).Length / 1048576.0:0.0} MB) in {clock.Elapsed.TotalSeconds:0.0} s");

            // The import's own peak, not the setup's: the pooled connections (one holds the demo generator's 256 MB page
            // cache, filled while the employees went in) closed, the garbage collected, and the kernel's high-water mark
            // reset to the present (Linux; elsewhere, or if refused, the peak includes the setup and the JSON says so).
            var setupPeak = PeakWorkingSetMb();
            SqliteConnection.ClearAllPools();
            GC.Collect();
            GC.WaitForPendingFinalizers();
            // Aggressive: the setup's heap given back to the system, not kept for reuse (it would count as the import's).
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            TrimNativeHeap();
            var startMb = Environment.WorkingSet / 1048576.0;
            // The uploader's account is set-up too (made and found before the clock starts, as a signed-in user is).
            var admin = await StateAdminAsync(factory, ct);
            var peakIncludesSetup = !ResetPeakWorkingSet();
            clock.Restart();
            var cpuAtStart = ProcessorSeconds();
            using var sampler = new WorkingSetSampler();
            var gcBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes());
            var counts = await ImportAsync(factory, admin, report, workFolder, ct);
            var seconds = clock.Elapsed.TotalSeconds;
            await log.WriteLineAsync($"gc during the import: {GC.CollectionCount(0) - gcBefore.Item1}/{GC.CollectionCount(1) - gcBefore.Item2}/{GC.CollectionCount(2) - gcBefore.Item3} collections, " +
                $"paused {(GC.GetTotalPauseDuration() - gcBefore.Item4).TotalSeconds:0.00} s, allocated {(GC.GetTotalAllocatedBytes() - gcBefore.Item5) / 1048576.0:0} MB");
            var cpuSeconds = ProcessorSeconds() - cpuAtStart;
            var peak = PeakWorkingSetMb();
            await log.WriteLineAsync($"imported in {seconds:0.0} s, peak working set {peak:0} MB{(peakIncludesSetup ? " (setup included)" : "")} " +
                $"(from {startMb:0} MB at the start; sampled {sampler.PeakMb:0} MB at {sampler.PeakAtSeconds:0.0} s), setup's {setupPeak:0} MB; " +
                string.Join(", ", counts.Timings.Select(t => $"{t.Key} {t.Value:0.00}")));

            clock.Restart();
            var floorCpuAtStart = ProcessorSeconds();
            var read = ReadAlone(report, ct);
            var readSeconds = clock.Elapsed.TotalSeconds;
            clock.Restart();
            InsertAlone(Path.Combine(workFolder, $"bench-floor-{Guid.NewGuid():N}.db"), rows, BareTable);
            var insertSeconds = clock.Elapsed.TotalSeconds;
            var floor = readSeconds + insertSeconds;
            var floorCpuSeconds = ProcessorSeconds() - floorCpuAtStart;
            await log.WriteLineAsync($"floor: reading {read:N0} rows alone {readSeconds:0.0} s, inserting {rows:N0} rows into a bare table {insertSeconds:0.0} s");
            // Beside the floor, not instead of it: the same rows into a table of Enrolments' own shape, for what the
            // table's indexes and key cost by themselves (the import keeps them up; the floor's bare table has none).
            clock.Restart();
            InsertAlone(Path.Combine(workFolder, $"bench-floor-{Guid.NewGuid():N}.db"), rows, EnrolmentsShape);
            var shapedInsertSeconds = clock.Elapsed.TotalSeconds;
            await log.WriteLineAsync($"beside it: inserting the same rows into a table of Enrolments' shape (its key and three indexes, no foreign keys) {shapedInsertSeconds:0.0} s");
            // On a shared machine the wall-clock times move with the load; the processor time says what each did.
            await log.WriteLineAsync($"processor time: import {cpuSeconds:0.0} s, floor {floorCpuSeconds:0.0} s");

            return new
            {
                rows,
                employees,
                seconds = Math.Round(seconds, 2),
                peakWorkingSetMb = Math.Round(peak),
                peakIncludesSetup,
                setupPeakWorkingSetMb = Math.Round(setupPeak),
                importStartWorkingSetMb = Math.Round(startMb),
                floorSeconds = Math.Round(floor, 2),
                ratio = Math.Round(seconds / floor, 2),
                readSeconds = Math.Round(readSeconds, 2),
                cpuSeconds = Math.Round(cpuSeconds, 2),
                floorCpuSeconds = Math.Round(floorCpuSeconds, 2),
                insertSeconds = Math.Round(insertSeconds, 2),
                enrolmentsShapeInsertSeconds = Math.Round(shapedInsertSeconds, 2),
                ratioToEnrolmentsShapeFloor = Math.Round(seconds / (readSeconds + shapedInsertSeconds), 2),
                matched = counts.Matched.Total,
                byCode = counts.Matched.EmployeeCode,
                byEmail = counts.Matched.Email,
                byMobile = counts.Matched.Mobile,
                unmatched = counts.Unmatched,
                completions = counts.Completions.New,
                enrolments = counts.Enrolments.New,
                onboarded = counts.Onboarded,
                newCourses = counts.NewCourses,
            };
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (File.Exists(report)) File.Delete(report);
            foreach (var f in Directory.GetFiles(workFolder, "bench-floor-*")) File.Delete(f);
            if (databasePath is null)
                foreach (var f in Directory.GetFiles(workFolder, Path.GetFileName(database) + "*")) File.Delete(f);
        }
    }

    /// <summary>The process's processor time so far (every thread, user and system).</summary>
    private static double ProcessorSeconds()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime.TotalSeconds;
    }

    private static double PeakWorkingSetMb()
    {
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64 / 1048576.0;
    }

    /// <summary>glibc keeps freed native memory (SQLite's closed page caches) for reuse: give it back so the import starts lean.</summary>
    private static void TrimNativeHeap()
    {
        if (!OperatingSystem.IsLinux()) return;
        try { MallocTrim(0); }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException) { /* not glibc: nothing to trim */ }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);

    /// <summary>The working set every 50 ms: when the peak came (against the import's timings), not only how high.</summary>
    private sealed class WorkingSetSampler : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _sampling;
        public double PeakMb { get; private set; }
        public double PeakAtSeconds { get; private set; }

        public WorkingSetSampler() => _sampling = Task.Run(async () =>
        {
            var clock = Stopwatch.StartNew();
            while (!_stop.IsCancellationRequested)
            {
                var mb = Environment.WorkingSet / 1048576.0;
                if (mb > PeakMb) (PeakMb, PeakAtSeconds) = (mb, clock.Elapsed.TotalSeconds);
                try { await Task.Delay(50, _stop.Token); } catch (OperationCanceledException) { }
            }
        });

        public void Dispose()
        {
            _stop.Cancel();
            _sampling.Wait();
            _stop.Dispose();
        }
    }

    /// <summary>Resets the process's peak resident set (VmHWM, which PeakWorkingSet64 reads) to its present size: true if done.</summary>
    private static bool ResetPeakWorkingSet()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// The import as a StateAdmin's upload runs it: through <see cref="ProgressImportService"/> (the file staged and
    /// hashed, the batch recorded, the report read, matched and committed in one transaction, the worklist written).
    /// </summary>
    private static async Task<ProgressCounts> ImportAsync(BenchProcess.SqliteFactory factory, SignedInUser admin, string report, string workFolder, CancellationToken ct)
    {
        // The bench measures the import, not the upload size limit (a state-wide CSV passes 200 MB; its zip does not).
        var options = new ImportOptions { Folder = Path.Combine(workFolder, "bench-imports"), MaxFileMegabytes = 8_192 };
        var service = new ProgressImportService(factory, options, TimeProvider.System, NullLogger<ProgressImportService>.Instance, queue: new ImportQueue(1));
        var result = await service.ImportAsync(admin, report, Path.GetFileName(report), password: null, ct: ct);
        if (result.Counts is null || result.Outcome != ImportOutcome.Committed)
            throw new InvalidOperationException($"The bench's import was not committed: {result.FileProblem}");
        // The upload's own phases around the importer's (opening the file, the worklist workbook, the commit).
        return result.Counts with { UnmatchedUsers = [], Timings = new Dictionary<string, double>(result.Counts.Timings.Concat(result.Timings)) };
    }

    /// <summary>The demo users seeded into the bench's state, and its StateAdmin as a signed-in uploader.</summary>
    private static async Task<SignedInUser> StateAdminAsync(BenchProcess.SqliteFactory factory, CancellationToken ct)
    {
        var hasher = new PasswordHasher<PortalUser>();
        await DemoUsers.SeedAsync(factory, hasher, TimeProvider.System, ct);
        return await new AccessService(factory, hasher, TimeProvider.System).FindByLoginAsync(DemoUsers.StateAdmin, ct)
               ?? throw new InvalidOperationException("The bench's state has no StateAdmin account.");
    }

    /// <summary>Employees B00000001... with e-mail empN@bench.up.gov.in and mobile 9N (9 digits), half not yet onboarded.</summary>
    private static async Task InsertEmployeesAsync(BenchProcess.SqliteFactory factory, int employees, CancellationToken ct)
    {
        // Plain ADO.NET on the file: the bench's own setup, beside the demo state's districts, departments and designations.
        await using var db = factory.CreateDbContext();
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await connection.OpenAsync(ct);
        var districts = Ids(connection, "SELECT \"Id\" FROM \"Districts\"");
        var departments = Ids(connection, "SELECT \"Id\" FROM \"Departments\"");
        var designation = Ids(connection, "SELECT \"Id\" FROM \"Designations\"")[0];
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO "Employees" ("EmployeeCode", "Name", "DesignationId", "DepartmentId", "DistrictId", "Mobile", "Email", "Group", "Status", "OnboardedOn", "CreatedAt", "UpdatedAt")
            VALUES (@code, @name, @designation, @department, @district, @mobile, @email, 3, 1, @onboarded, @now, @now)
            """;
        string[] names = ["code", "name", "designation", "department", "district", "mobile", "email", "onboarded", "now"];
        foreach (var name in names) insert.Parameters.Add(new SqliteParameter("@" + name, DBNull.Value));
        insert.Parameters["@designation"].Value = designation;
        insert.Parameters["@now"].Value = DateTime.UtcNow;
        insert.Prepare();
        for (var i = 1; i <= employees; i++)
        {
            insert.Parameters["@code"].Value = Code(i);
            insert.Parameters["@name"].Value = "Employee " + i.ToString(CultureInfo.InvariantCulture);
            insert.Parameters["@department"].Value = departments[i % departments.Count];
            insert.Parameters["@district"].Value = districts[i % districts.Count];
            insert.Parameters["@mobile"].Value = Mobile(i);
            insert.Parameters["@email"].Value = Email(i);
            insert.Parameters["@onboarded"].Value = i % 2 == 0 ? new DateOnly(2024, 1, 1) : DBNull.Value;
            await insert.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
    }

    private static List<int> Ids(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var ids = new List<int>();
        while (reader.Read()) ids.Add(reader.GetInt32(0));
        return ids;
    }

    private static string Code(int i) => "B" + i.ToString("D8", CultureInfo.InvariantCulture);
    private static string Email(int i) => $"emp{i}@bench.up.gov.in";
    private static string Mobile(int i) => "9" + i.ToString("D9", CultureInfo.InvariantCulture);

    /// <summary>
    /// Three courses a person; people in turn match by code (3 in 10), by e-mail (4 in 10, written in capitals as some
    /// iGOT profiles have it), by mobile (2 in 10, with +91), or are strangers (1 in 10).
    /// </summary>
    private static void WriteReport(string path, int rows, int employees)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
        writer.WriteLine(string.Join(",", Headers.Select(Quote)));
        var fields = new string[Headers.Length];
        var random = new Random(rows);
        for (var i = 0; i < rows; i++)
        {
            var person = i / 3;
            var employee = person % employees + 1;
            var kind = person % 10;
            var status = random.Next(3);
            fields[0] = "Employee " + employee.ToString(CultureInfo.InvariantCulture);
            fields[1] = kind is >= 3 and < 7 ? Email(employee).ToUpperInvariant() : kind == 9 ? $"stranger{person}@example.org" : "";
            fields[2] = kind is 7 or 8 ? "+91" + Mobile(employee) : "";
            fields[3] = kind < 3 ? Code(employee) : "";
            fields[4] = "Constable";
            fields[5] = "Uttar Pradesh Police";
            fields[6] = Courses[(person + i % 3) % Courses.Length];
            fields[7] = "iGOT Karmayogi";
            fields[8] = "Course";
            fields[9] = $"{1 + (person + i) % 12:00}:30:00";
            fields[10] = $"2025-{1 + random.Next(12):00}-{1 + random.Next(28):00} 10:{random.Next(60):00}:00";
            fields[11] = status == 2 ? $"2025-12-{1 + random.Next(28):00} 18:00:00" : "Not Available";
            fields[12] = status switch { 2 => "completed", 1 => "in-progress", _ => "not-started" };
            fields[13] = status switch { 2 => "100", 1 => $"{1 + random.Next(98)}.5", _ => "0" };
            fields[14] = status == 2 ? "Yes" : "No";
            fields[15] = random.Next(2) == 0 ? "true" : "false";
            for (var f = 0; f < fields.Length; f++)
            {
                if (f > 0) writer.Write(',');
                writer.Write(Quote(fields[f]));
            }
            writer.Write('\n');
        }
    }

    private static string Quote(string field) => "\"" + field.Replace("\"", "\"\"") + "\"";

    /// <summary>The floor's first half: the report read and its rows parsed, nothing else.</summary>
    private static int ReadAlone(string report, CancellationToken ct)
    {
        using var file = IgotReportFile.Open(report, Path.GetFileName(report), ct: ct);
        var count = 0;
        foreach (var row in file.RequireEnrolment().ReadEnrolments(ct))
            if (row.IsValid) count++;
        return count;
    }

    private const string BareTable =
        "CREATE TABLE \"Bare\" (\"EmployeeId\" INTEGER, \"CourseId\" INTEGER, \"Status\" INTEGER, \"ProgressPercent\" INTEGER, \"EnrolledOn\" TEXT, \"CompletedOn\" TEXT, \"LearningMinutes\" INTEGER)";

    /// <summary>Enrolments as the SQLite migrations make it (its key and indexes), without the foreign keys (the floor's file has no employees or courses).</summary>
    private const string EnrolmentsShape = """
        CREATE TABLE "Bare" ("Id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "EmployeeId" INTEGER NOT NULL, "CourseId" INTEGER NOT NULL, "Status" INTEGER NOT NULL,
            "ProgressPercent" INTEGER NOT NULL, "EnrolledOn" TEXT NULL, "CompletedOn" TEXT NULL, "LearningMinutes" INTEGER NOT NULL);
        CREATE INDEX "IX_Bare_CompletedOn" ON "Bare" ("CompletedOn") WHERE "CompletedOn" IS NOT NULL;
        CREATE INDEX "IX_Bare_CourseId_Status" ON "Bare" ("CourseId", "Status");
        CREATE UNIQUE INDEX "IX_Bare_EmployeeId_CourseId" ON "Bare" ("EmployeeId", "CourseId");
        """;

    /// <summary>The floor's second half: N enrolment-shaped rows into a table made by <paramref name="createTable"/>, one prepared statement, one transaction.</summary>
    private static void InsertAlone(string database, int rows, string createTable)
    {
        using var connection = new SqliteConnection(DatabaseSetup.SqliteConnectionString(database));
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = createTable;
            create.ExecuteNonQuery();
        }
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO \"Bare\" (\"EmployeeId\", \"CourseId\", \"Status\", \"ProgressPercent\", \"EnrolledOn\", \"CompletedOn\", \"LearningMinutes\") VALUES (@e, @c, @s, @p, @en, @co, @m)";
        foreach (var name in new[] { "e", "c", "s", "p", "en", "co", "m" }) insert.Parameters.Add(new SqliteParameter("@" + name, DBNull.Value));
        insert.Prepare();
        var day = new DateOnly(2025, 4, 1);
        for (var i = 0; i < rows; i++)
        {
            insert.Parameters[0].Value = i / 3 + 1;
            insert.Parameters[1].Value = i % 8 + 1;
            insert.Parameters[2].Value = i % 3;
            insert.Parameters[3].Value = i % 101;
            insert.Parameters[4].Value = day;
            insert.Parameters[5].Value = i % 3 == 2 ? day.AddDays(9) : DBNull.Value;
            insert.Parameters[6].Value = i % 3 == 2 ? 150 : 0;
            insert.ExecuteNonQuery();
        }
        transaction.Commit();
    }
}
