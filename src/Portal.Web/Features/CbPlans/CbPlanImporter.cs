using Microsoft.EntityFrameworkCore;
using Portal.Web.Data;
using Portal.Web.Features.Courses;
using Portal.Web.Features.Progress;
using Portal.Web.Features.Uploads;
using Portal.Web.Infrastructure;
using Portal.Web.Infrastructure.Spreadsheets;
using Portal.Web.Resources;

namespace Portal.Web.Features.CbPlans;

/// <summary>
/// The CB plan import: iGOT's CB plan report (CBPEnrollmentReport.csv) upserted into <see cref="CbPlanAllocation"/>s by
/// employee, course and allocation date. Rows are matched to the roster as the progress report's are
/// (<see cref="RosterIdentityIndex"/>); the course is found by its name alone, the only thing the report gives
/// (<see cref="CourseCatalogue.ResolveByName"/>). A later report that lacks an allocation leaves it as it is (iGOT
/// drops allocations from the report once a plan ends; the ACR statement of that year still needs them).
///
/// <para>The report's "Current Progress" and "Actual Date of Completion" are not written anywhere: the progress
/// (enrolment) report is the one source of enrolments and completions, and an allocation's "done on time" is read
/// from those, so two reports never disagree about one completion.</para>
///
/// <para>A row without an allocation date or a due date is rejected with a message (in the error workbook): the
/// allocation date is part of its key, and the due date places it in a reporting year; guessing either would put a
/// course on the wrong year's statement.</para>
///
/// A preview runs the same code without writing, remembering what it would have written, so its counts are the commit's.
/// </summary>
public static class CbPlanImporter
{
    /// <summary>Matched rows per look-up of stored allocations (and per save when committing).</summary>
    private const int ChunkSize = 1_000;
    private const int MaxErrorsReturned = 1_000;

    /// <summary>
    /// Runs the import on <paramref name="db"/>, an unscoped context (the whole roster is matched: a row of someone else's
    /// staff must be recognised as such). When <see cref="CbPlanRun.Commit"/> is set the caller has begun a transaction on
    /// it and commits it after this returns: the allocations and the new courses are all in it.
    /// </summary>
    public static async Task<CbPlanCounts> RunAsync(PortalDbContext db, IgotReportFile file, CbPlanRun run, IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        var report = file.RequireCbPlan();
        RequireDateColumns(report);
        if (run.Commit && db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("A committing CB plan import runs inside the caller's transaction: begin one on the context first.");
        using var pass = new ImportPass(db, report, run, progress);
        return await pass.RunAsync(ct);
    }

    /// <summary>Without these columns no row could be recorded: the file is refused rather than every row rejected.</summary>
    private static void RequireDateColumns(IgotReport report)
    {
        var missing = new[] { IgotReportColumns.AllocatedOn, IgotReportColumns.DueDate }
            .Where(f => report.Header.ColumnOf(f) is null).Select(f => $"'{IgotReportColumns.Label(IgotReportKind.CbPlan, f)}'").ToList();
        if (missing.Count == 0) return;
        var found = string.Join(", ", report.Header.Headers.Where(h => h.Trim().Length > 0).Take(30));
        throw new FileProblemException(SharedText.L["The CB plan report '{0}' has no {1} column: an allocation is recorded with the date the plan allocated it and its due date. Upload CBPEnrollmentReport.csv as iGOT gives it. Its columns are: {2}.",
            report.FileName, string.Join(SharedText.L[" or "], missing), found]);
    }

    /// <summary>An allocation as the file names it: employee index, course (its id, or a stand-in for a course this import adds), allocation date.</summary>
    private readonly record struct FileKey(int Employee, int Course, DateOnly AllocatedOn);

    /// <summary>An allocation as stored: employee id, course id, allocation date.</summary>
    private readonly record struct StoredKey(int EmployeeId, int CourseId, DateOnly AllocatedOn);

    /// <summary>The first row of the file that gave an allocation, and what it said.</summary>
    private readonly record struct FirstRow(int Row, DateOnly DueOn, bool IsApar);

    /// <summary>A matched row on its way to be compared and written.</summary>
    private sealed record Work(int Employee, CbPlanRow Row, ResolvedCourse Course);

    private sealed class ImportPass(PortalDbContext db, IgotReport report, CbPlanRun run, IProgress<ImportProgress>? progress) : IDisposable
    {
        private readonly RejectSpool _rejects = new(Path.GetDirectoryName(Path.GetFullPath(run.ErrorWorkbookPath))!, MaxErrorsReturned);
        private readonly List<RowError> _firstErrors = [];
        private readonly UnmatchedUserList _unmatchedUsers = new();
        /// <summary>Matched rows (in the uploader's scope) by their employee's district and department.</summary>
        private readonly UploadCoverage _covered = new();
        /// <summary>Every allocation this file gave so far: a later row repeating it is unchanged; one contradicting it is rejected.</summary>
        private readonly Dictionary<FileKey, FirstRow> _seen = [];
        /// <summary>Stand-in ids (negative) for the courses this import adds, until a commit saves them.</summary>
        private readonly Dictionary<Course, int> _newCourseTokens = new(ReferenceEqualityComparer.Instance);
        private RosterIdentityIndex _index = null!;
        private CourseCatalogue _catalogue = null!;
        private int _rows, _byCode, _byEmail, _byMobile, _linked, _unmatched, _ambiguous, _outsideScope, _new, _updated, _unchanged;

        public void Dispose() => _rejects.Dispose();

        public async Task<CbPlanCounts> RunAsync(CancellationToken ct)
        {
            progress?.Report(new ImportProgress(SharedText.L["Reading the roster"], 0, 0));
            _index = await RosterIdentityIndex.LoadAsync(db, run.UploaderScope, ct);
            _catalogue = await CourseCatalogue.LoadAsync(db, ct);

            var chunk = new List<Work>(ChunkSize);
            foreach (var read in report.ReadCbPlan(ct))
            {
                _rows++;
                if (Take(read) is { } work) chunk.Add(work);
                if (chunk.Count < ChunkSize) continue;
                await WriteAsync(chunk, ct);
                chunk.Clear();
                progress?.Report(new ImportProgress(run.Commit ? SharedText.L["Matching and writing rows"] : SharedText.L["Matching rows"], report.Progress, _rows));
            }
            if (chunk.Count > 0) await WriteAsync(chunk, ct);

            progress?.Report(new ImportProgress(run.Commit ? "Saving" : "Counting", 1, _rows));
            // Written in a preview too (the uploader fixes rows before committing); before the caller's commit, so that a
            // failure to write it fails the import rather than leaving committed rows behind a batch that does not say so.
            if (_rejects.Rows > 0) ErrorWorkbook.Write(run.ErrorWorkbookPath, report.Header, _rejects.ReadBack());
            progress?.Report(new ImportProgress("Done", 1, _rows));

            return new CbPlanCounts
            {
                Rows = _rows,
                Matched = new MatchCounts(_byCode, _byEmail, _byMobile, _linked),
                Unmatched = _unmatched,
                Ambiguous = _ambiguous,
                OutsideScope = _outsideScope,
                Allocations = new ChangeCounts(_new, _updated, _unchanged),
                NewCourses = _catalogue.Pending.Count,
                Rejected = _rejects.Rows,
                ErrorCount = _rejects.Errors,
                Errors = _firstErrors,
                HasErrorWorkbook = _rejects.Rows > 0,
                UnmatchedUsers = _unmatchedUsers.Sorted(),
                IgnoredColumns = report.IgnoredColumns,
                Covered = _covered,
            };
        }

        /// <summary>One row read: counted where it ends, and handed on when it is an allocation to compare with the stored ones.</summary>
        private Work? Take(IgotRow<CbPlanRow> read)
        {
            var row = read.Row ?? read.AsRead;
            var match = row is null ? new RosterMatch(MatchMethod.Unmatched, -1, 0, true)
                : _index.Match(row.EmployeeCode, row.Email, row.Phone, () => IgotUserKey.Of(row.Email, row.Phone, row.Name, row.Organisation));
            // Someone else's staff: counted, and nothing more about them (not even their row's errors).
            if (!match.InScope) { _outsideScope++; return null; }
            var errors = read.Errors.Concat(MissingDates(read)).ToList();
            if (errors.Count > 0 || read.Row is null)
            {
                Reject(read, errors);
                return null;
            }
            var valid = read.Row;
            if (!match.IsEmployee)
            {
                if (match.Method == MatchMethod.Ambiguous) _ambiguous++; else _unmatched++;
                _unmatchedUsers.Note(valid.Name, valid.Email, valid.Phone, valid.EmployeeCode, valid.Designation, valid.Organisation, match,
                    completed: valid.CurrentProgress == IgotStatus.Completed);
                return null;
            }

            if (_catalogue.ResolveByName(valid.CourseName) is not { } course)
            {
                Reject(read, [Error(read, IgotReportColumns.CbpCourseName,
                    SharedText.L["Several courses of the catalogue, of different providers, are named '{0}', and the CB plan report does not say which one it means; the allocation is not recorded.", valid.CourseName])]);
                return null;
            }
            var (due, apar) = (valid.DueDate!.Value, valid.IsApar ?? false);
            var key = new FileKey(match.Employee, TokenOf(course), valid.AllocatedOn!.Value);
            if (_seen.TryGetValue(key, out var first) && (first.DueOn != due || first.IsApar != apar))
            {
                var field = first.DueOn != due ? IgotReportColumns.DueDate : IgotReportColumns.IsApar;
                Reject(read, [Error(read, field,
                    SharedText.L["Row {0} gives the same employee the same course allocated on {1} with due date {2} and isapar {3}; this row says otherwise. The first row is kept.",
                        first.Row, IndianTime.Date(key.AllocatedOn), IndianTime.Date(first.DueOn), first.IsApar ? "true" : "false"])]);
                return null;
            }

            switch (match.Method)
            {
                case MatchMethod.EmployeeCode: _byCode++; break;
                case MatchMethod.Email: _byEmail++; break;
                case MatchMethod.Mobile: _byMobile++; break;
                default: _linked++; break;
            }
            _covered.Add(_index.DistrictOf(match.Employee), _index.DepartmentOf(match.Employee));
            // The same allocation again (one employee with two iGOT accounts): the first row records it.
            if (_seen.ContainsKey(key)) { _unchanged++; return null; }
            _seen[key] = new FirstRow(valid.RowNumber, due, apar);
            return new Work(match.Employee, valid, course);
        }

        /// <summary>The dates an allocation cannot be recorded without (an unreadable date is already the parser's error).</summary>
        private IEnumerable<RowError> MissingDates(IgotRow<CbPlanRow> read)
        {
            var row = read.Row ?? read.AsRead;
            if (row is null) yield break;
            if (row.AllocatedOn is null && !HasErrorIn(read, IgotReportColumns.AllocatedOn))
                yield return Error(read, IgotReportColumns.AllocatedOn,
                    SharedText.L["{0} is empty: an allocation is recorded with the date the CB plan allocated the course.", HeaderOf(IgotReportColumns.AllocatedOn)]);
            if (row.DueDate is null && !HasErrorIn(read, IgotReportColumns.DueDate))
                yield return Error(read, IgotReportColumns.DueDate,
                    SharedText.L["{0} is empty: without a due date the course cannot be placed in a reporting year of the ACR report.", HeaderOf(IgotReportColumns.DueDate)]);
        }

        private bool HasErrorIn(IgotRow<CbPlanRow> read, string field) => read.Errors.Any(e => e.Column == HeaderOf(field));

        /// <summary>The course's id, or for a course this import adds, a negative stand-in (never a stored course's id).</summary>
        private int TokenOf(ResolvedCourse course)
        {
            if (course.Pending is not { } pending) return course.Id;
            if (!_newCourseTokens.TryGetValue(pending, out var token)) _newCourseTokens[pending] = token = -1 - _newCourseTokens.Count;
            return token;
        }

        /// <summary>One chunk of new allocations compared with the stored ones of its employees, counted and (when committing) written.</summary>
        private async Task WriteAsync(List<Work> chunk, CancellationToken ct)
        {
            // New courses get their ids before allocations point at them (nothing happens when there are none).
            if (run.Commit) await _catalogue.SaveNewAsync(db, ct);
            var employeeIds = chunk.Select(w => _index.IdOf(w.Employee)).Distinct().ToList();
            var query = db.CbPlanAllocations.Where(a => employeeIds.Contains(a.EmployeeId));
            var stored = (run.Commit ? await query.ToListAsync(ct) : await query.AsNoTracking().ToListAsync(ct))
                .ToDictionary(a => new StoredKey(a.EmployeeId, a.CourseId, a.AllocatedOn));

            foreach (var (employee, row, course) in chunk)
            {
                var (due, apar) = (row.DueDate!.Value, row.IsApar ?? false);
                // A course this import adds has no allocations yet (in a preview it has no id at all).
                var allocation = course.Pending is { Id: 0 } ? null
                    : stored.GetValueOrDefault(new StoredKey(_index.IdOf(employee), course.Id, row.AllocatedOn!.Value));
                if (allocation is null)
                {
                    _new++;
                    if (run.Commit)
                        db.CbPlanAllocations.Add(new CbPlanAllocation
                        {
                            EmployeeId = _index.IdOf(employee), CourseId = course.Id, AllocatedOn = row.AllocatedOn!.Value,
                            DueOn = due, IsApar = apar, BatchId = run.BatchId, UpdatedAt = run.Now,
                        });
                }
                else if (allocation.DueOn == due && allocation.IsApar == apar) _unchanged++;
                else
                {
                    _updated++;
                    if (!run.Commit) continue;
                    allocation.DueOn = due;
                    allocation.IsApar = apar;
                    allocation.BatchId = run.BatchId;
                    allocation.UpdatedAt = run.Now;
                }
            }
            if (!run.Commit) return;
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }

        private void Reject(IgotRow<CbPlanRow> read, List<RowError> errors)
        {
            foreach (var error in errors)
                if (_firstErrors.Count < MaxErrorsReturned) _firstErrors.Add(error);
            var width = report.Header.Headers.Count;
            var raw = read.Raw ?? new RawRow(read.RowNumber, []);
            // Columns beyond the header's are not given back.
            if (raw.Cells.Length > width) raw = new RawRow(raw.RowNumber, raw.Cells[..width]);
            _rejects.Add(raw, [.. errors.Select(e => new CellError(FieldOf(e.Column), e.Message))]);
        }

        private RowError Error(IgotRow<CbPlanRow> read, string field, string message) => new(read.RowNumber, HeaderOf(field), message);

        /// <summary>The column's header as the file has it (iGOT's name when the file has no such column).</summary>
        private string HeaderOf(string field) =>
            report.Header.ColumnOf(field) is { } c && c < report.Header.Headers.Count && report.Header.Headers[c].Length > 0
                ? report.Header.Headers[c] : IgotReportColumns.Label(IgotReportKind.CbPlan, field);

        /// <summary>The field whose column has this header (errors name the column as the file does), or "" for the whole row.</summary>
        private string FieldOf(string column)
        {
            foreach (var (field, index) in report.Header.Columns)
                if (index < report.Header.Headers.Count && report.Header.Headers[index] == column) return field;
            return "";
        }
    }
}
