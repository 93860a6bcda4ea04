using System.IO.Compression;
using System.Text;
using ClosedXML.Excel;

namespace Portal.Tests.Features.Rosters;

/// <summary>Builds roster files the way users make them: any header row, order, sheet, value types.</summary>
public static class RosterFiles
{
    public static readonly string[] Headers = ["Employee Code", "Name", "Designation", "Department", "District", "Office", "Mobile", "Email", "Date of Joining"];

    /// <summary>A valid row of Meerut police (in the Meerut range user's scope).</summary>
    public static object?[] MeerutConstable(string code, string name = "Ram Kumar", object? mobile = null) =>
        [code, name, "Constable", "Police", "Meerut", "Thana Test, Meerut", mobile ?? "9876543210", $"{code.ToLowerInvariant().Replace("/", ".")}@up.gov.in", "01-04-2015"];

    public static string Xlsx(IEnumerable<object?[]> rows, string[]? headers = null, int titleRows = 0, string sheet = "Roster", bool blankFirstSheet = false)
    {
        var path = Temp(".xlsx");
        using var workbook = new XLWorkbook();
        if (blankFirstSheet)
        {
            var notes = workbook.AddWorksheet("Notes");
            notes.Cell(1, 1).SetValue("This workbook holds the roster on the next sheet.");
        }
        var ws = workbook.AddWorksheet(sheet);
        var r = 1;
        for (var t = 0; t < titleRows; t++, r++)
        {
            ws.Cell(r, 1).SetValue<string>(t == 0 ? "Government of Uttar Pradesh — Staff Roster" : $"Title line {t + 1}");
            ws.Range(r, 1, r, 5).Merge();
        }
        var h = headers ?? Headers;
        for (var c = 0; c < h.Length; c++) ws.Cell(r, c + 1).SetValue<string>(h[c]);
        r++;
        foreach (var row in rows)
        {
            for (var c = 0; c < row.Length; c++) Set(ws.Cell(r, c + 1), row[c]);
            r++;
        }
        workbook.SaveAs(path);
        return path;
    }

    private static void Set(IXLCell cell, object? value)
    {
        switch (value)
        {
            case null: break;
            case string s: cell.SetValue<string>(s); break;
            case DateTime d: cell.SetValue(d); cell.Style.DateFormat.Format = "dd-mm-yyyy"; break;
            case int i: cell.SetValue(i); break;
            case long l: cell.SetValue(l); break;
            case double x: cell.SetValue(x); break;
            default: cell.SetValue<string>(value.ToString()!); break;
        }
    }

    public static string Csv(string content, bool bom = true)
    {
        var path = Temp(".csv");
        File.WriteAllText(path, content, new UTF8Encoding(bom));
        return path;
    }

    public static string Bytes(byte[] content, string extension)
    {
        var path = Temp(extension);
        File.WriteAllBytes(path, content);
        return path;
    }

    /// <summary>A tiny .xlsx whose sheet inflates to tens of megabytes of nothing.</summary>
    public static string ZipBomb()
    {
        var path = Temp(".xlsx");
        var valid = Xlsx([MeerutConstable("B1")]);
        File.Copy(valid, path, overwrite: true);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Update);
        zip.GetEntry("xl/worksheets/sheet1.xml")!.Delete();
        using var stream = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.SmallestSize).Open();
        var block = Encoding.ASCII.GetBytes(new string(' ', 1 << 20));
        stream.Write(Encoding.ASCII.GetBytes("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"));
        for (var i = 0; i < 64; i++) stream.Write(block); // 64 MB of spaces, a few KB compressed
        stream.Write(Encoding.ASCII.GetBytes("</sheetData></worksheet>"));
        return path;
    }

    /// <summary>An OLE compound file header, as both .xls and encrypted .xlsx files start.</summary>
    public static byte[] CompoundFile(bool encrypted)
    {
        var bytes = new byte[4096];
        new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }.CopyTo(bytes, 0);
        var name = Encoding.Unicode.GetBytes(encrypted ? "EncryptedPackage" : "Workbook");
        name.CopyTo(bytes, 1024);
        return bytes;
    }

    public static string Temp(string extension) => Path.Combine(Path.GetTempPath(), $"roster-{Guid.NewGuid():N}{extension}");
}
