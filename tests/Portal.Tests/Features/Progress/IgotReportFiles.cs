using System.Text;
using ClosedXML.Excel;
using ICSharpCode.SharpZipLib.Zip;

namespace Portal.Tests.Features.Progress;

/// <summary>How iGOT encrypts its report zips: classic ZipCrypto (what it hands out today), or AES-256.</summary>
public enum ZipEncryption { None, ZipCrypto, Aes256 }

/// <summary>
/// Writes iGOT report files as iGOT does: CSV in UTF-8 without BOM, comma-separated, every field quoted, iGOT's
/// header names; and the zip it hands out, encrypted with a 15-character password. Files go to a folder of their own,
/// removed on dispose.
/// </summary>
public sealed class IgotReportFiles : IDisposable
{
    public const string Password = "Xk7#pQ2m@Lw9vRt"; // 15 characters, as iGOT shows beside the download

    public static readonly string[] EnrolmentHeaders =
    [
        "Full_Name", "Email", "Phone_Number", "Employee_Id", "Designation", "MDO_Name", "Content_Name", "Content_Provider", "Content_Type",
        "Content_Duration", "Enrolled_On", "Completed_On", "Status", "Content_Progress_Percentage", "Certificate_Generated", "Live_CBP_Plan_Mandate",
    ];

    public static readonly string[] UserHeaders =
    [
        "Full_Name", "Email", "Phone_Number", "Designation", "MDO_Name", "Employee_Id", "User_Registration_Date", "Profile_Status",
        "Course_Enrolments", "Course_Completions", "Course_Learning_Hours", "Total_Learning_Hours",
    ];

    public static readonly string[] CbPlanHeaders =
    [
        "Name", "Email", "Phone", "EmployeeId", "MDO_Name", "Designation", "Name of CBP Allocated Course", "isapar", "Allocated On",
        "Current Progress", "Due Date of Completion", "Actual Date of Completion",
    ];

    public static readonly string[] RosterHeaders = ["Employee Code", "Name", "Designation", "Department", "District", "Mobile", "Email"];

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "igot-test-files-" + Guid.NewGuid().ToString("N"));

    public IgotReportFiles() => Directory.CreateDirectory(Folder);

    /// <summary>An enrolment row of a completed course; change fields with <c>with</c>-style edits on the array.</summary>
    public static string[] CompletedRow(int i = 1) =>
    [
        $"Ram Kumar {i}", $"ram.kumar{i}@up.gov.in", $"98765{i:00000}", $"UP/POL/{i}", "Constable", "Uttar Pradesh Police",
        "Cyber Security Awareness", "iGOT", "Course", "02:30:00", "2025-04-01 10:15:00", "2025-04-10 18:00:00", "completed", "100", "Yes", "true",
    ];

    public static string[] InProgressRow(int i = 2) =>
    [
        $"Sita Devi {i}", $"sita{i}@up.gov.in", $"+91 98765 {i:00000}", "", "Sub Inspector", "Uttar Pradesh Police",
        "Prevention of Sexual Harassment", "ISTM", "Course", "56:00:00", "2025-05-01", "Not Available", "in-progress", "45.5", "No", "false",
    ];

    /// <summary>
    /// An enrolment row for a given person and course, in <see cref="EnrolmentHeaders"/> order; blanks where iGOT writes
    /// nothing (no code entered, no completion yet).
    /// </summary>
    public static string[] Enrolment(string? code, string? email, string? phone, string course, string status = "completed",
        string enrolled = "2025-04-01 10:15:00", string completed = "2025-04-10 18:00:00", string progress = "100", string duration = "02:30:00",
        string name = "Test User", string provider = "iGOT") =>
    [
        name, email ?? "", phone ?? "", code ?? "", "Constable", "Uttar Pradesh Police", course, provider, "Course", duration,
        enrolled, status == "completed" ? completed : "Not Available", status, progress, status == "completed" ? "Yes" : "No", "false",
    ];

    /// <summary>A user report row for a given person, registered on <paramref name="registered"/>.</summary>
    public static string[] User(string? code, string? email, string? phone, string registered, string name = "Test User") =>
        [name, email ?? "", phone ?? "", "Constable", "Uttar Pradesh Police", code ?? "", registered, "Verified", "1", "1", "2.5", "2.5"];

    public static string[] UserRow(int i = 1, string registered = "2024-11-15") =>
        [$"Ram Kumar {i}", $"Ram.Kumar{i}@UP.gov.in ", $"98765{i:00000}", "Constable", "Uttar Pradesh Police", $"up/pol/{i}", registered, "Verified", "3", "1", "2.5", "4.0"];

    public static string[] CbPlanRow(int i = 1) =>
        [$"Ram Kumar {i}", $"ram.kumar{i}@up.gov.in", $"98765{i:00000}", $"UP/POL/{i}", "Uttar Pradesh Police", "Constable", "Karmayogi Bharat Orientation", "true", "2025-04-01", "Completed", "2025-06-30", "2025-06-30"];

    /// <summary>The CSV text iGOT writes: every field quoted (quotes doubled), LF line ends, UTF-8 without BOM.</summary>
    public static string CsvText(IEnumerable<string> headers, IEnumerable<string[]> rows)
    {
        var text = new StringBuilder();
        text.Append(string.Join(",", headers.Select(Quote))).Append('\n');
        foreach (var row in rows) text.Append(string.Join(",", row.Select(Quote))).Append('\n');
        return text.ToString();
    }

    private static string Quote(string field) => "\"" + field.Replace("\"", "\"\"") + "\"";

    public static byte[] CsvBytes(IEnumerable<string> headers, IEnumerable<string[]> rows) => new UTF8Encoding(false).GetBytes(CsvText(headers, rows));

    public string Csv(IEnumerable<string> headers, IEnumerable<string[]> rows, string name = "user-enrollment-report.csv") =>
        Write(name, CsvBytes(headers, rows));

    public string EnrolmentCsv(params string[][] rows) => Csv(EnrolmentHeaders, rows.Length == 0 ? [CompletedRow(1), InProgressRow(2)] : rows);

    public string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(Folder, Guid.NewGuid().ToString("N")[..8] + "-" + name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>A zip as iGOT hands it out: the given files (name, bytes), encrypted as asked.</summary>
    public string Zip(IEnumerable<(string Name, byte[] Bytes)> files, ZipEncryption encryption = ZipEncryption.ZipCrypto, string password = Password, string name = "Uttar Pradesh Police.zip", int level = 6)
    {
        var path = Path.Combine(Folder, Guid.NewGuid().ToString("N")[..8] + "-" + name);
        using (var output = new ZipOutputStream(File.Create(path)))
        {
            output.SetLevel(level);
            if (encryption != ZipEncryption.None) output.Password = password;
            foreach (var (entryName, bytes) in files)
            {
                var entry = new ZipEntry(entryName) { DateTime = new DateTime(2025, 7, 1, 9, 0, 0), Size = bytes.Length };
                if (encryption == ZipEncryption.Aes256) entry.AESKeySize = 256;
                output.PutNextEntry(entry);
                output.Write(bytes, 0, bytes.Length);
                output.CloseEntry();
            }
        }
        return path;
    }

    /// <summary>The usual iGOT download: the enrolment report and the user report.</summary>
    public string ReportsZip(ZipEncryption encryption = ZipEncryption.ZipCrypto, string enrolmentName = "user-enrollment-report.csv", string userName = "UserReport.csv") =>
        Zip(
        [
            (enrolmentName, CsvBytes(EnrolmentHeaders, [CompletedRow(1), InProgressRow(2)])),
            (userName, CsvBytes(UserHeaders, [UserRow(1), UserRow(2, "Not Available")])),
        ], encryption);

    /// <summary>
    /// A state-sized download, written streaming (sizes and CRCs unknown up front, so the zip carries data descriptors,
    /// as streaming zip writers do): <paramref name="rows"/> enrolment rows of varied people and courses.
    /// </summary>
    public string LargeReportsZip(int rows, ZipEncryption encryption = ZipEncryption.ZipCrypto)
    {
        string[] courses = ["Cyber Security Awareness", "Prevention of Sexual Harassment", "Karmayogi Bharat Orientation", "Ethics in Governance", "Digital Payments", "Disaster Management"];
        string[] statuses = ["completed", "in-progress", "not-started"];
        var path = Path.Combine(Folder, Guid.NewGuid().ToString("N")[..8] + "-All Reports.zip");
        using var output = new ZipOutputStream(File.Create(path));
        output.SetLevel(1); // SharpZipLib's managed deflate is slow at higher levels; the size hardly matters here
        if (encryption != ZipEncryption.None) output.Password = Password;
        var entry = new ZipEntry("user-enrollment-report.csv") { DateTime = new DateTime(2025, 7, 1, 9, 0, 0) };
        if (encryption == ZipEncryption.Aes256) entry.AESKeySize = 256;
        output.PutNextEntry(entry);
        using (var writer = new StreamWriter(output, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" })
        {
            writer.WriteLine(string.Join(",", EnrolmentHeaders.Select(Quote)));
            var random = new Random(rows);
            for (var i = 1; i <= rows; i++)
            {
                var person = i / 3;
                var status = statuses[random.Next(statuses.Length)];
                string[] row =
                [
                    $"Employee {person}", $"employee{person}.{random.Next(1000)}@up.gov.in", $"9{random.Next(100_000_000, 999_999_999)}", random.Next(4) == 0 ? $"UP/{person}" : "",
                    "Constable", "Uttar Pradesh Police", courses[i % courses.Length], "iGOT", "Course", $"{random.Next(1, 60):00}:{random.Next(60):00}:00",
                    $"2025-{random.Next(1, 13):00}-{random.Next(1, 29):00} 10:{random.Next(60):00}:00", status == "completed" ? $"2025-12-{random.Next(1, 29):00}" : "Not Available",
                    status, status == "completed" ? "100" : status == "in-progress" ? $"{random.Next(1, 100)}.{random.Next(10)}" : "0", status == "completed" ? "Yes" : "No", random.Next(2) == 0 ? "true" : "false",
                ];
                writer.WriteLine(string.Join(",", row.Select(Quote)));
            }
        }
        output.CloseEntry();
        return path;
    }

    /// <summary>The table as a user saves it from Excel: text cells, or numbers and dates where Excel would make them.</summary>
    public string Xlsx(IEnumerable<string> headers, IEnumerable<object?[]> rows, string name = "user-enrollment-report.xlsx")
    {
        var path = Path.Combine(Folder, Guid.NewGuid().ToString("N")[..8] + "-" + name);
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet("user-enrollment-report");
        var c = 1;
        foreach (var header in headers) sheet.Cell(1, c++).SetValue(header);
        var r = 2;
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length; i++)
            {
                var cell = sheet.Cell(r, i + 1);
                switch (row[i])
                {
                    case null: break;
                    case string s: cell.SetValue<string>(s); break;
                    case DateTime d: cell.SetValue(d); cell.Style.DateFormat.Format = "dd-mm-yyyy hh:mm"; break;
                    case TimeSpan t: cell.SetValue(t.TotalDays); cell.Style.NumberFormat.NumberFormatId = 46; break; // [h]:mm:ss
                    case long l: cell.SetValue(l); break;
                    case int n: cell.SetValue(n); break;
                    case double x: cell.SetValue(x); break;
                    default: cell.SetValue<string>(row[i]!.ToString()!); break;
                }
            }
            r++;
        }
        workbook.SaveAs(path);
        return path;
    }

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}
