using System.Data;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Portal.Web.Data;
using Portal.Web.Data.Providers;
using Portal.Web.Features.Access;
using Portal.Web.Features.Uploads;
using Portal.Web.Infrastructure;
using Portal.Web.Infrastructure.Spreadsheets;
using Portal.Web.Resources;

namespace Portal.Web.Features.Rosters;

/// <summary>
/// The roster's part of an upload: one read of the file that parses, checks, compares with the database and (when
/// committing) writes, deactivates and adds offices. Reading and checking run on one thread while comparing and
/// writing run on another, chunk by chunk. Made for one call: it holds that pass's counters.
/// <paramref name="confirmedDeactivations"/>: when the uploader confirmed "complete roster" for a previewed count,
/// the commit refuses to mark more employees inactive than that (the scope may have grown since the preview).
/// </summary>
internal sealed class RosterUpload(bool completeRoster, int? confirmedDeactivations = null) : IUploadKind<RosterImportResult>
{
    private const int MaxErrorsReturned = 1_000;
    private const int MaxChangesReturned = 200;

    public ImportKind Kind => ImportKind.Roster;
    public IReadOnlyCollection<string> StoredExtensions { get; } = [".xlsx", ".csv", ".xls", ".xlsm"];
    public string NoLongerAllowedMessage => SharedText.L["You may no longer upload rosters: your role was changed. Sign in again or ask the state admin."];

    private UploadPass _pass = null!;
    private SignedInUser User => _pass.User;
    private ImportBatch Batch => _pass.Batch;
    private bool Commit => _pass.Commit;

    // Rejected rows go to temp files beside the batch's upload (only the first errors stay in memory); both are
    // made and disposed by RunAsync. Parse rejects are written only by the reading thread until it finishes,
    // scope rejects only by the database thread.
    private RejectSpool _parseRejects = null!, _scopeRejects = null!;
    /// <summary>First row of each code, keyed by a 64-bit hash of the code (a million strings would cost ~70 MB).</summary>
    private readonly Dictionary<ulong, int> _firstRowOfCode = [];
    private int _rowsRead;

    private readonly List<EmployeeChange> _changes = [];
    private BulkLoad? _bulkLoad;
    private bool _tableWasEmpty;
    private static readonly Dictionary<string, StoredEmployee> NoneStored = [];
    /// <summary>Stored employees the file mentions (whatever their status).</summary>
    private readonly HashSet<int> _matched = [];
    /// <summary>Districts whose staff this upload adds, changes, moves or deactivates: the snapshot recounts those.</summary>
    private readonly HashSet<int> _changedDistricts = [];
    /// <summary>The accepted rows (new, updated or unchanged employees) by the district and department they give: what the file covered.</summary>
    private readonly UploadCoverage _covered = new();
    private int _new, _updated, _unchanged, _newOffices, _notInFile, _deactivated;

    private HeaderMap? _header;

    public async Task<RosterImportResult> RunAsync(UploadPass pass, CancellationToken ct)
    {
        _pass = pass;
        using var parseRejects = new RejectSpool(pass.BatchFolder, MaxErrorsReturned);
        using var scopeRejects = new RejectSpool(pass.BatchFolder, MaxErrorsReturned);
        (_parseRejects, _scopeRejects) = (parseRejects, scopeRejects);
        var today = DateOnly.FromDateTime(pass.Clock.GetLocalNow().DateTime);
        var total = System.Diagnostics.Stopwatch.StartNew();
        using var book = SpreadsheetFile.Open(pass.StoredFile, Batch.FileName, pass.Limits);
        _header = FindHeader(book, ct, out var rows);

        await using var db = await pass.DbFactory.CreateUnscopedDbContextAsync(ct);
        await db.Database.OpenConnectionAsync(ct);
        var dialect = DatabaseDialect.For(db);
        // Declared between the context and the transaction, so that whatever the provider changes on the connection
        // is undone after the transaction ends and before the connection goes back to the pool.
        await using var bulkLoad = Commit ? await dialect.StartRosterLoadAsync(db, ct) : null;
        await using var transaction = Commit ? await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, ct) : null;
        var lookups = await RosterLookups.LoadAsync(db, ct);
        var activeBefore = await ActiveEmployeesOfScopeAsync(db, ct);
        var rowsAtStart = await db.Employees.LongCountAsync(ct);
        // An empty table (a state's first load) cannot hold any code of the file: no lookups needed.
        // Committing holds the write lock, so nobody can add one meanwhile.
        _tableWasEmpty = rowsAtStart == 0;
        _bulkLoad = bulkLoad;
        _bulkLoad?.Begin(rowsAtStart);
        var parser = new RosterRowParser(_header, lookups, User.Scope, User.ScopeDescription, today);
        using var store = dialect.OpenEmployeeWriter(db, pass.Clock.GetUtcNow().UtcDateTime, forWriting: Commit);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var chunks = Channel.CreateBounded<List<(RosterRow Parsed, RawRow Raw)>>(new BoundedChannelOptions(4) { SingleReader = true, SingleWriter = true });
        var reading = Task.Run(() => Read(rows, parser, book, chunks.Writer, stop.Token), stop.Token);
        var writeClock = new System.Diagnostics.Stopwatch();
        try
        {
            await foreach (var chunk in chunks.Reader.ReadAllAsync(stop.Token))
            {
                writeClock.Start();
                await ProcessChunkAsync(lookups, store, chunk, stop.Token);
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
        store.Flush();
        if (_bulkLoad is not null && await _bulkLoad.RestoreIndexesAsync(ct) is { } rebuildSeconds) pass.Timings["rebuildIndexSeconds"] = rebuildSeconds;
        pass.Timings["readAndCheckSeconds"] = total.Elapsed.TotalSeconds - writeClock.Elapsed.TotalSeconds;
        pass.Timings["compareAndWriteSeconds"] = writeClock.Elapsed.TotalSeconds;

        // Active employees of the scope (as they were before this import) that the file does not mention.
        var missing = activeBefore.Where(e => !_matched.Contains(e.Id)).ToList();
        _notInFile = missing.Count;
        if (Commit && completeRoster)
        {
            if (confirmedDeactivations is { } confirmed && missing.Count > confirmed)
                throw new FileProblemException(SharedText.L["This import would now mark {0} employees inactive, more than the {1} you confirmed (the staff of your scope changed since the preview). Nothing was imported: upload the file again and check the new count.",
                    IndianFormat.Number(missing.Count), IndianFormat.Number(confirmed)]);
            foreach (var e in missing)
            {
                store.Deactivate(e.Id);
                _changedDistricts.Add(e.DistrictId);
            }
            _deactivated = missing.Count;
        }

        // The error workbook is written before the commit: failing to write it fails the import, rather than
        // leaving committed rows behind a batch that does not say so.
        var rejectedRows = _parseRejects.Rows + _scopeRejects.Rows;
        if (rejectedRows > 0)
        {
            pass.Progress?.Report(new ImportProgress(SharedText.L["Writing the error workbook"], 1, _rowsRead));
            ErrorWorkbook.Write(pass.ErrorWorkbookPath, _header, RejectSpool.Merge(_parseRejects, _scopeRejects));
        }

        if (transaction is not null)
        {
            await _bulkLoad!.VerifyAsync(ct);
            pass.Progress?.Report(new ImportProgress(SharedText.L["Saving"], 1, _rowsRead));
            await pass.CommitAsync(db, transaction, _changedDistricts, _covered, AuditActions.RosterImport,
                $"upload {Batch.Id} ({Batch.FileName}) committed: {_rowsRead:N0} rows read, {_new:N0} new, {_updated:N0} updated, {rejectedRows:N0} rejected", ct);
            await _bulkLoad!.AfterCommitAsync(_new + _updated, ct);
        }

        pass.Progress?.Report(new ImportProgress(SharedText.L["Done"], 1, _rowsRead));

        // The first errors of each spool, merged by row: each spool is in row order, so these are the file's first errors.
        var errors = _parseRejects.FirstErrors.Concat(_scopeRejects.FirstErrors)
            .OrderBy(e => e.Row).Take(MaxErrorsReturned)
            .Select(e => new RowError(e.Row, HeaderOf(e.Error.Field), e.Error.Message)).ToList();
        return Result(Commit ? ImportOutcome.Committed : ImportOutcome.Previewed) with
        {
            Rejected = rejectedRows,
            Errors = errors,
            ErrorCount = _parseRejects.Errors + _scopeRejects.Errors,
            HasErrorWorkbook = rejectedRows > 0,
            HeaderLocation = SharedText.L["sheet '{0}', row {1}", _header.Sheet.Name, _header.HeaderRowNumber],
        };
    }

    public RosterImportResult Failed(UploadPass pass, string problem)
    {
        _pass = pass;
        return Result(ImportOutcome.Failed) with { FileProblem = problem };
    }

    public void Record(ImportBatch batch, RosterImportResult r)
    {
        batch.Inserted = r.New;
        batch.Updated = r.Updated;
        batch.Unchanged = r.Unchanged;
        batch.Rejected = r.Rejected;
        batch.Deactivated = r.Deactivated;
        batch.CompleteRoster = r.CompleteRoster;
        batch.IgnoredColumns = r.IgnoredColumns.Count == 0 ? null : UploadPipeline.Truncate(string.Join(", ", r.IgnoredColumns), 2000);
        // Stored in the uploader's language: the upload history shows it to them.
        batch.Message = r.Outcome switch
        {
            ImportOutcome.Committed when r.CompleteRoster => SharedText.L["Imported: {0} new, {1} updated, {2} unchanged, {3} rejected rows, {4} deactivated.",
                IndianFormat.Number(r.New), IndianFormat.Number(r.Updated), IndianFormat.Number(r.Unchanged), IndianFormat.Number(r.Rejected), IndianFormat.Number(r.Deactivated)],
            ImportOutcome.Committed => SharedText.L["Imported: {0} new, {1} updated, {2} unchanged, {3} rejected rows.",
                IndianFormat.Number(r.New), IndianFormat.Number(r.Updated), IndianFormat.Number(r.Unchanged), IndianFormat.Number(r.Rejected)],
            _ => SharedText.L["Checked: {0} new, {1} to update, {2} unchanged, {3} rejected rows.",
                IndianFormat.Number(r.New), IndianFormat.Number(r.Updated), IndianFormat.Number(r.Unchanged), IndianFormat.Number(r.Rejected)],
        };
    }

    /// <summary>The counters of the pass; the rejected rows and their errors are added by a pass that finished.</summary>
    private RosterImportResult Result(ImportOutcome outcome)
    {
        var failed = outcome == ImportOutcome.Failed;
        return new RosterImportResult
        {
            BatchId = Batch.Id,
            Outcome = outcome,
            FileName = Batch.FileName,
            FileSizeBytes = Batch.FileSizeBytes,
            Sha256 = Batch.Sha256,
            RowsRead = _rowsRead,
            New = failed ? 0 : _new,
            Updated = failed ? 0 : _updated,
            Unchanged = failed ? 0 : _unchanged,
            NewOffices = _newOffices,
            NotInFile = _notInFile,
            Deactivated = outcome == ImportOutcome.Committed ? _deactivated : 0,
            CompleteRoster = completeRoster,
            IgnoredColumns = _header?.IgnoredColumns ?? [],
            Changes = _changes,
            ScopeDescription = User.ScopeDescription,
        };
    }

    /// <summary>The roster header, or a file problem; an iGOT report dropped here is sent to the Progress page.</summary>
    private HeaderMap FindHeader(ISpreadsheet book, CancellationToken ct, out IEnumerator<RawRow> rows)
    {
        try
        {
            return HeaderMatcher.Find(book, RosterColumns.All, Batch.FileName, out rows, ct);
        }
        catch (FileProblemException)
        {
            // A sheet is read once: look at the file's first rows again through a fresh reader.
            using var again = SpreadsheetFile.Open(_pass.StoredFile, Batch.FileName, _pass.Limits);
            if (Progress.IgotReportFile.LooksLikeIgotReport(again, ct))
                throw new FileProblemException($"'{Batch.FileName}': {SharedText.L[Progress.IgotReportFile.IgotReportOnRostersMessage]}");
            throw;
        }
    }

    /// <summary>
    /// Ids and districts of the user's active staff, read through the scope filter of a second context on the import's own connection and
    /// transaction (the import's context is unscoped for its whole-state lookups, and a context's scope never changes).
    /// </summary>
    private async Task<List<(int Id, int DistrictId)>> ActiveEmployeesOfScopeAsync(PortalDbContext db, CancellationToken ct)
    {
        await using var scoped = await _pass.DbFactory.CreateDbContextAsync(User.Scope, sharingTransactionOf: db, ct);
        return (await scoped.Employees.AsNoTracking().Where(e => e.Status == EmployeeStatus.Active).Select(e => new { e.Id, e.DistrictId }).ToListAsync(ct))
            .Select(e => (e.Id, e.DistrictId)).ToList();
    }

    /// <summary>The reading thread: rows → checked rows in chunks; rejected rows kept with their errors.</summary>
    private async Task Read(IEnumerator<RawRow> rows, RosterRowParser parser, ISpreadsheet book,
        ChannelWriter<List<(RosterRow Parsed, RawRow Raw)>> output, CancellationToken ct)
    {
        var maxDataRows = _pass.Options.MaxDataRows;
        var maxRowCharacters = _pass.Options.MaxRowCharacters;
        Exception? failure = null;
        try
        {
            var chunk = new List<(RosterRow, RawRow)>(EmployeeWriter.LookupBatch);
            var errors = new List<CellError>();
            // Columns beyond the header's are ignored (not kept, not given back).
            var width = _header!.Headers.Count;
            using (rows)
            {
                while (rows.MoveNext())
                {
                    var row = rows.Current;
                    if (row.Cells.Length > width) row = new RawRow(row.RowNumber, row.Cells[..width]);
                    if (row.IsBlank) continue;
                    if (++_rowsRead > maxDataRows)
                        throw new FileProblemException(SharedText.L["The file '{0}' has more than {1} data rows. Split it into smaller files (for example by district).", Batch.FileName, IndianFormat.Number(maxDataRows)]);

                    // A row far longer than any roster row is rejected unread: accepted rows wait in memory for
                    // the database, so their size must be bounded.
                    var characters = 0L;
                    foreach (var cell in row.Cells) characters += cell.Text.Length;
                    if (characters > maxRowCharacters)
                    {
                        _parseRejects.Add(Shortened(row), [new CellError("",
                            SharedText.L["This row holds {0} characters, more than the {1} a roster row may have; its cells are cut short here. Check it for text pasted by mistake.", IndianFormat.Number(characters), IndianFormat.Number(maxRowCharacters)])]);
                        continue;
                    }

                    var parsed = parser.Parse(row, errors);
                    if (parsed is not null && _firstRowOfCode.TryGetValue(Fnv1a(parsed.EmployeeCode), out var first))
                    {
                        errors.Add(new(RosterColumns.EmployeeCode, SharedText.L["Employee Code '{0}' already appears in row {1}; each employee may appear once.", parsed.EmployeeCode, first]));
                        parsed = null;
                    }
                    if (parsed is null) { _parseRejects.Add(row, errors); continue; }
                    _firstRowOfCode[Fnv1a(parsed.EmployeeCode)] = parsed.RowNumber;
                    chunk.Add((parsed, row));
                    if (chunk.Count == EmployeeWriter.LookupBatch)
                    {
                        await output.WriteAsync(chunk, ct);
                        chunk = new List<(RosterRow, RawRow)>(EmployeeWriter.LookupBatch);
                        _pass.Progress?.Report(new ImportProgress(Commit ? SharedText.L["Checking and writing rows"] : SharedText.L["Checking rows"], book.Progress, _rowsRead));
                    }
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
            output.TryComplete(failure);
        }
    }

    private static RawRow Shortened(RawRow row) =>
        new(row.RowNumber, row.Cells.Select(c => c.Text.Length <= 200 ? c : new RawCell(c.Kind, c.Text[..200] + "…")).ToArray());

    /// <summary>FNV-1a, 64 bits: the chance that two of a million codes share a hash is about 1 in 30 million.</summary>
    private static ulong Fnv1a(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var ch in text) { hash ^= ch; hash *= 1099511628211UL; }
        return hash;
    }


    private string HeaderOf(string field) =>
        field.Length == 0 ? SharedText.L["(whole row)"]
        : _header!.ColumnOf(field) is { } c && c < _header.Headers.Count && _header.Headers[c].Length > 0 ? _header.Headers[c] : RosterRowParser.Label(field);

    private async Task ProcessChunkAsync(RosterLookups lookups, EmployeeWriter store, List<(RosterRow Parsed, RawRow Raw)> chunk, CancellationToken ct)
    {
        var existing = _tableWasEmpty ? NoneStored : store.Find(chunk.Select(r => r.Parsed.EmployeeCode).ToList());
        var accepted = chunk.Where(c => !existing.TryGetValue(c.Parsed.EmployeeCode, out var s) || User.Scope.Includes(s.DistrictId, s.DepartmentId));
        CreateOffices(lookups, store, accepted.Select(c => c.Parsed));

        foreach (var (row, raw) in chunk)
        {
            existing.TryGetValue(row.EmployeeCode, out var stored);
            if (stored is not null && !User.Scope.Includes(stored.DistrictId, stored.DepartmentId))
            {
                // The code belongs to someone else's staff: never change it from here.
                _scopeRejects.Add(raw, [new CellError(RosterColumns.EmployeeCode,
                    SharedText.L["Employee Code '{0}' belongs to an employee outside your scope ({1}); ask the state admin to transfer them.", row.EmployeeCode, User.ScopeDescription])]);
                continue;
            }

            var officeId = OfficeId(lookups, row, stored);
            _covered.Add(row.DistrictId, row.DepartmentId);
            if (stored is null)
            {
                _new++;
                _changedDistricts.Add(row.DistrictId);
                if (Commit) store.Insert(row, officeId);
                if (_bulkLoad is not null) await _bulkLoad.NoteInsertsAsync(_new, ct);
                continue;
            }

            _matched.Add(stored.Id);
            var merged = stored.Merge(row, officeId);
            var changes = stored.Describe(merged, lookups);
            if (changes.Count == 0) { _unchanged++; continue; }
            _updated++;
            _changedDistricts.Add(stored.DistrictId);
            _changedDistricts.Add(row.DistrictId);
            if (_changes.Count < MaxChangesReturned) _changes.Add(new EmployeeChange(row.RowNumber, row.EmployeeCode, row.Name, changes));
            if (Commit) store.Update(stored.Id, merged);
        }
    }

    /// <summary>
    /// Offices named in the chunk that do not exist yet, created under their district and department (a dry run
    /// only counts them). Rows of the chunk rejected for scope do not create offices.
    /// </summary>
    private void CreateOffices(RosterLookups lookups, EmployeeWriter store, IEnumerable<RosterRow> rows)
    {
        foreach (var row in rows)
        {
            if (row.Office is null) continue;
            var key = (row.DistrictId, row.DepartmentId, row.OfficeKey!);
            if (lookups.Offices.ContainsKey(key)) continue;
            _newOffices++;
            lookups.Offices[key] = Commit ? store.InsertOffice(row.Office, row.DistrictId, row.DepartmentId) : -_newOffices;
        }
    }

    private static int? OfficeId(RosterLookups lookups, RosterRow row, StoredEmployee? stored)
    {
        if (row.Office is null) return stored is not null && stored.DistrictId == row.DistrictId && stored.DepartmentId == row.DepartmentId ? stored.OfficeId : null;
        return lookups.Offices.TryGetValue((row.DistrictId, row.DepartmentId, row.OfficeKey!), out var id) ? id : null;
    }
}
