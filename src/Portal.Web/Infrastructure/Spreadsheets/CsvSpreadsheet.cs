using System.Text;
using Portal.Web.Resources;

namespace Portal.Web.Infrastructure.Spreadsheets;

/// <summary>
/// A comma-separated file in UTF-8 (with or without BOM), RFC 4180 quoting, as one sheet. Fields beyond
/// <see cref="SpreadsheetLimits.MaxColumns"/> are skipped and fields longer than <see cref="SpreadsheetLimits.MaxCellChars"/>
/// cut, as they are read (a line of a hundred million commas, or one quoted field of 200 MB, costs nothing).
/// </summary>
internal sealed class CsvSpreadsheet(string path, string originalName, SpreadsheetLimits limits) : ISpreadsheet, ISheet
{
    private readonly long _length = new FileInfo(path).Length;
    private long _position;

    public IReadOnlyList<ISheet> Sheets => [this];
    public string Name => Path.GetFileNameWithoutExtension(originalName);
    public double Progress => _length == 0 ? 1 : Math.Min(1, (double)Interlocked.Read(ref _position) / _length);

    public IEnumerable<RawRow> ReadRows(CancellationToken ct = default)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        // Strict UTF-8: a file saved as ANSI/Windows-1252 would otherwise turn Hindi and accents into junk silently.
        using var reader = new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true, 1 << 16);
        var fields = new List<string>();
        var field = new FieldText(limits.MaxCellChars);
        var rowNumber = 1;
        var inQuotes = false;
        var fieldWasQuoted = false;
        var lineOfRow = 1;
        var line = 1;

        while (true)
        {
            int c;
            try { c = reader.Read(); }
            catch (DecoderFallbackException)
            {
                throw new FileProblemException(SharedText.L["The file '{0}' is not UTF-8 text (line {1}). In Excel use Save As > \"CSV UTF-8 (Comma delimited)\", or upload the .xlsx.", originalName, line]);
            }
            if (c == -1)
            {
                if (inQuotes) throw new FileProblemException(SharedText.L["The file '{0}' ends inside a quoted field that starts on line {1}: a closing quote (\") is missing.", originalName, lineOfRow]);
                if (field.Length > 0 || fields.Count > 0 || fieldWasQuoted)
                {
                    if (fields.Count < limits.MaxColumns) fields.Add(field.Take());
                    yield return Row(rowNumber, fields);
                }
                Interlocked.Exchange(ref _position, _length);
                yield break;
            }

            var ch = (char)c;
            if (inQuotes)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"') { reader.Read(); field.Append('"'); }
                    else inQuotes = false;
                }
                else
                {
                    if (ch == '\n') line++;
                    field.Append(ch);
                }
                continue;
            }

            switch (ch)
            {
                case '"' when field.Length == 0 && !fieldWasQuoted:
                    inQuotes = true;
                    fieldWasQuoted = true;
                    break;
                case ',':
                    if (fields.Count < limits.MaxColumns) fields.Add(field.Take());
                    else field.Clear();
                    fieldWasQuoted = false;
                    break;
                case '\r':
                    break;
                case '\n':
                    if (fields.Count < limits.MaxColumns) fields.Add(field.Take());
                    else field.Clear();
                    fieldWasQuoted = false;
                    yield return Row(rowNumber, fields);
                    fields.Clear();
                    rowNumber++;
                    line++;
                    lineOfRow = line;
                    if ((rowNumber & 1023) == 0)
                    {
                        ct.ThrowIfCancellationRequested();
                        Interlocked.Exchange(ref _position, stream.Position);
                    }
                    break;
                default:
                    field.Append(ch);
                    break;
            }
        }
    }

    private static RawRow Row(int number, List<string> fields)
    {
        var cells = new RawCell[fields.Count];
        for (var i = 0; i < cells.Length; i++) cells[i] = fields[i].Length == 0 ? RawCell.Empty : new RawCell(CellKind.Text, fields[i]);
        return new RawRow(number, cells);
    }

    /// <summary>
    /// The field being read, cut at the cell limit, and the text of the fields read so far: a report of millions of
    /// rows repeats a few values in most columns (a status, a course, a designation, a date), and each gets one string
    /// instead of one a row (the garbage of a string a cell, collected while an import's other thread writes, held
    /// that thread up). Short values only, and the first few thousand distinct ones.
    /// </summary>
    private sealed class FieldText
    {
        private const int MaxSharedLength = 40;
        private const int MaxShared = 8_192;

        private readonly int _maxChars;
        private char[] _chars = new char[256];
        private readonly Dictionary<string, string> _shared = new(StringComparer.Ordinal);
        /// <summary><see cref="_shared"/> looked up by the field's characters, without a string made to ask.</summary>
        private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

        public FieldText(int maxChars)
        {
            _maxChars = maxChars;
            _lookup = _shared.GetAlternateLookup<ReadOnlySpan<char>>();
        }

        public int Length { get; private set; }

        public void Clear() => Length = 0;

        public void Append(char ch)
        {
            if (Length >= _maxChars) return;
            if (Length == _chars.Length) Array.Resize(ref _chars, Math.Min(_maxChars, _chars.Length * 2));
            _chars[Length++] = ch;
        }

        /// <summary>The field's text; the field is empty again.</summary>
        public string Take()
        {
            var text = _chars.AsSpan(0, Length);
            Length = 0;
            if (text.IsEmpty) return "";
            if (text.Length > MaxSharedLength) return new string(text);
            if (_lookup.TryGetValue(text, out var shared)) return shared;
            var made = new string(text);
            if (_shared.Count < MaxShared) _shared.Add(made, made);
            return made;
        }
    }

    public void Dispose() { }
}
