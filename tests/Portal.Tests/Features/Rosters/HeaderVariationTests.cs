using Portal.Web.Benchmarks;
namespace Portal.Tests.Features.Rosters;

/// <summary>Real rosters: Hindi headers, titles above, reordered and extra columns, CSV, several sheets.</summary>
public sealed class HeaderVariationTests : RosterImportTestBase
{
    [Fact]
    public async Task Hindi_headers_are_recognised()
    {
        string[] hindi = ["कर्मचारी कोड", "नाम", "पदनाम", "विभाग", "जनपद", "कार्यालय", "मोबाइल नंबर", "ईमेल", "कार्यभार ग्रहण तिथि"];
        var row = RosterFiles.MeerutConstable("H1", "राम कुमार");

        var result = await Import(RosterFiles.Xlsx([row], hindi));

        Assert.Equal(1, result.New);
        Assert.Equal("राम कुमार", Field("H1", "Name"));
    }

    [Fact]
    public async Task Title_rows_above_the_header_are_skipped_and_rows_keep_their_excel_numbers()
    {
        var bad = RosterFiles.MeerutConstable("T2", mobile: "12");
        var result = await Preview(RosterFiles.Xlsx([RosterFiles.MeerutConstable("T1"), bad], titleRows: 3));

        Assert.Equal(1, result.New);
        Assert.Equal(6, Assert.Single(result.Errors).Row); // 3 title rows, header on row 4, data on rows 5 and 6
        Assert.Contains("row 4", result.HeaderLocation);
    }

    [Fact]
    public async Task Columns_in_any_order_with_odd_spellings_and_unknown_extras()
    {
        string[] headers = ["S.No.", "DISTRICT", "emp_code", "Full  Name", "Post", "Dept.", "Remarks", "Mobile (Personal)"];
        object?[] row = [1, "Meerut", "X1", "Sita Devi", "ANM", "Health", "on leave", 9988776655L];

        var result = await Import(RosterFiles.Xlsx([row], headers));

        Assert.Equal(1, result.New);
        Assert.Equal(["S.No.", "Remarks", "Mobile (Personal)"], result.IgnoredColumns);
        Assert.Equal("Sita Devi", Field("X1", "Name"));
    }

    [Fact]
    public async Task The_first_sheet_with_a_header_is_used_and_blank_rows_are_skipped()
    {
        var result = await Import(RosterFiles.Xlsx([RosterFiles.MeerutConstable("S1"), new object?[9], RosterFiles.MeerutConstable("S2")], sheet: "Staff", blankFirstSheet: true));

        Assert.Equal(2, result.RowsRead);
        Assert.Equal(2, result.New);
        Assert.Contains("sheet 'Staff'", result.HeaderLocation);
    }

    [Fact]
    public async Task Values_are_trimmed()
    {
        var row = RosterFiles.MeerutConstable("  W1 ", "  Ravi   Shankar  ");
        row[4] = "  Meerut ";
        row[7] = "  Ravi.Shankar@UP.gov.in ";
        await Import(RosterFiles.Xlsx([row]));
        Assert.Equal("Ravi Shankar", Field("W1", "Name"));
        Assert.Equal("ravi.shankar@up.gov.in", Field("W1", "Email"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Csv_with_or_without_bom_and_quoted_fields(bool bom)
    {
        var csv = "Employee Code,Name,Designation,Department,District,Office,Mobile\r\n" +
                  "C1,\"Anil O'Neil Verma\",Constable,Police,Meerut,\"Thana \"\"Civil Lines\"\", Meerut\",9876543210\r\n" +
                  "C2,गीता सिंह,ANM,Health and Family Welfare,बुलंदशहर,,\r\n";

        var result = await Import(RosterFiles.Csv(csv, bom));

        Assert.True(2 == result.New, string.Join("; ", result.Errors.Select(e => $"{e.Row} {e.Column}: {e.Message}")));
        Assert.Equal("Anil O'Neil Verma", Field("C1", "Name"));
        Assert.Equal("गीता सिंह", Field("C2", "Name"));
        Assert.Equal(1, Db.Scalar("SELECT COUNT(*) FROM Offices WHERE Name = 'Thana \"Civil Lines\", Meerut'"));
    }

    [Fact]
    public async Task A_generated_excel_style_file_with_shared_strings_numbers_and_date_styles_imports_completely()
    {
        var path = RosterFiles.Temp(".xlsx");
        RosterFileGenerator.Write(path, 3_000, seed: 5, firstCode: 900_000);
        var before = Employees();

        var result = await Import(path);

        Assert.Equal(3_000, result.RowsRead);
        Assert.True(3_000 == result.New, string.Join("; ", result.Errors.Take(3).Select(e => $"{e.Row} {e.Column}: {e.Message}")));
        Assert.Equal(0, result.Rejected);
        Assert.Equal(before + 3_000, Employees());
        Assert.Equal(1_500, Db.Scalar("SELECT COUNT(*) FROM Employees WHERE EmployeeCode LIKE 'UP/09%'"));
        Assert.NotNull(Field("900000", "Name")); // a code typed as a number
    }
}
