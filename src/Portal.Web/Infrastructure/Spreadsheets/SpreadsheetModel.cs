namespace Portal.Web.Infrastructure.Spreadsheets;

public enum CellKind : byte { Empty, Text, Number, Boolean, Date, Error }

/// <summary>
/// One cell as the uploader stored it. Numbers keep their invariant text ("9876543210", "45292.5");
/// a number with a date style is <see cref="CellKind.Date"/> (still the Excel serial as text).
/// </summary>
public readonly record struct RawCell(CellKind Kind, string Text)
{
    public static readonly RawCell Empty = new(CellKind.Empty, "");
    public bool IsBlank => Kind == CellKind.Empty || string.IsNullOrWhiteSpace(Text);
}

/// <summary>A row with its number as the uploader sees it in Excel (1-based).</summary>
public sealed record RawRow(int RowNumber, RawCell[] Cells)
{
    public RawCell this[int column] => column < Cells.Length ? Cells[column] : RawCell.Empty;
    public bool IsBlank => Cells.All(c => c.IsBlank);
}

/// <summary>A sheet that can be read row by row, once.</summary>
public interface ISheet
{
    string Name { get; }
    IEnumerable<RawRow> ReadRows(CancellationToken ct = default);
}

/// <summary>An opened spreadsheet file: its sheets in workbook order and how far reading has got.</summary>
public interface ISpreadsheet : IDisposable
{
    IReadOnlyList<ISheet> Sheets { get; }
    /// <summary>0..1, how much of the file the readers have consumed (for progress bars).</summary>
    double Progress { get; }
}

/// <summary>A problem with the file as a whole: it can never be imported. The message is for the uploader.</summary>
public sealed class FileProblemException(string message) : Exception(message);

/// <summary>Limits that keep a hostile or broken file from exhausting the server.</summary>
public sealed record SpreadsheetLimits
{
    /// <summary>Largest file accepted, in bytes.</summary>
    public long MaxFileBytes { get; init; } = 200L * 1024 * 1024;
    /// <summary>Largest inflated size of any one part of an .xlsx (a 1,000,000-row sheet is about 150 MB).</summary>
    public long MaxPartBytes { get; init; } = 1024L * 1024 * 1024;
    /// <summary>Largest total inflated size of the parts read.</summary>
    public long MaxInflatedBytes { get; init; } = 1536L * 1024 * 1024;
    /// <summary>Highest inflated/compressed ratio for parts larger than <see cref="RatioCheckFromBytes"/> (zip bombs run to thousands).</summary>
    public double MaxCompressionRatio { get; init; } = 200;
    public long RatioCheckFromBytes { get; init; } = 10L * 1024 * 1024;

    /// <summary>Columns read per row (A..IV); cells further right are skipped without being stored or padded to.</summary>
    public int MaxColumns { get; init; } = 256;
    /// <summary>Longest cell kept, in characters (Excel's own limit); longer text is cut to this length.</summary>
    public int MaxCellChars { get; init; } = 32_767;
    /// <summary>
    /// Longest stretch of an .xlsx part's XML between two '&gt;' (one tag with its attributes, or one text value):
    /// the XML reader holds a whole tag or value in memory at once, so this caps what any single one can cost.
    /// </summary>
    public int MaxXmlTokenBytes { get; init; } = 16 * 1024 * 1024;
    /// <summary>Most entries of the shared-string table (a million-row roster needs about two million).</summary>
    public int MaxSharedStrings { get; init; } = 4_000_000;
    /// <summary>Most text in the shared-string table, as UTF-8 bytes (a million-row roster holds about 60 MB).</summary>
    public long MaxSharedStringBytes { get; init; } = 160L * 1024 * 1024;
    /// <summary>Most entries (files) in an .xlsx package; Excel writes a dozen or two.</summary>
    public int MaxZipEntries { get; init; } = 10_000;
    /// <summary>Most worksheets, relationships per part, cell styles and number formats read.</summary>
    public int MaxSheets { get; init; } = 256;
    public int MaxRelationships { get; init; } = 10_000;
    public int MaxStyles { get; init; } = 65_536;
}
