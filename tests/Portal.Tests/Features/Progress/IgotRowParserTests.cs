using Portal.Web.Data;
using Portal.Web.Features.Progress;
using static Portal.Tests.Features.Progress.IgotReportFiles;

namespace Portal.Tests.Features.Progress;

/// <summary>Every value form iGOT (or Excel re-saving its CSV) writes, read from a real file.</summary>
public sealed class IgotRowParserTests : IDisposable
{
    private readonly IgotReportFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static int Column(string header) => Array.IndexOf(EnrolmentHeaders, header);

    /// <summary>The completed row with one column changed, read back.</summary>
    private IgotRow<EnrolmentRow> ReadWith(string header, string value)
    {
        var row = CompletedRow(1);
        row[Column(header)] = value;
        return ReadRows(row).Single();
    }

    private List<IgotRow<EnrolmentRow>> ReadRows(params string[][] rows)
    {
        var path = _files.EnrolmentCsv(rows);
        using var upload = IgotReportFile.Open(path, "user-enrollment-report.csv", null, new IgotReadOptions { TempDirectory = _files.Folder });
        return upload.RequireEnrolment().ReadEnrolments().ToList();
    }

    private static EnrolmentRow Valid(IgotRow<EnrolmentRow> row) =>
        row.Row ?? throw new Xunit.Sdk.XunitException("Row rejected: " + string.Join("; ", row.Errors.Select(e => e.Message)));

    [Fact]
    public void A_completed_row_is_read_whole()
    {
        var row = Valid(ReadRows(CompletedRow(1)).Single());
        Assert.Equal(2, row.RowNumber);
        Assert.Equal("Ram Kumar 1", row.Name);
        Assert.Equal("9876500001", row.Phone);
        Assert.Equal("UP/POL/1", row.EmployeeCode);
        Assert.Equal("Constable", row.Designation);
        Assert.Equal("Uttar Pradesh Police", row.Organisation);
        Assert.Null(row.ContentId);
        Assert.Equal("iGOT", row.Provider);
        Assert.Equal("Course", row.ContentType);
        Assert.Equal(150, row.DurationMinutes);
        Assert.Equal(new DateTime(2025, 4, 1, 10, 15, 0), row.EnrolledOn);
        Assert.Equal(IgotStatus.Completed, row.Status);
        Assert.Equal(EnrolmentStatus.Completed, row.Status.ToEnrolmentStatus());
        Assert.Equal(100m, row.ProgressPercent);
        Assert.True(row.CertificateGenerated);
        Assert.True(row.InLiveCbPlan);
    }

    [Fact]
    public void The_content_id_is_read_when_the_report_has_one()
    {
        var path = _files.Csv(["do_id", .. EnrolmentHeaders], [["do_1137468666262241281756", .. CompletedRow(1)]]);
        using var upload = IgotReportFile.Open(path, "report.csv");
        Assert.Equal("do_1137468666262241281756", Valid(upload.RequireEnrolment().ReadEnrolments().Single()).ContentId);
    }

    [Theory]
    [InlineData("2025-04-01", 2025, 4, 1, 0, 0)]
    [InlineData("2025-04-01 18:30:05", 2025, 4, 1, 18, 30)]
    [InlineData("01/04/2025", 2025, 4, 1, 0, 0)]
    [InlineData("1/4/2025 18:30", 2025, 4, 1, 18, 30)]
    [InlineData(" 2025-04-01 ", 2025, 4, 1, 0, 0)]
    public void Dates_in_every_form_igot_and_excel_write(string value, int y, int m, int d, int h, int min)
    {
        var row = Valid(ReadWith("Completed_On", value));
        Assert.Equal(new DateTime(y, m, d, h, min, 0), new DateTime(row.CompletedOn!.Value.Year, row.CompletedOn.Value.Month, row.CompletedOn.Value.Day, row.CompletedOn.Value.Hour, row.CompletedOn.Value.Minute, 0));
    }

    [Theory]
    [InlineData("Not Available")]
    [InlineData("None")]
    [InlineData("nan")]
    [InlineData("null")]
    [InlineData("NULL")]
    [InlineData("")]
    [InlineData("   ")]
    public void Words_for_no_value_are_no_value(string value)
    {
        var row = Valid(ReadWith("Enrolled_On", value));
        Assert.Null(row.EnrolledOn);
        Assert.Null(Valid(ReadWith("Content_Duration", value)).DurationMinutes);
        Assert.Null(Valid(ReadWith("Content_Provider", value)).Provider);
    }

    [Theory]
    [InlineData("2025-13-01")]
    [InlineData("31/31/2025")]
    [InlineData("yesterday")]
    [InlineData("04-2025")]
    public void An_unreadable_date_is_a_row_error_naming_the_column_and_row(string value)
    {
        var rows = ReadRows(CompletedRow(1), [.. CompletedRow(2).Select((v, i) => i == Column("Completed_On") ? value : v)]);
        Assert.True(rows[0].IsValid);
        var error = Assert.Single(rows[1].Errors);
        Assert.Equal(3, error.Row);
        Assert.Equal("Completed_On", error.Column);
        Assert.Contains($"'{value}' is not a date", error.Message);
        Assert.Null(rows[1].Row);
    }

    [Theory]
    [InlineData("not-enrolled", IgotStatus.NotEnrolled)]
    [InlineData("not-started", IgotStatus.NotStarted)]
    [InlineData("in-progress", IgotStatus.InProgress)]
    [InlineData("completed", IgotStatus.Completed)]
    [InlineData("Not Enrolled", IgotStatus.NotEnrolled)]
    [InlineData("Not Started", IgotStatus.NotStarted)]
    [InlineData("In Progress", IgotStatus.InProgress)]
    [InlineData("Completed", IgotStatus.Completed)]
    [InlineData("0", IgotStatus.NotStarted)]
    [InlineData("1", IgotStatus.InProgress)]
    [InlineData("2", IgotStatus.Completed)]
    public void Statuses_in_every_form(string value, IgotStatus expected) =>
        Assert.Equal(expected, Valid(ReadWith("Status", value)).Status);

    [Fact]
    public void Not_enrolled_has_no_portal_enrolment_status()
    {
        Assert.Null(IgotStatus.NotEnrolled.ToEnrolmentStatus());
        Assert.Equal(EnrolmentStatus.NotStarted, IgotStatus.NotStarted.ToEnrolmentStatus());
        Assert.Equal(EnrolmentStatus.InProgress, IgotStatus.InProgress.ToEnrolmentStatus());
    }

    [Theory]
    [InlineData("done")]
    [InlineData("3")]
    [InlineData("complete")]
    public void An_unreadable_status_is_a_row_error(string value)
    {
        var error = Assert.Single(ReadWith("Status", value).Errors);
        Assert.Equal("Status", error.Column);
        Assert.Contains("is not a status", error.Message);
    }

    [Fact]
    public void Without_a_status_it_follows_from_the_completion_date_and_progress()
    {
        Assert.Equal(IgotStatus.Completed, Valid(ReadWith("Status", "")).Status);
        var inProgress = InProgressRow(2);
        inProgress[Column("Status")] = "";
        var notStarted = InProgressRow(3);
        notStarted[Column("Status")] = "";
        notStarted[Column("Content_Progress_Percentage")] = "0";
        var rows = ReadRows(inProgress, notStarted);
        Assert.Equal(IgotStatus.InProgress, Valid(rows[0]).Status);
        Assert.Equal(IgotStatus.NotStarted, Valid(rows[1]).Status);
    }

    [Theory]
    [InlineData("56:00:00", 3360)]
    [InlineData("02:30:00", 150)]
    [InlineData("00:45:30", 46)]
    [InlineData("120:15:00", 7215)]
    [InlineData("1.5", 90)]
    [InlineData("2", 120)]
    [InlineData("0.25", 15)]
    public void Durations_as_hours_minutes_seconds_or_hours(string value, int minutes) =>
        Assert.Equal(minutes, Valid(ReadWith("Content_Duration", value)).DurationMinutes);

    [Theory]
    [InlineData("two hours")]
    [InlineData("01:75:00")]
    [InlineData("-1")]
    public void An_unreadable_duration_is_a_row_error(string value) =>
        Assert.Contains("is not a duration", Assert.Single(ReadWith("Content_Duration", value).Errors).Message);

    [Theory]
    [InlineData("9876543210", "9876543210")]
    [InlineData("+91 98765 43210", "9876543210")]
    [InlineData("+91-9876543210", "9876543210")]
    [InlineData("919876543210", "9876543210")]
    [InlineData("09876543210", "9876543210")]
    [InlineData("98765-43210", "9876543210")]
    [InlineData("12345", null)]
    [InlineData("******3210", null)]
    public void Phones_are_ten_digits_or_nothing(string value, string? expected) =>
        Assert.Equal(expected, Valid(ReadWith("Phone_Number", value)).Phone);

    [Fact]
    public void Email_is_trimmed_and_lower_case_and_employee_code_upper_case()
    {
        var row = CompletedRow(1);
        row[Column("Email")] = "  Ram.Kumar@UP.Gov.IN ";
        row[Column("Employee_Id")] = " up/pol/9 ";
        var read = Valid(ReadRows(row).Single());
        Assert.Equal("ram.kumar@up.gov.in", read.Email);
        Assert.Equal("UP/POL/9", read.EmployeeCode);
    }

    [Fact]
    public void A_row_with_no_email_phone_or_employee_id_cannot_be_matched()
    {
        var row = CompletedRow(1);
        row[Column("Email")] = "Not Available";
        row[Column("Phone_Number")] = "";
        row[Column("Employee_Id")] = "";
        var error = Assert.Single(ReadRows(row).Single().Errors);
        Assert.Equal("Email", error.Column);
        Assert.Contains("cannot be matched", error.Message);
    }

    [Fact]
    public void A_row_without_a_content_name_is_an_error() =>
        Assert.Contains("Content_Name is empty", Assert.Single(ReadWith("Content_Name", " ").Errors).Message);

    [Theory]
    [InlineData("45.5", 45.5)]
    [InlineData("0", 0)]
    [InlineData("100", 100)]
    [InlineData("66.67%", 66.67)]
    public void Progress_is_a_percentage_with_decimals(string value, double expected) =>
        Assert.Equal((decimal)expected, Valid(ReadWith("Content_Progress_Percentage", value)).ProgressPercent);

    [Theory]
    [InlineData("150")]
    [InlineData("-1")]
    [InlineData("half")]
    public void Progress_outside_0_to_100_is_a_row_error(string value) =>
        Assert.Contains("from 0 to 100", Assert.Single(ReadWith("Content_Progress_Percentage", value).Errors).Message);

    [Theory]
    [InlineData("Yes", "true", true, true)]
    [InlineData("No", "false", false, false)]
    [InlineData("yes", "TRUE", true, true)]
    public void Certificate_and_cb_plan_flags(string certificate, string mandate, bool hasCertificate, bool inPlan)
    {
        var row = CompletedRow(1);
        row[Column("Certificate_Generated")] = certificate;
        row[Column("Live_CBP_Plan_Mandate")] = mandate;
        var read = Valid(ReadRows(row).Single());
        Assert.Equal(hasCertificate, read.CertificateGenerated);
        Assert.Equal(inPlan, read.InLiveCbPlan);
    }

    [Fact]
    public void An_unreadable_flag_is_a_row_error() =>
        Assert.Contains("must be Yes or No", Assert.Single(ReadWith("Certificate_Generated", "maybe").Errors).Message);

    [Fact]
    public void Several_errors_in_a_row_are_all_reported()
    {
        var row = CompletedRow(1);
        row[Column("Status")] = "done";
        row[Column("Enrolled_On")] = "soon";
        row[Column("Content_Progress_Percentage")] = "200";
        Assert.Equal(["Content_Progress_Percentage", "Enrolled_On", "Status"], ReadRows(row).Single().Errors.Select(e => e.Column).Order());
    }

    [Fact]
    public void Blank_rows_are_skipped_and_row_numbers_stay_the_files()
    {
        var path = _files.Write("r.csv", System.Text.Encoding.UTF8.GetBytes(
            CsvText(EnrolmentHeaders, [CompletedRow(1)]) + "\n\"\",\"\"\n" + CsvText(EnrolmentHeaders, [InProgressRow(2)]).Split('\n', 2)[1]));
        using var upload = IgotReportFile.Open(path, "r.csv");
        var rows = upload.RequireEnrolment().ReadEnrolments().ToList();
        Assert.Equal([2, 5], rows.Select(r => r.RowNumber));
    }

    [Fact]
    public void A_user_report_row_gives_the_registration_date()
    {
        var path = _files.Csv(UserHeaders, [UserRow(1, "2024-11-15"), UserRow(2, "15/11/2024"), UserRow(3, "None"), UserRow(4, "someday")], "UserReport.csv");
        using var upload = IgotReportFile.Open(path, "UserReport.csv");
        Assert.Null(upload.Enrolment);
        var rows = upload.User!.ReadUsers().ToList();
        Assert.Equal(new DateOnly(2024, 11, 15), rows[0].Row!.RegisteredOn);
        Assert.Equal("ram.kumar1@up.gov.in", rows[0].Row!.Email);
        Assert.Equal("UP/POL/1", rows[0].Row!.EmployeeCode);
        Assert.Equal("Uttar Pradesh Police", rows[0].Row!.Organisation);
        Assert.Equal(new DateOnly(2024, 11, 15), rows[1].Row!.RegisteredOn);
        Assert.Null(rows[2].Row!.RegisteredOn);
        Assert.Equal("User_Registration_Date", Assert.Single(rows[3].Errors).Column);
    }

    [Fact]
    public void A_cb_plan_row_is_read_whole()
    {
        string[] late = [.. CbPlanRow(2)];
        late[^1] = "2025-07-01";
        string[] notEnrolled = [.. CbPlanRow(3)];
        notEnrolled[7] = "false";
        notEnrolled[9] = "Not Enrolled";
        notEnrolled[11] = "";
        string[] bad = [.. CbPlanRow(4)];
        bad[9] = "Finished";
        var path = _files.Csv(CbPlanHeaders, [CbPlanRow(1), late, notEnrolled, bad], "CBPEnrollmentReport.csv");
        using var upload = IgotReportFile.Open(path, "CBPEnrollmentReport.csv");
        var rows = upload.CbPlan!.ReadCbPlan().ToList();
        var first = rows[0].Row!;
        Assert.Equal("Karmayogi Bharat Orientation", first.CourseName);
        Assert.True(first.IsApar);
        Assert.Equal(new DateOnly(2025, 4, 1), first.AllocatedOn);
        Assert.Equal(IgotStatus.Completed, first.CurrentProgress);
        Assert.Equal(new DateOnly(2025, 6, 30), first.DueDate);
        Assert.Equal(new DateOnly(2025, 6, 30), first.ActualCompletionDate);
        Assert.Equal("UP/POL/1", first.EmployeeCode);
        Assert.Equal("9876500001", first.Phone);
        Assert.True(first.CompletedWithinDueDate);
        Assert.False(rows[1].Row!.CompletedWithinDueDate);
        Assert.Equal(IgotStatus.NotEnrolled, rows[2].Row!.CurrentProgress);
        Assert.False(rows[2].Row!.IsApar);
        Assert.Null(rows[2].Row!.ActualCompletionDate);
        Assert.Equal("Current Progress", Assert.Single(rows[3].Errors).Column);
    }

    [Fact]
    public void A_report_is_read_once_and_as_its_own_kind()
    {
        using var upload = IgotReportFile.Open(_files.EnrolmentCsv(), "r.csv");
        Assert.Throws<InvalidOperationException>(() => upload.RequireEnrolment().ReadUsers());
        _ = upload.RequireEnrolment().ReadEnrolments().ToList();
        Assert.Throws<InvalidOperationException>(() => upload.RequireEnrolment().ReadEnrolments());
    }

    [Theory]
    [InlineData("2025-04-01")]
    [InlineData("2025-04-01 10:22:33")]
    [InlineData("2024-02-29")]
    [InlineData("2025-02-29")]
    [InlineData("2025-13-01")]
    [InlineData("2025-00-10")]
    [InlineData("2025-04-31")]
    [InlineData("2025-04-01 24:00:00")]
    [InlineData("2025-04-01 23:60:00")]
    [InlineData("2025-04-01 23:59:60")]
    [InlineData("2025-4-01 10:22:33")]
    [InlineData("2025/04/01")]
    [InlineData("2025-04-01T10:22:33")]
    [InlineData("0000-01-01")]
    [InlineData("2025-04-0a")]
    [InlineData("2025-04-01 1a:22:33")]
    public void IgotForm_dates_read_as_the_framework_reads_them(string text)
    {
        // The digit-by-digit reading of iGOT's two forms must agree with the format parser it stands in for.
        var format = text.Length == 10 ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm:ss";
        var expected = DateTime.TryParseExact(text, format, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.None, out var parsed);
        Assert.Equal(expected, IgotRowParser.TryIgotForm(text, out var read));
        if (expected) Assert.Equal(parsed, read);
    }
}
