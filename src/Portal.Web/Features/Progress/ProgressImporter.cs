using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Portal.Web.Data;
using Portal.Web.Data.Providers;
using Portal.Web.Features.Courses;
using Portal.Web.Features.Rosters;
using Portal.Web.Features.Uploads;
using Portal.Web.Features.Snapshot;
using Portal.Web.Infrastructure.Spreadsheets;

namespace Portal.Web.Features.Progress;

/// <summary>
/// The progress import: an iGOT enrolment report (and the user report, when the upload has one) merged into the
/// roster's enrolments. Rows are matched to employees by <see cref="RosterIdentityIndex"/> and merged by
/// <see cref="EnrolmentMerge"/>'s rules. One thread reads and matches the report while another resolves courses,
/// compares with the stored enrolments and (when committing) writes them, chunk by chunk, so that a state-wide report
/// of millions of rows costs the roster's keys and a few chunks of memory. A preview runs the same code without writing
/// (what it would have written is kept in memory so that later rows of the same enrolment count the same), so its
/// counts are the commit's.
/// </summary>
public static class ProgressImporter
{
    /// <summary>Report rows per chunk handed from the reading thread to the writing one (at most as many employees).</summary>
    private const int ChunkSize = EnrolmentWriter.LookupBatch;
    private const int MaxErrorsReturned = 1_000;

    /// <summary>
    /// Runs the import on <paramref name="db"/>, an unscoped context (the whole roster is matched: a row of someone
    /// else's staff must be recognised as such). When <see cref="ProgressRun.Commit"/> is set the caller has begun a
    /// transaction on it, and commits it after this returns: the enrolments, onboarding dates, first completions,
    /// new courses, changed-district marks and worklist rows are all in it.
    /// </summary>
    public static Task<ProgressCounts> RunAsync(PortalDbContext db, IgotReportFile file, ProgressRun run,
        IProgress<ImportProgress>? progress, CancellationToken ct) => RunAsync(db, file, run, bulkLoad: null, progress, ct);

    /// <summary>
    /// As above, loading the enrolments through <paramref name="bulkLoad"/> (<see cref="DatabaseDialect.StartProgressLoadAsync"/>,
    /// started by the caller before its transaction): told the table's size and the inserts as they go, its indexes
    /// restored and its unchecked foreign keys verified here, before this returns. Its upkeep after the commit is the caller's.
    /// </summary>
    internal static async Task<ProgressCounts> RunAsync(PortalDbContext db, IgotReportFile file, ProgressRun run, BulkLoad? bulkLoad,
        IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        var report = file.RequireEnrolment();
        if (run.Commit && db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("A committing progress import runs inside the caller's transaction: begin one on the context first.");
        if (run.Commit && run.BatchId <= 0)
            throw new InvalidOperationException("A committing progress import needs its upload batch (the worklist rows belong to it).");
        using var pass = new ImportPass(db, file, report, run, run.Commit ? bulkLoad : null, progress);
        return await pass.RunAsync(ct);
    }

    /// <summary>A matched report row on its way to the writing thread.</summary>
    private readonly record struct Work(int Employee, EnrolmentRow Row);

    private sealed class ImportPass(PortalDbContext db, IgotReportFile file, IgotReport report, ProgressRun run, BulkLoad? bulkLoad,
        IProgress<ImportProgress>? progress) : IDisposable
    {
        private readonly RejectSpool _rejects = new(Path.GetDirectoryName(Path.GetFullPath(run.ErrorWorkbookPath))!, MaxErrorsReturned);
        private readonly Dictionary<string, double> _timings = [];
        private RosterIdentityIndex _index = null!;

        // Written by the reading thread only (read after it finishes).
        private int _rows, _byCode, _byEmail, _byMobile, _linked, _notEnrolled, _unmatched, _ambiguous, _outsideScope, _userRows;
        private readonly UnmatchedUserList _unmatchedUsers = new();
        /// <summary>Matched rows (in the uploader's scope) by their employee's district and department.</summary>
        private readonly UploadCoverage _covered = new();
        private readonly List<RowError> _firstErrors = [];
        /// <summary>Per employee index: the earliest enrolment date of this file (DayNumber + 1; 0 none).</summary>
        private int[] _earliestEnrolment = [];
        /// <summary>Per employee index: the user report's registration date (DayNumber + 1; 0 none).</summary>
        private int[] _registered = [];

        // Written by the writing thread only.
        private int _completionsNew, _completionsUpdated, _completionsUnchanged, _enrolmentsNew, _enrolmentsUpdated, _enrolmentsUnchanged;
        private const byte EnrolmentWritten = 1, CompletionWritten = 2, Onboarded = 4;
        /// <summary>Per employee index: what this import changed of theirs.</summary>
        private byte[] _touched = [];
        /// <summary>A preview's "writes": what the enrolments would be now, so that a later row of the same enrolment merges as in a commit.</summary>
        private readonly Dictionary<long, EnrolmentState> _previewed = [];
        /// <summary>A preview's stand-in ids for the courses it would add (negative: never a stored course's).</summary>
        private readonly Dictionary<Course, int> _previewCourseIds = new(ReferenceEqualityComparer.Instance);
        private Dictionary<int, int> _courseMinutes = [];
        private long _lookupTicks, _writeTicks;
        /// <summary>Enrolments inserted so far (a commit's), for the bulk load's judgement of a large load.</summary>
        private int _inserted;
        /// <summary>Per employee index: the first completion date after this import (DayNumber + 1; 0 none), for those whose completions changed.</summary>
        private int[] _firstCompletion = [];
        // The writing thread's working sets, one chunk at a time: cleared and used again rather than made for each of
        // the thousands of chunks of a state-wide report.
        private readonly ResolvedCourse[] _chunkCourses = new ResolvedCourse[ChunkSize];
        private readonly List<int> _chunkEmployeeIds = new(ChunkSize);
        private readonly HashSet<int> _chunkEmployees = new(ChunkSize);
        private readonly Dictionary<long, EnrolmentState> _stored = new(ChunkSize * 2);
        private readonly Dictionary<long, (EnrolmentState State, int Employee, int CourseId)> _current = new(ChunkSize);
        private readonly HashSet<int> _completionsChanged = new(ChunkSize);

        public void Dispose() => _rejects.Dispose();

        public async Task<ProgressCounts> RunAsync(CancellationToken ct)
        {
            var total = Stopwatch.StartNew();
            progress?.Report(new ImportProgress(Resources.SharedText.L["Reading the roster"], 0, 0));
            // The writer first: it sets the connection up for the import (SQLite's page cache, whatever a pooled
            // connection was left with), and the roster's read is the first thing that would fill it.
            await db.Database.OpenConnectionAsync(ct);
            using var writer = DatabaseDialect.For(db).OpenEnrolmentWriter(db, run.Now, forWriting: run.Commit);
            _index = await RosterIdentityIndex.LoadAsync(db, run.UploaderScope, ct);
            _timings["rosterSeconds"] = total.Elapsed.TotalSeconds;
            _earliestEnrolment = new int[_index.Count];
            _registered = new int[_index.Count];
            _touched = new byte[_index.Count];
            if (run.Commit) _firstCompletion = new int[_index.Count];
            // The highest id rather than a count: as good a size for judging a load "large" (ids are not reused, so it
            // is never less), and a seek where COUNT(*) reads a whole index of a table of millions. The context is unscoped.
            bulkLoad?.Begin(await db.Enrolments.MaxAsync(e => (long?)e.Id, ct) ?? 0);
            var catalogue = await CourseCatalogue.LoadAsync(db, ct);
            _courseMinutes = await db.Courses.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.DurationMinutes, ct);
            _timings["loadSeconds"] = total.Elapsed.TotalSeconds;

            if (file.User is { } users)
            {
                var clock = Stopwatch.StartNew();
                progress?.Report(new ImportProgress(Resources.SharedText.L["Reading the user report"], 0, 0));
                ReadUserReport(users, ct);
                _timings["userReportSeconds"] = clock.Elapsed.TotalSeconds;
            }

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var chunks = Channel.CreateBounded<List<Work>>(new BoundedChannelOptions(4) { SingleReader = true, SingleWriter = true });
            var reading = Task.Run(() => Read(chunks.Writer, stop.Token), stop.Token);
            var writeClock = new Stopwatch();
            try
            {
                await foreach (var chunk in chunks.Reader.ReadAllAsync(stop.Token))
                {
                    writeClock.Start();
                    await ProcessChunkAsync(catalogue, writer, chunk, stop.Token);
                    writeClock.Stop();
                }
                await reading;
            }
            catch
            {
                await stop.CancelAsync();
                try { await reading; } catch { /* the first failure is the one to report */ }
                throw;
            }
            writer.Flush();
            _timings["compareAndWriteSeconds"] = writeClock.Elapsed.TotalSeconds;
            _timings["lookupSeconds"] = (double)_lookupTicks / Stopwatch.Frequency;
            _timings["writeSeconds"] = (double)_writeTicks / Stopwatch.Frequency;

            var finish = Stopwatch.StartNew();
            // The worklist is complete once the report is read: its workbook is written on the reading thread's core,
            // now free, while this one saves (a preview's, while it counts). Awaited before returning, so before the
            // caller's commit: a failure to write it fails the import.
            var unmatchedUsers = _unmatchedUsers.Sorted();
            var worklist = unmatchedUsers.Count > 0 && run.WriteWorklist is { } writeWorklist
                ? Task.Run(() =>
                {
                    var clock = Stopwatch.StartNew();
                    writeWorklist(new UnmatchedReport(unmatchedUsers, _unmatched, _ambiguous));
                    return clock.Elapsed.TotalSeconds;
                }, CancellationToken.None)
                : Task.FromResult(0.0);
            int onboarded;
            try
            {
                progress?.Report(new ImportProgress(run.Commit ? "Saving" : "Counting", 1, _rows));
                onboarded = Onboard();
                _timings["onboardSeconds"] = finish.Elapsed.TotalSeconds;
                if (run.Commit) await FinishCommitAsync(writer, ct);
                if (bulkLoad is not null)
                {
                    var bulkClock = Stopwatch.StartNew();
                    if (await bulkLoad.RestoreIndexesAsync(ct) is { } rebuildSeconds) _timings["rebuildIndexSeconds"] = rebuildSeconds;
                    await bulkLoad.VerifyAsync(ct);
                    _timings["restoreAndVerifySeconds"] = bulkClock.Elapsed.TotalSeconds;
                }

                // Written in a preview too (the uploader fixes rows before committing); before the caller's commit, so that a
                // failure to write it fails the import rather than leaving committed rows behind a batch that does not say so.
                if (_rejects.Rows > 0)
                    ErrorWorkbook.Write(run.ErrorWorkbookPath, report.Header, _rejects.ReadBack());
                _timings["worklistWorkbookSeconds"] = await worklist;
            }
            catch
            {
                // Never leave the workbook being written behind a failed import; this failure is the one reported.
                try { await worklist; } catch { /* reported above */ }
                throw;
            }
            _timings["finishSeconds"] = finish.Elapsed.TotalSeconds;
            _timings["totalSeconds"] = total.Elapsed.TotalSeconds;
            progress?.Report(new ImportProgress("Done", 1, _rows));

            return new ProgressCounts
            {
                Rows = _rows,
                Matched = new MatchCounts(_byCode, _byEmail, _byMobile, _linked),
                NotEnrolled = _notEnrolled,
                Unmatched = _unmatched,
                Ambiguous = _ambiguous,
                OutsideScope = _outsideScope,
                Completions = new ChangeCounts(_completionsNew, _completionsUpdated, _completionsUnchanged),
                Enrolments = new ChangeCounts(_enrolmentsNew, _enrolmentsUpdated, _enrolmentsUnchanged),
                Onboarded = onboarded,
                NewCourses = catalogue.Pending.Count,
                Rejected = _rejects.Rows,
                ErrorCount = _rejects.Errors,
                Errors = _firstErrors,
                HasErrorWorkbook = _rejects.Rows > 0,
                UserReportRows = _userRows,
                UnmatchedUsers = unmatchedUsers,
                IgnoredColumns = report.IgnoredColumns,
                Covered = _covered,
                Timings = _timings,
            };
        }

        /// <summary>Registration dates of the uploader's employees not yet onboarded (rows that do not read are not used).</summary>
        private void ReadUserReport(IgotReport users, CancellationToken ct)
        {
            foreach (var read in users.ReadUsers(ct))
            {
                _userRows++;
                if (read.Row is not { RegisteredOn: { } on } row) continue;
                var match = _index.Match(row.EmployeeCode, row.Email, row.Phone, () => IgotUserKey.Of(row.Email, row.Phone, row.Name, row.Organisation));
                if (!match.IsEmployee || !match.InScope || _index.WasOnboarded(match.Employee)) continue;
                Earliest(_registered, match.Employee, on);
            }
        }

        private static void Earliest(int[] days, int employee, DateOnly date)
        {
            var day = date.DayNumber + 1;
            if (days[employee] == 0 || day < days[employee]) days[employee] = day;
        }

        /// <summary>The reading thread: rows → matched rows in chunks; everything about rows that go no further is counted here.</summary>
        private async Task Read(ChannelWriter<List<Work>> output, CancellationToken ct)
        {
            Exception? failure = null;
            var clock = Stopwatch.StartNew();
            try
            {
                var chunk = new List<Work>(ChunkSize);
                foreach (var read in report.ReadEnrolments(ct))
                {
                    _rows++;
                    var row = read.Row ?? read.AsRead;
                    var match = row is null ? new RosterMatch(MatchMethod.Unmatched, -1, 0, true)
                        : _index.Match(row.EmployeeCode, row.Email, row.Phone, () => IgotUserKey.Of(row.Email, row.Phone, row.Name, row.Organisation));
                    // Someone else's staff: counted, and nothing more about them (not even their row's errors).
                    if (!match.InScope) { _outsideScope++; continue; }
                    if (read.Row is null || row is null)
                    {
                        Reject(read);
                        continue;
                    }
                    switch (match.Method)
                    {
                        case MatchMethod.Unmatched: _unmatched++; NoteUnmatched(row, match); continue;
                        case MatchMethod.Ambiguous: _ambiguous++; NoteUnmatched(row, match); continue;
                        case MatchMethod.EmployeeCode: _byCode++; break;
                        case MatchMethod.Email: _byEmail++; break;
                        case MatchMethod.Mobile: _byMobile++; break;
                        case MatchMethod.Linked: _linked++; break;
                    }
                    _covered.Add(_index.DistrictOf(match.Employee), _index.DepartmentOf(match.Employee));
                    if (row.Status == IgotStatus.NotEnrolled) { _notEnrolled++; continue; }
                    if (!_index.WasOnboarded(match.Employee) && EnrolmentMerge.DateOf(row.EnrolledOn ?? row.CompletedOn) is { } first)
                        Earliest(_earliestEnrolment, match.Employee, first);
                    chunk.Add(new Work(match.Employee, row));
                    if (chunk.Count == ChunkSize)
                    {
                        await output.WriteAsync(chunk, ct);
                        chunk = new List<Work>(ChunkSize);
                        progress?.Report(new ImportProgress(run.Commit ? Resources.SharedText.L["Matching and writing rows"] : Resources.SharedText.L["Matching rows"], report.Progress, _rows));
                    }
                }
                if (chunk.Count > 0) await output.WriteAsync(chunk, ct);
            }
            catch (Exception ex)
            {
                failure = ex;
                throw;
            }
            finally
            {
                _timings["readAndMatchSeconds"] = clock.Elapsed.TotalSeconds;
                output.TryComplete(failure);
            }
        }

        private void Reject(IgotRow<EnrolmentRow> read)
        {
            foreach (var error in read.Errors)
                if (_firstErrors.Count < MaxErrorsReturned) _firstErrors.Add(error);
            var width = report.Header.Headers.Count;
            var raw = read.Raw ?? new RawRow(read.RowNumber, []);
            // Columns beyond the header's are not given back.
            if (raw.Cells.Length > width) raw = new RawRow(raw.RowNumber, raw.Cells[..width]);
            _rejects.Add(raw, [.. read.Errors.Select(e => new CellError(FieldOf(e.Column), e.Message))]);
        }

        /// <summary>The field whose column has this header (errors name the column as the file does), or "" for the whole row.</summary>
        private string FieldOf(string column)
        {
            foreach (var (field, index) in report.Header.Columns)
                if (index < report.Header.Headers.Count && report.Header.Headers[index] == column) return field;
            return "";
        }

        /// <summary>The worklist: rows of iGOT users that matched nobody, or several, gathered per user.</summary>
        private void NoteUnmatched(EnrolmentRow row, RosterMatch match) =>
            _unmatchedUsers.Note(row.Name, row.Email, row.Phone, row.EmployeeCode, row.Designation, row.Organisation, match, row.Status == IgotStatus.Completed);

        /// <summary>The writing thread: one chunk's courses resolved, its enrolments looked up, merged, counted and written.</summary>
        private async Task ProcessChunkAsync(CourseCatalogue catalogue, EnrolmentWriter writer, List<Work> chunk, CancellationToken ct)
        {
            var courses = _chunkCourses;
            for (var i = 0; i < chunk.Count; i++)
            {
                var row = chunk[i].Row;
                courses[i] = catalogue.Resolve(row.ContentId, row.Provider, row.ContentName, row.ContentType, row.DurationMinutes);
            }
            // New courses get their ids before their enrolments are written (nothing happens when there are none).
            if (run.Commit) await catalogue.SaveNewAsync(db, ct);

            var employeeIds = _chunkEmployeeIds;
            var seen = _chunkEmployees;
            employeeIds.Clear();
            seen.Clear();
            foreach (var work in chunk)
                if (seen.Add(work.Employee)) employeeIds.Add(_index.IdOf(work.Employee));
            var stored = _stored;
            stored.Clear();
            var lookup = Stopwatch.GetTimestamp();
            writer.Find(employeeIds, stored);
            _lookupTicks += Stopwatch.GetTimestamp() - lookup;

            // Each row merges into the enrolment as the rows before it left it (one employee may hold two iGOT accounts).
            var current = _current;
            current.Clear();
            for (var i = 0; i < chunk.Count; i++)
            {
                var (employee, row) = chunk[i];
                var courseId = CourseIdOf(courses[i]);
                var key = EnrolmentWriter.Key(_index.IdOf(employee), courseId);
                EnrolmentState? before = current.TryGetValue(key, out var c) ? c.State : Stored(stored, key);
                var after = EnrolmentMerge.Merge(before, row, MinutesOf(courses[i]));
                Count(before, after);
                current[key] = (after, employee, courseId);
            }

            var write = Stopwatch.GetTimestamp();
            var completionsChanged = _completionsChanged;
            completionsChanged.Clear();
            foreach (var (key, (after, employee, courseId)) in current)
            {
                var original = Stored(stored, key);
                if (original == after) continue;
                _touched[employee] |= EnrolmentWritten;
                if (after.IsCompleted && (original is not { IsCompleted: true } o || o.CompletedOn != after.CompletedOn))
                {
                    _touched[employee] |= CompletionWritten;
                    completionsChanged.Add(employee);
                }
                if (!run.Commit) _previewed[key] = after;
                else if (original is null)
                {
                    writer.Insert(_index.IdOf(employee), courseId, after);
                    _inserted++;
                }
                else writer.Update(_index.IdOf(employee), courseId, after);
            }
            if (bulkLoad is not null) await bulkLoad.NoteInsertsAsync(_inserted, ct);
            writer.Flush();
            if (run.Commit && completionsChanged.Count > 0) NoteFirstCompletions(completionsChanged, stored, current);
            _writeTicks += Stopwatch.GetTimestamp() - write;
        }

        /// <summary>
        /// The first completion of each employee whose completions this chunk changed, from ALL their enrolments: the
        /// lookup read every stored enrolment of the chunk's employees (those written by earlier chunks included), and
        /// <paramref name="current"/> holds what this chunk made of some. So Employee.FirstCompletedOn is refreshed as
        /// <see cref="EmployeeLearning.RefreshFirstCompletionSql"/> would, for these employees only, without a
        /// correlated query per employee; an employee of a later chunk too gets that chunk's (complete) value.
        /// </summary>
        private void NoteFirstCompletions(HashSet<int> employees, Dictionary<long, EnrolmentState> stored,
            Dictionary<long, (EnrolmentState State, int Employee, int CourseId)> current)
        {
            var ids = new Dictionary<int, int>(employees.Count);
            foreach (var employee in employees)
            {
                ids[_index.IdOf(employee)] = employee;
                _firstCompletion[employee] = 0;
            }
            foreach (var (key, state) in stored)
                if (ids.TryGetValue((int)(key >> 32), out var employee) && !current.ContainsKey(key)) Consider(employee, state);
            foreach (var (_, (state, employee, _)) in current)
                if (ids.ContainsKey(_index.IdOf(employee))) Consider(employee, state);

            void Consider(int employee, EnrolmentState state)
            {
                if (!state.IsCompleted || state.CompletedOn is not { } on) return;
                var day = on.DayNumber + 1;
                if (_firstCompletion[employee] == 0 || day < _firstCompletion[employee]) _firstCompletion[employee] = day;
            }
        }

        private EnrolmentState? Stored(Dictionary<long, EnrolmentState> stored, long key) =>
            !run.Commit && _previewed.TryGetValue(key, out var previewed) ? previewed
            : stored.TryGetValue(key, out var s) ? s : null;

        private void Count(EnrolmentState? before, EnrolmentState after)
        {
            var outcome = EnrolmentMerge.Compare(before, after);
            if (after.IsCompleted)
            {
                if (before is not { IsCompleted: true }) _completionsNew++;
                else if (outcome == MergeOutcome.Updated) _completionsUpdated++;
                else _completionsUnchanged++;
                return;
            }
            switch (outcome)
            {
                case MergeOutcome.New: _enrolmentsNew++; break;
                case MergeOutcome.Updated: _enrolmentsUpdated++; break;
                default: _enrolmentsUnchanged++; break;
            }
        }

        private int CourseIdOf(ResolvedCourse course)
        {
            if (course.Pending is not { Id: 0 } pending) return course.Id;
            if (!_previewCourseIds.TryGetValue(pending, out var id)) _previewCourseIds[pending] = id = -1 - _previewCourseIds.Count;
            return id;
        }

        /// <summary>The course's listed duration: the catalogue's for a known course (a StateAdmin may have corrected it), the report's for a new one.</summary>
        private int MinutesOf(ResolvedCourse course) =>
            course.Pending is { } pending ? pending.DurationMinutes : _courseMinutes.GetValueOrDefault(course.Id);

        /// <summary>
        /// Employees of this upload not onboarded before become onboarded: on the user report's registration date when
        /// the upload has one that lists them, else on the earliest enrolment (or completion) date of this file.
        /// </summary>
        private int Onboard()
        {
            var count = 0;
            for (var e = 0; e < _index.Count; e++)
            {
                if (OnboardDay(e) == 0) continue;
                count++;
                _touched[e] |= Onboarded;
            }
            return count;
        }

        /// <summary>The date an employee is onboarded on by this upload (DayNumber + 1; 0 none): see <see cref="Onboard"/>.</summary>
        private int OnboardDay(int employee) => _registered[employee] != 0 ? _registered[employee] : _earliestEnrolment[employee];

        /// <summary>
        /// Onboarding dates and the first completions of the employees whose completions changed (one update for an
        /// employee with both), their districts marked, the worklist saved.
        /// </summary>
        private async Task FinishCommitAsync(EnrolmentWriter writer, CancellationToken ct)
        {
            var employeesClock = Stopwatch.StartNew();
            var districts = new HashSet<int>();
            for (var e = 0; e < _index.Count; e++)
            {
                if (_touched[e] == 0) continue;
                districts.Add(_index.DistrictOf(e));
                DateOnly? onboard = (_touched[e] & Onboarded) != 0 ? DateOnly.FromDayNumber(OnboardDay(e) - 1) : null;
                DateOnly? firstCompletion = _firstCompletion[e] == 0 ? null : DateOnly.FromDayNumber(_firstCompletion[e] - 1);
                var completions = (_touched[e] & CompletionWritten) != 0;
                if (onboard is { } on && completions) writer.OnboardAndSetFirstCompletion(_index.IdOf(e), on, firstCompletion);
                else if (onboard is { } only) writer.Onboard(_index.IdOf(e), only);
                else if (completions) writer.SetFirstCompletion(_index.IdOf(e), firstCompletion);
            }
            writer.Flush();
            _timings["onboardAndFirstCompletionSeconds"] = employeesClock.Elapsed.TotalSeconds;
            await ChangedDistricts.MarkAsync(db, districts, run.Now, ct);

            // The counts give the users back as found (without ids).
            var worklistClock = Stopwatch.StartNew();
            foreach (var user in _unmatchedUsers.All) writer.InsertUnmatchedUser(run.BatchId, user);
            writer.Flush();
            _timings["worklistSeconds"] = worklistClock.Elapsed.TotalSeconds;
        }
    }
}
