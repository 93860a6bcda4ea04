using System.Data;
using System.Data.Common;
using System.Security.Cryptography;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Portal.Web.Data;
using Portal.Web.Data.Providers;
using Portal.Web.Features.Access;
using Portal.Web.Infrastructure;
using Portal.Web.Infrastructure.Spreadsheets;

namespace Portal.Web.Features.Rosters;

/// <summary>
/// Roster upload: preview (a dry run that writes only the batch record), commit (one transaction: every
/// accepted row or nothing), cancel, history. The web page and the CLI call the same methods.
/// </summary>
public sealed class RosterImportService(IDbContextFactory<PortalDbContext> dbFactory, ImportOptions options, TimeProvider clock, ILogger<RosterImportService> log,
    Snapshot.ComplianceRefresher? refresher = null, ImportQueue? queue = null)
{
    /// <summary>Previews and imports that may read files at once (process-wide unless a queue is given).</summary>
    private ImportQueue Queue => queue ?? ImportQueue.Shared(options.MaxConcurrentChecks);
    /// <summary>Commits are serialised in this process; the database transaction serialises them across processes.</summary>
    private static readonly SemaphoreSlim WriteLock = new(1, 1);

    // Primary-constructor parameters are not visible to the nested pass class.
    private IDbContextFactory<PortalDbContext> DbFactory => dbFactory;
    private TimeProvider Clock => clock;
    private int MaxDataRows => options.MaxDataRows;
    private int MaxRowCharacters => options.MaxRowCharacters;

    private const int ChunkSize = 2_000;
    private const int MaxErrorsReturned = 1_000;
    private const int MaxChangesReturned = 200;

    public SpreadsheetLimits Limits => new() { MaxFileBytes = options.MaxFileMegabytes * 1024L * 1024 };

    /// <summary>Thrown inside the commit when another commit of the same upload got there first: nothing is recorded.</summary>
    private sealed class AlreadyFinishedException(string message) : Exception(message);

    /// <summary>Checks an uploaded file and records the batch; writes no staff data.</summary>
    public Task<RosterImportResult> PreviewAsync(SignedInUser user, string uploadedFile, string originalName, IProgress<ImportProgress>? progress = null, CancellationToken ct = default) =>
        StartAsync(user, uploadedFile, originalName, commit: false, completeRoster: false, progress, ct);

    /// <summary>Checks and, when the file itself is readable, imports its accepted rows in one go (the CLI's --commit).</summary>
    public Task<RosterImportResult> ImportAsync(SignedInUser user, string uploadedFile, string originalName, bool completeRoster, IProgress<ImportProgress>? progress = null, CancellationToken ct = default) =>
        StartAsync(user, uploadedFile, originalName, commit: true, completeRoster, progress, ct);

    /// <summary>Commits a previewed batch: the file is checked again against the database as it is now.</summary>
    public async Task<RosterImportResult> CommitAsync(SignedInUser user, int batchId, bool completeRoster, IProgress<ImportProgress>? progress = null, CancellationToken ct = default)
    {
        await RequireUploaderAsync(user, ct);
        var batch = await FindBatchAsync(user, batchId, ct) ?? throw new InvalidOperationException($"Upload #{batchId} is not yours or does not exist.");
        if (batch.Outcome != ImportOutcome.Previewed)
            throw new InvalidOperationException($"Upload #{batchId} is {batch.Outcome.ToString().ToLowerInvariant()}; only a previewed upload can be imported.");
        return await RunAsync(user, batch, commit: true, completeRoster, progress, ct);
    }

    /// <summary>The role as stored now, not as it was when the page opened: a user demoted meanwhile uploads nothing.</summary>
    private async Task RequireUploaderAsync(SignedInUser user, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(DataScope.Nothing, ct);
        await db.RequireRoleAsync(user, Policies.UploaderRoles, "You may no longer upload rosters: your role was changed. Sign in again or ask the state admin.", ct);
    }

    /// <summary>Records an upload that never reached the checks (too large, not received) as a failed batch.</summary>
    public async Task<RosterImportResult> RecordRefusedUploadAsync(SignedInUser user, string originalName, long size, string reason, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(user.Scope, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var batch = NewBatch(user, Path.GetFileName(originalName), size, sha256: "", now);
        batch.FinishedAt = now;
        batch.Outcome = ImportOutcome.Failed;
        batch.Message = reason;
        db.ImportBatches.Add(batch);
        await db.SaveChangesAsync(ct);
        return new RosterImportResult { BatchId = batch.Id, Outcome = ImportOutcome.Failed, FileName = batch.FileName, FileSizeBytes = size, FileProblem = reason, ScopeDescription = user.ScopeDescription };
    }

    public async Task CancelAsync(SignedInUser user, int batchId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(user.Scope, ct);
        var batch = await db.ImportBatches.SingleOrDefaultAsync(b => b.Id == batchId, ct) ?? throw new InvalidOperationException($"Upload #{batchId} is not yours or does not exist.");
        if (batch.Outcome != ImportOutcome.Previewed) return;
        batch.Outcome = ImportOutcome.Cancelled;
        batch.Message = "Cancelled by the uploader; nothing was imported.";
        batch.FinishedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The uploads this user may see (its own; all for a StateAdmin), newest first.</summary>
    public async Task<IReadOnlyList<ImportBatch>> HistoryAsync(SignedInUser user, int count = 50, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(user.Scope, ct);
        return await db.ImportBatches.AsNoTracking().Where(b => b.Kind == ImportKind.Roster).OrderByDescending(b => b.Id).Take(count).ToListAsync(ct);
    }

    public async Task<ImportBatch?> FindBatchAsync(SignedInUser user, int batchId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(user.Scope, ct);
        return await db.ImportBatches.AsNoTracking().SingleOrDefaultAsync(b => b.Id == batchId && b.Kind == ImportKind.Roster, ct);
    }

    private async Task<RosterImportResult> StartAsync(SignedInUser user, string uploadedFile, string originalName, bool commit, bool completeRoster,
        IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        await RequireUploaderAsync(user, ct);
        var name = Path.GetFileName(originalName);
        var size = new FileInfo(uploadedFile).Length;
        var now = clock.GetUtcNow().UtcDateTime;
        // Keep the file as received (a preview is committed from it; it is the record of what was uploaded),
        // hashing it on the way.
        var staged = Path.Combine(AppPaths.ResolveDataPath(options.Folder), $"incoming-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.GetDirectoryName(staged)!);
        var sha = await CopyAndHashAsync(uploadedFile, staged, ct);

        await using var db = await dbFactory.CreateDbContextAsync(user.Scope, ct);
        var earlier = await db.ImportBatches.AsNoTracking()
            .Where(b => b.Sha256 == sha && b.Kind == ImportKind.Roster).OrderByDescending(b => b.Id).FirstOrDefaultAsync(ct);
        var batch = NewBatch(user, name, size, sha, now);
        db.ImportBatches.Add(batch);
        await db.SaveChangesAsync(ct);

        var folder = Path.Combine(AppPaths.ResolveDataPath(options.Folder), batch.Id.ToString());
        Directory.CreateDirectory(folder);
        batch.StoredFilePath = Path.Combine(folder, "upload" + SafeExtension(name));
        File.Move(staged, batch.StoredFilePath, overwrite: true);
        await db.SaveChangesAsync(ct);

        var result = await RunAsync(user, batch, commit, completeRoster, progress, ct);
        return earlier is null ? result : result with
        {
            PreviousUpload = $"This same file was uploaded before: '{earlier.FileName}' on {earlier.UploadedAt:dd-MM-yyyy HH:mm} UTC by {earlier.UploadedBy} " +
                             $"(upload #{earlier.Id}, {earlier.Outcome.ToString().ToLowerInvariant()}).",
        };
    }

    private async Task<RosterImportResult> RunAsync(SignedInUser user, ImportBatch batch, bool commit, bool completeRoster, IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        using var pass = new ImportPass(this, user, batch, commit, completeRoster, progress);
        RosterImportResult result;
        IDisposable? slot = null;
        var locked = false;
        try
        {
            // At most a few files are read at once (each can take hundreds of MB): the others wait their turn.
            slot = await Queue.EnterAsync(ahead => progress?.Report(ImportProgress.Queued(ahead)), ct);
            if (commit)
            {
                progress?.Report(new ImportProgress("Waiting for other uploads to finish", 0, 0));
                await WriteLock.WaitAsync(ct);
                locked = true;
                // Checked again under the lock: a second click (or tab) may have committed it meanwhile.
                if (batch.Outcome == ImportOutcome.Previewed && await FindBatchAsync(user, batch.Id, ct) is { } now && now.Outcome != ImportOutcome.Previewed)
                    throw new AlreadyFinishedException($"Upload #{batch.Id} is {now.Outcome.ToString().ToLowerInvariant()}; only a previewed upload can be imported.");
            }
            result = await Task.Run(() => pass.RunAsync(ct), ct);
        }
        catch (AlreadyFinishedException finished)
        {
            // Not this call's outcome to record: the batch is already what the other commit made it.
            throw new InvalidOperationException(finished.Message);
        }
        catch (FileProblemException problem)
        {
            result = pass.Failed(problem.Message);
        }
        catch (OperationCanceledException)
        {
            result = pass.Failed("The upload was stopped before it finished; nothing was imported.");
        }
        catch (Exception ex) when (ex is DbException or DbUpdateException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            log.LogError(ex, "Roster import of batch {BatchId} failed", batch.Id);
            result = pass.Failed($"The import failed and nothing was written: {ex.GetBaseException().Message}") with { ServerFailure = true };
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Whatever else: the upload ends as a failed batch with a message, never as a dead page or a Pending batch.
            log.LogError(ex, "Roster import of batch {BatchId} failed unexpectedly", batch.Id);
            result = pass.Failed("The import failed because of an error on the server, and nothing was written. Try again later; if it keeps failing, tell the portal's administrators.") with { ServerFailure = true };
        }
        finally
        {
            if (locked) WriteLock.Release();
            slot?.Dispose();
        }

        await RecordAsync(user, batch.Id, result, CancellationToken.None);
        // The dashboards' figures are a snapshot: have it recomputed with this upload's staff.
        if (result.Outcome == ImportOutcome.Committed) refresher?.Request($"roster upload #{batch.Id}");
        return result;
    }

    private static ImportBatch NewBatch(SignedInUser user, string fileName, long size, string sha256, DateTime now) => new()
    {
        Kind = ImportKind.Roster, FileName = fileName, FileSizeBytes = size, Sha256 = sha256, UploadedBy = user.LoginName,
        UploadedByUserId = user.Id, UploadedAt = now, Outcome = ImportOutcome.Pending,
    };

    private async Task RecordAsync(SignedInUser user, int batchId, RosterImportResult r, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(user.Scope, ct);
        var batch = await db.ImportBatches.SingleAsync(b => b.Id == batchId, ct);
        batch.Outcome = r.Outcome;
        batch.RowsRead = r.RowsRead;
        batch.Inserted = r.New;
        batch.Updated = r.Updated;
        batch.Unchanged = r.Unchanged;
        batch.Rejected = r.Rejected;
        batch.Deactivated = r.Deactivated;
        batch.ErrorCount = r.ErrorCount;
        batch.CompleteRoster = r.CompleteRoster;
        batch.IgnoredColumns = r.IgnoredColumns.Count == 0 ? null : Truncate(string.Join(", ", r.IgnoredColumns), 2000);
        batch.Message = Truncate(r.FileProblem ?? r.Outcome switch
        {
            ImportOutcome.Committed => $"Imported: {r.New} new, {r.Updated} updated, {r.Unchanged} unchanged, {r.Rejected} rejected rows" + (r.CompleteRoster ? $", {r.Deactivated} deactivated." : "."),
            _ => $"Checked: {r.New} new, {r.Updated} to update, {r.Unchanged} unchanged, {r.Rejected} rejected rows.",
        }, 2000);
        batch.ErrorWorkbookPath = r.HasErrorWorkbook ? ErrorWorkbookPathOf(batchId) : batch.ErrorWorkbookPath;
        if (r.Outcome is ImportOutcome.Committed or ImportOutcome.Failed) batch.FinishedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
    }

    internal string ErrorWorkbookPathOf(int batchId) => Path.Combine(AppPaths.ResolveDataPath(options.Folder), batchId.ToString(), "errors.xlsx");

    private static string SafeExtension(string name)
    {
        var ext = Path.GetExtension(name).ToLowerInvariant();
        return ext is ".xlsx" or ".csv" or ".xls" or ".xlsm" ? ext : ".bin";
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";

    private static async Task<string> CopyAndHashAsync(string source, string target, CancellationToken ct)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using (var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, useAsync: true))
        await using (var output = new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20, useAsync: true))
        {
            var buffer = new byte[1 << 20];
            int read;
            while ((read = await input.ReadAsync(buffer, ct)) > 0)
            {
                sha.AppendData(buffer, 0, read);
                await output.WriteAsync(buffer.AsMemory(0, read), ct);
            }
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>
    /// One read of the file: parse, check, compare with the database, and (when committing) write. Reading and
    /// checking run on one thread while comparing and writing run on another, chunk by chunk.
    /// </summary>
    private sealed class ImportPass(RosterImportService service, SignedInUser user, ImportBatch batch, bool commit, bool completeRoster, IProgress<ImportProgress>? progress)
        : IDisposable
    {
        // Rejected rows go to temp files beside the batch's upload (only the first errors stay in memory).
        // Written only by the reading thread until it finishes.
        private readonly RejectSpool _parseRejects = new(Path.GetDirectoryName(service.ErrorWorkbookPathOf(batch.Id))!, MaxErrorsReturned);
        /// <summary>First row of each code, keyed by a 64-bit hash of the code (a million strings would cost ~70 MB).</summary>
        private readonly Dictionary<ulong, int> _firstRowOfCode = [];
        private int _rowsRead;
        // Written only by the database thread.
        private readonly RejectSpool _scopeRejects = new(Path.GetDirectoryName(service.ErrorWorkbookPathOf(batch.Id))!, MaxErrorsReturned);

        public void Dispose()
        {
            _parseRejects.Dispose();
            _scopeRejects.Dispose();
        }
        private readonly List<EmployeeChange> _changes = [];
        private RosterBulkLoad? _bulkLoad;
        private bool _tableWasEmpty;
        private static readonly Dictionary<string, StoredEmployee> NoneStored = [];
        /// <summary>Stored employees the file mentions (whatever their status).</summary>
        private readonly HashSet<int> _matched = [];
        private int _new, _updated, _unchanged, _newOffices, _notInFile, _deactivated;

        private HeaderMap? _header;
        public Dictionary<string, double> Timings { get; } = [];

        /// <summary>The roster header, or a file problem; an iGOT report dropped here is sent to the Progress page.</summary>
        private HeaderMap FindHeader(ISpreadsheet book, CancellationToken ct, out IEnumerator<RawRow> rows)
        {
            try
            {
                return HeaderMatcher.Find(book, RosterColumns.All, batch.FileName, out rows, ct);
            }
            catch (FileProblemException)
            {
                // A sheet is read once: look at the file's first rows again through a fresh reader.
                using var again = SpreadsheetFile.Open(batch.StoredFilePath!, batch.FileName, service.Limits);
                if (Progress.IgotReportFile.LooksLikeIgotReport(again, ct))
                    throw new FileProblemException($"'{batch.FileName}': {Progress.IgotReportFile.IgotReportOnRostersMessage}");
                throw;
            }
        }

        public async Task<RosterImportResult> RunAsync(CancellationToken ct)
        {
            var today = DateOnly.FromDateTime(service.Clock.GetLocalNow().DateTime);
            var total = System.Diagnostics.Stopwatch.StartNew();
            using var book = SpreadsheetFile.Open(batch.StoredFilePath!, batch.FileName, service.Limits);
            _header = FindHeader(book, ct, out var rows);

            await using var db = await service.DbFactory.CreateUnscopedDbContextAsync(ct);
            await db.Database.OpenConnectionAsync(ct);
            var dialect = DatabaseDialect.For(db);
            // Declared between the context and the transaction, so that whatever the provider changes on the connection
            // is undone after the transaction ends and before the connection goes back to the pool.
            await using var bulkLoad = commit ? await dialect.StartRosterLoadAsync(db, ct) : null;
            await using var transaction = commit ? await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, ct) : null;
            var lookups = await RosterLookups.LoadAsync(db, ct);
            var activeBefore = await ActiveEmployeesOfScopeAsync(db, ct);
            var rowsAtStart = await db.Employees.LongCountAsync(ct);
            // An empty table (a state's first load) cannot hold any code of the file: no lookups needed.
            // Committing holds the write lock, so nobody can add one meanwhile.
            _tableWasEmpty = rowsAtStart == 0;
            _bulkLoad = bulkLoad;
            _bulkLoad?.Begin(rowsAtStart);
            var parser = new RosterRowParser(_header, lookups, user.Scope, user.ScopeDescription, today);
            using var store = dialect.OpenEmployeeWriter(db, service.Clock.GetUtcNow().UtcDateTime, forWriting: commit);

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var chunks = Channel.CreateBounded<List<(RosterRow Parsed, RawRow Raw)>>(new BoundedChannelOptions(4) { SingleReader = true, SingleWriter = true });
            var reading = Task.Run(() => Read(rows, parser, book, chunks.Writer, stop.Token), stop.Token);
            var writeClock = new System.Diagnostics.Stopwatch();
            try
            {
                await foreach (var chunk in chunks.Reader.ReadAllAsync(stop.Token))
                {
                    writeClock.Start();
                    await ProcessChunkAsync(db, lookups, store, chunk, stop.Token);
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
            if (_bulkLoad is not null && await _bulkLoad.RestoreIndexesAsync(ct) is { } rebuildSeconds) Timings["rebuildIndexSeconds"] = rebuildSeconds;
            Timings["readAndCheckSeconds"] = total.Elapsed.TotalSeconds - writeClock.Elapsed.TotalSeconds;
            Timings["compareAndWriteSeconds"] = writeClock.Elapsed.TotalSeconds;

            // Active employees of the scope (as they were before this import) that the file does not mention.
            var missing = activeBefore.Where(id => !_matched.Contains(id)).ToList();
            _notInFile = missing.Count;
            if (commit && completeRoster)
            {
                foreach (var id in missing) store.Deactivate(id);
                _deactivated = missing.Count;
            }

            // The error workbook is written before the commit: failing to write it fails the import, rather than
            // leaving committed rows behind a batch that does not say so.
            var rejectedRows = _parseRejects.Rows + _scopeRejects.Rows;
            if (rejectedRows > 0)
            {
                progress?.Report(new ImportProgress("Writing the error workbook", 1, _rowsRead));
                ErrorWorkbook.Write(service.ErrorWorkbookPathOf(batch.Id), _header, RejectSpool.Merge(_parseRejects, _scopeRejects));
            }

            if (transaction is not null)
            {
                await _bulkLoad!.VerifyAsync(ct);
                // The batch says Committed in the same transaction as the rows, and only one commit of it can do so.
                var claimed = await db.ImportBatches
                    .Where(b => b.Id == batch.Id && (b.Outcome == ImportOutcome.Pending || b.Outcome == ImportOutcome.Previewed))
                    .ExecuteUpdateAsync(s => s.SetProperty(b => b.Outcome, ImportOutcome.Committed), ct);
                if (claimed == 0) throw new AlreadyFinishedException($"Upload #{batch.Id} was imported or closed meanwhile; only a previewed upload can be imported.");
                progress?.Report(new ImportProgress("Saving", 1, _rowsRead));
                var committedAt = service.Clock.GetUtcNow().UtcDateTime;
                await Snapshot.ChangedDistricts.MarkScopeAsync(db, user.Scope, committedAt, ct);
                // Audited in the import's own transaction: a committed roster always has its entry (web or cli).
                db.AuditEntries.Add(AuditLog.Entry(committedAt, user.LoginName, AuditActions.RosterImport,
                    $"upload {batch.Id} ({batch.FileName}) committed: {_rowsRead:N0} rows read, {_new:N0} new, {_updated:N0} updated, {rejectedRows:N0} rejected"));
                await db.SaveChangesAsync(ct);
                var commitClock = System.Diagnostics.Stopwatch.StartNew();
                await transaction.CommitAsync(ct);
                Timings["commitSeconds"] = commitClock.Elapsed.TotalSeconds;
                await _bulkLoad!.AfterCommitAsync(_new + _updated, ct);
            }

            progress?.Report(new ImportProgress("Done", 1, _rowsRead));

            return Result(commit ? ImportOutcome.Committed : ImportOutcome.Previewed) with
            {
                HasErrorWorkbook = rejectedRows > 0,
                HeaderLocation = $"sheet '{_header.Sheet.Name}', row {_header.HeaderRowNumber}",
                Timings = Timings,
            };
        }

        /// <summary>
        /// Ids of the user's active staff, read through the scope filter of a second context on the import's own connection and
        /// transaction (the import's context is unscoped for its whole-state lookups, and a context's scope never changes).
        /// </summary>
        private async Task<List<int>> ActiveEmployeesOfScopeAsync(PortalDbContext db, CancellationToken ct)
        {
            await using var scoped = await service.DbFactory.CreateDbContextAsync(user.Scope, sharingTransactionOf: db, ct);
            return await scoped.Employees.AsNoTracking().Where(e => e.Status == EmployeeStatus.Active).Select(e => e.Id).ToListAsync(ct);
        }

        /// <summary>The reading thread: rows → checked rows in chunks; rejected rows kept with their errors.</summary>
        private async Task Read(IEnumerator<RawRow> rows, RosterRowParser parser, ISpreadsheet book,
            ChannelWriter<List<(RosterRow Parsed, RawRow Raw)>> output, CancellationToken ct)
        {
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
                        if (++_rowsRead > service.MaxDataRows)
                            throw new FileProblemException($"The file '{batch.FileName}' has more than {IndianFormat.Number(service.MaxDataRows)} data rows. Split it into smaller files (for example by district).");

                        // A row far longer than any roster row is rejected unread: accepted rows wait in memory for
                        // the database, so their size must be bounded.
                        var characters = 0L;
                        foreach (var cell in row.Cells) characters += cell.Text.Length;
                        if (characters > service.MaxRowCharacters)
                        {
                            _parseRejects.Add(Shortened(row), [new CellError("",
                                $"This row holds {IndianFormat.Number(characters)} characters, more than the {IndianFormat.Number(service.MaxRowCharacters)} a roster row may have; its cells are cut short here. Check it for text pasted by mistake.")]);
                            continue;
                        }

                        var parsed = parser.Parse(row, errors);
                        if (parsed is not null && _firstRowOfCode.TryGetValue(Fnv1a(parsed.EmployeeCode), out var first))
                        {
                            errors.Add(new(RosterColumns.EmployeeCode, $"Employee Code '{parsed.EmployeeCode}' already appears in row {first}; each employee may appear once."));
                            parsed = null;
                        }
                        if (parsed is null) { _parseRejects.Add(row, errors); continue; }
                        _firstRowOfCode[Fnv1a(parsed.EmployeeCode)] = parsed.RowNumber;
                        chunk.Add((parsed, row));
                        if (chunk.Count == EmployeeWriter.LookupBatch)
                        {
                            await output.WriteAsync(chunk, ct);
                            chunk = new List<(RosterRow, RawRow)>(EmployeeWriter.LookupBatch);
                            progress?.Report(new ImportProgress(commit ? "Checking and writing rows" : "Checking rows", book.Progress, _rowsRead));
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
            field.Length == 0 ? "(whole row)"
            : _header!.ColumnOf(field) is { } c && c < _header.Headers.Count && _header.Headers[c].Length > 0 ? _header.Headers[c] : RosterRowParser.Label(field);

        private async Task ProcessChunkAsync(PortalDbContext db, RosterLookups lookups, EmployeeWriter store, List<(RosterRow Parsed, RawRow Raw)> chunk, CancellationToken ct)
        {
            var existing = _tableWasEmpty ? NoneStored : store.Find(chunk.Select(r => r.Parsed.EmployeeCode).ToList());
            var accepted = chunk.Where(c => !existing.TryGetValue(c.Parsed.EmployeeCode, out var s) || user.Scope.Includes(s.DistrictId, s.DepartmentId));
            CreateOffices(lookups, store, accepted.Select(c => c.Parsed));

            foreach (var (row, raw) in chunk)
            {
                existing.TryGetValue(row.EmployeeCode, out var stored);
                if (stored is not null && !user.Scope.Includes(stored.DistrictId, stored.DepartmentId))
                {
                    // The code belongs to someone else's staff: never change it from here.
                    _scopeRejects.Add(raw, [new CellError(RosterColumns.EmployeeCode,
                        $"Employee Code '{row.EmployeeCode}' belongs to an employee outside your scope ({user.ScopeDescription}); ask the state admin to transfer them.")]);
                    continue;
                }

                var officeId = OfficeId(lookups, row, stored);
                if (stored is null)
                {
                    _new++;
                    if (commit) store.Insert(row, officeId);
                    if (_bulkLoad is not null) await _bulkLoad.NoteInsertsAsync(_new, ct);
                    continue;
                }

                _matched.Add(stored.Id);
                var merged = stored.Merge(row, officeId);
                var changes = stored.Describe(merged, lookups);
                if (changes.Count == 0) { _unchanged++; continue; }
                _updated++;
                if (_changes.Count < MaxChangesReturned) _changes.Add(new EmployeeChange(row.RowNumber, row.EmployeeCode, row.Name, changes));
                if (commit) store.Update(stored.Id, merged);
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
                lookups.Offices[key] = commit ? store.InsertOffice(row.Office, row.DistrictId, row.DepartmentId) : -_newOffices;
            }
        }

        private static int? OfficeId(RosterLookups lookups, RosterRow row, StoredEmployee? stored)
        {
            if (row.Office is null) return stored is not null && stored.DistrictId == row.DistrictId && stored.DepartmentId == row.DepartmentId ? stored.OfficeId : null;
            return lookups.Offices.TryGetValue((row.DistrictId, row.DepartmentId, row.OfficeKey!), out var id) ? id : null;
        }

        public RosterImportResult Failed(string problem) => Result(ImportOutcome.Failed) with { FileProblem = problem };

        private RosterImportResult Result(ImportOutcome outcome)
        {
            var failed = outcome == ImportOutcome.Failed;
            // The first errors of each spool, merged by row: each spool is in row order, so these are the file's first errors.
            var errors = failed ? [] : _parseRejects.FirstErrors.Concat(_scopeRejects.FirstErrors)
                .OrderBy(e => e.Row).Take(MaxErrorsReturned)
                .Select(e => new RowError(e.Row, HeaderOf(e.Error.Field), e.Error.Message)).ToList();
            return new RosterImportResult
            {
                BatchId = batch.Id,
                Outcome = outcome,
                FileName = batch.FileName,
                FileSizeBytes = batch.FileSizeBytes,
                Sha256 = batch.Sha256,
                RowsRead = _rowsRead,
                New = outcome == ImportOutcome.Failed ? 0 : _new,
                Updated = outcome == ImportOutcome.Failed ? 0 : _updated,
                Unchanged = outcome == ImportOutcome.Failed ? 0 : _unchanged,
                Rejected = failed ? 0 : _parseRejects.Rows + _scopeRejects.Rows,
                NewOffices = _newOffices,
                NotInFile = _notInFile,
                Deactivated = outcome == ImportOutcome.Committed ? _deactivated : 0,
                CompleteRoster = completeRoster,
                IgnoredColumns = _header?.IgnoredColumns ?? [],
                Errors = errors,
                ErrorCount = failed ? 0 : _parseRejects.Errors + _scopeRejects.Errors,
                Changes = _changes,
                ScopeDescription = user.ScopeDescription,
            };
        }
    }
}
