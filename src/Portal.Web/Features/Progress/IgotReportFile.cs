using System.Globalization;
using ICSharpCode.SharpZipLib;
using ICSharpCode.SharpZipLib.Checksum;
using ICSharpCode.SharpZipLib.Zip;
using Portal.Web.Infrastructure;
using Portal.Web.Infrastructure.Spreadsheets;
using Portal.Web.Resources;

namespace Portal.Web.Features.Progress;

/// <summary>Bounds and places for reading iGOT uploads.</summary>
public sealed record IgotReadOptions
{
    /// <summary>
    /// The spreadsheet readers' limits, also applied to a zip's entries: their count, the inflated size of each and of
    /// all, and the compression ratio. A state-wide enrolment report runs to a few GB as CSV, so an entry may inflate
    /// further than an .xlsx part may; the ratio check (200:1, where CSV packs about 10:1) still stops bombs. The same
    /// report unzipped and uploaded as a plain CSV is allowed the size it may have inside the zip (a million rows are
    /// about 200 MB).
    /// </summary>
    public SpreadsheetLimits Limits { get; init; } = new()
    {
        MaxFileBytes = 3L * 1024 * 1024 * 1024,
        MaxPartBytes = 3L * 1024 * 1024 * 1024,
        MaxInflatedBytes = 4L * 1024 * 1024 * 1024,
    };

    /// <summary>Most data rows read from one report (a state's full enrolment report: one row per user and content).</summary>
    public int MaxDataRows { get; init; } = 5_000_000;

    /// <summary>Where a zip's entries are unpacked (a folder of their own inside it, removed on dispose).</summary>
    public string? TempDirectory { get; init; }
}

/// <summary>
/// An upload on the Progress page opened: the iGOT reports found in it, picked by their header row (never by file
/// name). Accepts the zip as iGOT hands it out (encrypted with ZipCrypto or AES, or not encrypted), any one CSV
/// from it, or the table saved as .xlsx. Whatever makes the upload unusable is a <see cref="FileProblemException"/>
/// with a message for the uploader. Dispose to close the files and delete what was unpacked.
/// </summary>
public sealed class IgotReportFile : IDisposable
{
    // These four are the English texts (kept as constants for the tests' data); a refusal gives them through
    // SharedText.L, so in the uploader's language (HindiResourceTests lists them among the computed keys).
    public const string RosterOnProgressMessage = "This is a staff roster: upload it on the Rosters page.";
    public const string IgotReportOnRostersMessage = "This is an iGOT report: upload it on the Progress page.";
    public const string NoPasswordMessage = "This zip is protected by a password. Paste the password iGOT showed beside the download.";
    public const string WrongPasswordMessage = "The password does not open this zip. Copy it again from iGOT (15 characters).";

    private readonly List<IgotReport> _reports = [];
    private readonly List<string> _files = [];
    private readonly List<string> _ignoredFiles = [];
    private string? _tempFolder;

    public string OriginalName { get; }
    /// <summary>Whether the upload was a zip (with <see cref="FilesFound"/> its files).</summary>
    public bool WasZip { get; private set; }
    /// <summary>The enrolment report: what a progress import reads. Null when the upload has none.</summary>
    public IgotReport? Enrolment => _reports.FirstOrDefault(r => r.Kind == IgotReportKind.Enrolment);
    /// <summary>The user report (registration dates), when the upload has one.</summary>
    public IgotReport? User => _reports.FirstOrDefault(r => r.Kind == IgotReportKind.User);
    /// <summary>The CB plan report (CBPEnrollmentReport.csv), when the upload has one.</summary>
    public IgotReport? CbPlan => _reports.FirstOrDefault(r => r.Kind == IgotReportKind.CbPlan);
    public IReadOnlyList<IgotReport> Reports => _reports;
    /// <summary>The files in the zip (or the one file uploaded), as named there.</summary>
    public IReadOnlyList<string> FilesFound => _files;
    /// <summary>Files of the zip that were not used, each with why ("not an iGOT report", "a second enrolment report").</summary>
    public IReadOnlyList<string> IgnoredFiles => _ignoredFiles;

    private IgotReportFile(string originalName) => OriginalName = originalName;

    /// <summary>
    /// Opens an upload. <paramref name="password"/> is the one iGOT showed beside the download (ignored for files that
    /// are not encrypted zips). Throws <see cref="FileProblemException"/> when the upload holds no iGOT report.
    /// </summary>
    public static IgotReportFile Open(string path, string originalName, string? password = null, IgotReadOptions? options = null, CancellationToken ct = default)
    {
        options ??= new IgotReadOptions();
        var upload = new IgotReportFile(originalName);
        try
        {
            upload.Load(path, password, options, ct);
            return upload;
        }
        catch
        {
            upload.Dispose();
            throw;
        }
    }

    /// <summary>The enrolment report, or the message a progress import gives when the upload has none.</summary>
    public IgotReport RequireEnrolment() => Enrolment ?? throw new FileProblemException(SharedText.L["'{0}' has no enrolment report (user-enrollment-report.csv, one row per user and course): it has {1}. Download the reports zip from iGOT again and upload it whole.",
        OriginalName, ReportsFound()]);

    public static string NoCbPlanReportHint => SharedText.L["Download the reports zip from iGOT again and upload it whole (it holds CBPEnrollmentReport.csv), or upload that CSV alone."];

    /// <summary>The CB plan report, or the message a CB plan import gives when the upload has none.</summary>
    public IgotReport RequireCbPlan() => CbPlan ?? throw new FileProblemException(SharedText.L["'{0}' has no CB plan report (CBPEnrollmentReport.csv, one row per user and course allocated by a CB plan, with the column 'Name of CBP Allocated Course'): it has {1}. {2}",
        OriginalName, ReportsFound(), NoCbPlanReportHint]);

    /// <summary>"the enrolment report 'a.csv' and the user report 'b.csv'", in the reader's language.</summary>
    private string ReportsFound() => string.Join(SharedText.L[" and "],
        _reports.Select(r => SharedText.L["the {0} '{1}'", SharedText.L[IgotReportColumns.Describe(r.Kind)], r.FileName].Value));

    /// <summary>
    /// For the Rosters page: whether a file that is not a roster is an iGOT report (its first rows name iGOT's
    /// columns), so that the message can send the uploader to the Progress page (<see cref="IgotReportOnRostersMessage"/>).
    /// </summary>
    public static bool LooksLikeIgotReport(IEnumerable<string> headerRow) =>
        IgotReportColumns.Classify(headerRow) is IgotReportColumns.HeaderKind.Enrolment or IgotReportColumns.HeaderKind.EnrolmentWithoutIdentifier
            or IgotReportColumns.HeaderKind.User or IgotReportColumns.HeaderKind.CbPlan;

    /// <summary>The same, over the first 10 rows of an opened spreadsheet's first sheet.</summary>
    public static bool LooksLikeIgotReport(ISpreadsheet book, CancellationToken ct = default) =>
        book.Sheets.Count > 0 && book.Sheets[0].ReadRows(ct).Take(HeaderMatcher.RowsToSearch).Any(row => LooksLikeIgotReport(row.Cells.Select(c => c.Text)));

    private void Load(string path, string? password, IgotReadOptions options, CancellationToken ct)
    {
        var info = new FileInfo(path);
        var limits = options.Limits;
        if (info.Length > limits.MaxFileBytes)
            throw new FileProblemException(SharedText.L["The file '{0}' is {1}; the limit is {2}.", OriginalName, SpreadsheetFile.Megabytes(info.Length), SpreadsheetFile.Megabytes(limits.MaxFileBytes)]);
        if (info.Length > 0 && IsZip(path) && !IsXlsxPackage(path, options))
        {
            WasZip = true;
            LoadZip(path, password, options, ct);
            return;
        }
        _files.Add(OriginalName);
        // A single CSV or .xlsx: its problems (empty, UTF-16, not UTF-8, damaged...) are the upload's.
        var book = SpreadsheetFile.Open(path, OriginalName, limits);
        try
        {
            var report = Identify(book, OriginalName, options, ct, out var roster, out var withoutIdentifier);
            if (roster) throw new FileProblemException(SharedText.L[RosterOnProgressMessage]);
            if (withoutIdentifier) throw NoIdentifierColumn(OriginalName);
            if (report is null) throw NotAReport(OriginalName, book, ct);
            _reports.Add(report);
        }
        catch
        {
            book.Dispose();
            throw;
        }
    }

    private static bool IsZip(string path)
    {
        var head = new byte[4];
        using var probe = File.OpenRead(path);
        return probe.Read(head, 0, 4) == 4 && head is [0x50, 0x4B, 0x03 or 0x05, 0x04 or 0x06];
    }

    /// <summary>
    /// An .xlsx is a zip too: Excel's package has [Content_Types].xml and a workbook part under xl/. An OpenDocument
    /// file (its "mimetype" entry) goes to the spreadsheet reader as well, which says to save it as .xlsx.
    /// </summary>
    private bool IsXlsxPackage(string path, IgotReadOptions options)
    {
        using var zip = OpenZip(path, options);
        // Not a readable zip: a damaged .xlsx gets the spreadsheet reader's message, anything else the zip's.
        if (zip is null) return OriginalName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase);
        if (zip.GetEntry("mimetype") is not null) return true;
        return zip.GetEntry("[Content_Types].xml") is not null
            && (zip.GetEntry("xl/workbook.xml") is not null || zip.Cast<ZipEntry>().Any(e => e.Name.StartsWith("xl/", StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>The zip's directory, after its entries are counted (a million tiny entries are refused before they are read).</summary>
    private ZipFile? OpenZip(string path, IgotReadOptions options)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            XlsxSpreadsheet.CheckEntryCount(file, OriginalName, options.Limits, count => new FileProblemException(
                SharedText.L["The zip '{0}' holds more than {1} files; an iGOT download holds a few reports. It may be damaged or malicious: download it from iGOT again.", OriginalName, IndianFormat.Number(options.Limits.MaxZipEntries)]));
            file.Position = 0;
            return new ZipFile(file, leaveOpen: false);
        }
        catch (FileProblemException)
        {
            file.Dispose();
            throw;
        }
        catch (Exception ex) when (ex is SharpZipBaseException or EndOfStreamException or InvalidDataException or ArgumentException)
        {
            file.Dispose();
            return null;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private FileProblemException Damaged() => new(
        SharedText.L["The zip '{0}' is damaged or incomplete (perhaps the download or the upload was cut short). Download it from iGOT again and upload it as it is.", OriginalName]);

    private void LoadZip(string path, string? password, IgotReadOptions options, CancellationToken ct)
    {
        using var zip = OpenZip(path, options) ?? throw Damaged();
        var entries = zip.Cast<ZipEntry>().Where(e => e.IsFile).ToList();
        var crypted = entries.Where(e => e.IsCrypted).ToList();
        if (crypted.Count > 0 && string.IsNullOrWhiteSpace(password)) throw new FileProblemException(SharedText.L[NoPasswordMessage]);
        // iGOT's passwords are plain text: whitespace around a pasted one is the clipboard's, not the password's.
        if (!string.IsNullOrWhiteSpace(password)) zip.Password = password.Trim();

        _tempFolder = Path.Combine(options.TempDirectory ?? Path.GetTempPath(), "portal-igot-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_tempFolder);

        var notReports = new List<string>();
        string? roster = null, withoutIdentifier = null;
        long inflatedTotal = 0;
        var index = 0;
        foreach (var entry in entries)
        {
            ct.ThrowIfCancellationRequested();
            var name = entry.Name;
            _files.Add(name);
            var shortName = Path.GetFileName(name.TrimEnd('/'));
            // macOS adds resource forks and Finder files when a user re-zips: never reports.
            if (name.StartsWith("__MACOSX/", StringComparison.Ordinal) || shortName.StartsWith("._", StringComparison.Ordinal) || shortName == ".DS_Store")
            {
                _ignoredFiles.Add(SharedText.L["{0} (not a report)", name]);
                continue;
            }
            var target = Path.Combine(_tempFolder, (index++).ToString(CultureInfo.InvariantCulture) + ".entry");
            inflatedTotal += Extract(zip, entry, target, inflatedTotal, options.Limits, ct);

            ISpreadsheet book;
            try
            {
                book = SpreadsheetFile.Open(target, shortName, options.Limits with { MaxFileBytes = options.Limits.MaxPartBytes });
            }
            catch (FileProblemException problem)
            {
                notReports.Add($"{name} ({Reason(problem)})");
                File.Delete(target);
                continue;
            }
            IgotReport? report;
            bool isRoster, noIdentifier;
            try
            {
                report = Identify(book, shortName, options, ct, out isRoster, out noIdentifier);
            }
            catch (FileProblemException problem)
            {
                book.Dispose();
                File.Delete(target);
                notReports.Add($"{name} ({Reason(problem)})");
                continue;
            }
            if (report is null)
            {
                book.Dispose();
                File.Delete(target);
                if (isRoster) roster ??= name;
                if (noIdentifier) withoutIdentifier ??= shortName;
                notReports.Add($"{name} ({(isRoster ? SharedText.L["a staff roster"] : noIdentifier ? SharedText.L["an enrolment report without email, phone or employee id columns"] : SharedText.L["not an iGOT report"])})");
                continue;
            }
            if (_reports.Any(r => r.Kind == report.Kind))
            {
                _ignoredFiles.Add(SharedText.L["{0} (a second {1}; the first one found is read)", name, SharedText.L[IgotReportColumns.Describe(report.Kind)]]);
                report.Dispose();
                File.Delete(target);
                continue;
            }
            _reports.Add(report);
        }
        _ignoredFiles.AddRange(notReports);

        if (_reports.Count > 0) return;
        if (roster is not null) throw new FileProblemException(SharedText.L[RosterOnProgressMessage].Value + SharedText.L[" (The zip holds '{0}'.)", roster].Value);
        if (withoutIdentifier is not null) throw NoIdentifierColumn(withoutIdentifier);
        throw new FileProblemException(entries.Count == 0
            ? SharedText.L["The zip '{0}' is empty: it holds no files. Download the reports zip from iGOT again.", OriginalName]
            : SharedText.L["The zip '{0}' holds no iGOT report. Files found: {1}. Upload the zip iGOT gives for the organisation's reports (it holds user-enrollment-report.csv).", OriginalName,
                string.Join("; ", notReports.Take(20)) + (notReports.Count > 20 ? SharedText.L["; and {0} more", IndianFormat.Number(notReports.Count - 20)].Value : "")]);
    }

    private static string Reason(FileProblemException problem)
    {
        var message = problem.Message;
        return message.Length > 200 ? message[..200] + "…" : message;
    }

    /// <summary>
    /// Unpacks one entry to <paramref name="target"/> counting what comes out: each entry and all of them together are
    /// capped, and so is the ratio of inflated to packed bytes (a zip bomb runs to thousands). The CRC is checked
    /// (where the zip has one): a ZipCrypto password passes its one-byte check by chance once in 256 tries, and then
    /// only the CRC tells that what came out is noise.
    /// </summary>
    private long Extract(ZipFile zip, ZipEntry entry, string target, long inflatedBefore, SpreadsheetLimits limits, CancellationToken ct)
    {
        if (entry.Size > limits.MaxPartBytes || inflatedBefore + Math.Max(0, entry.Size) > limits.MaxInflatedBytes) throw Bomb(entry.Name, limits);
        long written = 0;
        var crc = new Crc32();
        try
        {
            using var input = zip.GetInputStream(entry);
            using var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
            var buffer = new byte[1 << 16];
            int read;
            while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
            {
                written += read;
                if (written > limits.MaxPartBytes || inflatedBefore + written > limits.MaxInflatedBytes) throw Bomb(entry.Name, limits);
                if (written > limits.RatioCheckFromBytes && written > Math.Max(1, entry.CompressedSize) * limits.MaxCompressionRatio) throw Bomb(entry.Name, limits);
                crc.Update(new ArraySegment<byte>(buffer, 0, read));
                output.Write(buffer, 0, read);
                if ((written & 0xFFFFF) < read) ct.ThrowIfCancellationRequested();
            }
        }
        catch (Exception ex) when (ex is not (FileProblemException or OperationCanceledException or OutOfMemoryException or UnauthorizedAccessException)
                                   && (ex is not IOException || ex is EndOfStreamException))
        {
            // SharpZipLib says "Invalid password" (ZipCrypto) or "Invalid password for AES" when the password check fails;
            // a wrong ZipCrypto password that passed the check inflates noise, which fails however it fails.
            throw entry.IsCrypted ? new FileProblemException(SharedText.L[WrongPasswordMessage]) : Damaged();
        }
        if (entry.HasCrc && entry.AESKeySize == 0 && (crc.Value & 0xFFFFFFFF) != (entry.Crc & 0xFFFFFFFF))
            throw entry.IsCrypted ? new FileProblemException(SharedText.L[WrongPasswordMessage]) : Damaged();
        return written;
    }

    private FileProblemException Bomb(string entryName, SpreadsheetLimits limits) => new(
        SharedText.L["The file '{0}' in the zip '{1}' expands to more than an iGOT report can be (the limits are {2} per file, {3} in all, and {4} times the packed size). It may be damaged or malicious: download the zip from iGOT again.",
            entryName, OriginalName, SpreadsheetFile.Megabytes(limits.MaxPartBytes), SpreadsheetFile.Megabytes(limits.MaxInflatedBytes), limits.MaxCompressionRatio.ToString("0", CultureInfo.InvariantCulture)]);

    private static FileProblemException NoIdentifierColumn(string fileName) => new(
        SharedText.L["The enrolment report '{0}' has no Email, Phone_Number or Employee_Id column, so its rows cannot be matched to employees. Upload the report as iGOT gives it (the organisation's user-enrollment-report.csv has them).", fileName]);

    private static FileProblemException NotAReport(string fileName, ISpreadsheet book, CancellationToken ct)
    {
        var firstRow = book.Sheets.Count == 0 ? null : book.Sheets[0].ReadRows(ct).Take(HeaderMatcher.RowsToSearch).FirstOrDefault(r => !r.IsBlank);
        var found = firstRow is null ? SharedText.L["nothing"].Value : string.Join(", ", firstRow.Cells.Select(c => c.Text.Trim()).Where(t => t.Length > 0).Take(30).Select(t => t.Length > 60 ? t[..60] + "…" : t));
        return new FileProblemException(SharedText.L["The file '{0}' is not an iGOT report: its first rows do not name the columns of the enrolment report (Content_Name with Email, Phone_Number or Employee_Id), the user report (User_Registration_Date) or the CB plan report (Name of CBP Allocated Course). Its first row has: {1}.", fileName, found]);
    }

    /// <summary>What a spreadsheet is, by the first of its first 10 rows (in its first sheet that has one) that names known columns.</summary>
    private static IgotReport? Identify(ISpreadsheet book, string fileName, IgotReadOptions options, CancellationToken ct, out bool roster, out bool withoutIdentifier)
    {
        roster = false;
        withoutIdentifier = false;
        IgotReportColumns.HeaderKind? kind = null;
        foreach (var sheet in book.Sheets)
        {
            foreach (var row in sheet.ReadRows(ct).Take(HeaderMatcher.RowsToSearch))
            {
                kind = IgotReportColumns.Classify(row.Cells.Select(c => c.Text));
                if (kind is not null) break;
            }
            if (kind is not null) break;
        }
        switch (kind)
        {
            case IgotReportColumns.HeaderKind.Roster: roster = true; return null;
            case IgotReportColumns.HeaderKind.EnrolmentWithoutIdentifier: withoutIdentifier = true; return null;
            case null: return null;
        }
        var reportKind = kind switch
        {
            IgotReportColumns.HeaderKind.Enrolment => IgotReportKind.Enrolment,
            IgotReportColumns.HeaderKind.User => IgotReportKind.User,
            _ => IgotReportKind.CbPlan,
        };
        var header = HeaderMatcher.Find(book, IgotReportColumns.For(reportKind), fileName, out var rows, ct);
        return new IgotReport(reportKind, fileName, book, header, rows, options.MaxDataRows);
    }

    public void Dispose()
    {
        foreach (var report in _reports) report.Dispose();
        _reports.Clear();
        if (_tempFolder is not null && Directory.Exists(_tempFolder))
        {
            try { Directory.Delete(_tempFolder, recursive: true); }
            catch (IOException) { } // a file still open elsewhere: the temp folder's own cleaning gets it later
            catch (UnauthorizedAccessException) { }
        }
    }
}

/// <summary>One iGOT report found in an upload, ready to be read once, row by row.</summary>
public sealed class IgotReport : IDisposable
{
    private readonly ISpreadsheet _book;
    private readonly IEnumerator<RawRow> _rows;
    private readonly int _maxDataRows;
    private bool _read;

    internal IgotReport(IgotReportKind kind, string fileName, ISpreadsheet book, HeaderMap header, IEnumerator<RawRow> rows, int maxDataRows)
    {
        Kind = kind;
        FileName = fileName;
        _book = book;
        Header = header;
        _rows = rows;
        _maxDataRows = maxDataRows;
    }

    public IgotReportKind Kind { get; }
    /// <summary>The file's name (inside the zip, or as uploaded).</summary>
    public string FileName { get; }
    public HeaderMap Header { get; }
    public IReadOnlyList<string> IgnoredColumns => Header.IgnoredColumns;
    /// <summary>0..1, how much of the file has been read.</summary>
    public double Progress => _book.Progress;

    public IEnumerable<IgotRow<EnrolmentRow>> ReadEnrolments(CancellationToken ct = default) =>
        Read(IgotReportKind.Enrolment, (parser, row) => parser.ParseEnrolment(row), ct);

    public IEnumerable<IgotRow<UserReportRow>> ReadUsers(CancellationToken ct = default) =>
        Read(IgotReportKind.User, (parser, row) => parser.ParseUser(row), ct);

    public IEnumerable<IgotRow<CbPlanRow>> ReadCbPlan(CancellationToken ct = default) =>
        Read(IgotReportKind.CbPlan, (parser, row) => parser.ParseCbPlan(row), ct);

    private IEnumerable<IgotRow<T>> Read<T>(IgotReportKind expected, Func<IgotRowParser, RawRow, IgotRow<T>> parse, CancellationToken ct) where T : class
    {
        if (Kind != expected) throw new InvalidOperationException($"'{FileName}' is the {IgotReportColumns.Describe(Kind)}, not the {IgotReportColumns.Describe(expected)}.");
        if (_read) throw new InvalidOperationException("A report is read once.");
        _read = true;
        return ReadRows(parse, ct);
    }

    private IEnumerable<IgotRow<T>> ReadRows<T>(Func<IgotRowParser, RawRow, IgotRow<T>> parse, CancellationToken ct) where T : class
    {
        var parser = new IgotRowParser(Header, Kind);
        var count = 0;
        while (_rows.MoveNext())
        {
            var row = _rows.Current;
            if (row.IsBlank) continue;
            if (++count > _maxDataRows)
                throw new FileProblemException(SharedText.L["The file '{0}' has more than {1} data rows, the most one upload may hold.", FileName, IndianFormat.Number(_maxDataRows)]);
            if ((count & 1023) == 0) ct.ThrowIfCancellationRequested();
            yield return parse(parser, row);
        }
    }

    public void Dispose()
    {
        _rows.Dispose();
        _book.Dispose();
    }
}
