using Portal.Web.Data;

namespace Portal.Tests.Features.Rosters;

/// <summary>Each contract rule: the message a clerk reads, and what (not) reaches the database.</summary>
public sealed class RosterRuleTests : RosterImportTestBase
{
    private async Task<Portal.Web.Features.Rosters.RosterImportResult> One(object?[] row, string[]? headers = null) =>
        await Preview(RosterFiles.Xlsx([row], headers));

    private static object?[] With(int column, object? value)
    {
        var row = RosterFiles.MeerutConstable("R1");
        row[column] = value;
        return row;
    }

    [Theory]
    [InlineData(6, "98765", "Mobile", "Mobile '98765' must have 10 digits.")]
    [InlineData(6, "5876543210", "Mobile", "must start with 6, 7, 8 or 9")]
    [InlineData(7, "ram@@up", "Email", "Email 'ram@@up' is not a valid address.")]
    [InlineData(1, "R4m 2", "Name", "may contain only letters")]
    [InlineData(1, "R", "Name", "must be 2 to 100 characters")]
    [InlineData(0, "AB 12", "Employee Code", "must be 1 to 30 letters, digits")]
    [InlineData(4, "Meeruth", "District", "Unknown district 'Meeruth'. Did you mean Meerut?")]
    [InlineData(3, "Polce", "Department", "Unknown department 'Polce'. Did you mean Police?")]
    [InlineData(2, "Constabel", "Designation", "Unknown designation 'Constabel'. Did you mean Constable?")]
    [InlineData(8, "31-02-2020", "Date of Joining", "is not a date")]
    [InlineData(8, "01-01-2099", "Date of Joining", "is in the future")]
    [InlineData(4, "", "District", "District is empty.")]
    public async Task A_bad_cell_rejects_its_row_with_a_message_naming_column_and_value(int column, string value, string header, string message)
    {
        var result = await One(With(column, value));

        Assert.Equal(1, result.Rejected);
        Assert.Equal(0, result.New);
        var error = Assert.Single(result.Errors);
        Assert.Equal(2, error.Row); // row 1 is the header, as the clerk sees it in Excel
        Assert.Equal(header, error.Column);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public async Task Every_error_of_a_row_is_reported_not_just_the_first()
    {
        var row = RosterFiles.MeerutConstable("R1", mobile: "123");
        row[7] = "not-an-email";
        row[4] = "Nowhere";

        var result = await One(row);

        Assert.Equal(1, result.Rejected);
        Assert.Equal(3, result.ErrorCount);
        Assert.Equal(["District", "Mobile", "Email"], result.Errors.Select(e => e.Column).Order().ToArray().OrderBy(c => c == "District" ? 0 : c == "Mobile" ? 1 : 2));
    }

    [Theory]
    [InlineData("+91 98765 43210")]
    [InlineData("098765-43210")]
    [InlineData("919876543210")]
    [InlineData("98765 43210")]
    public async Task Mobile_numbers_lose_spaces_dashes_and_prefixes(string mobile)
    {
        var result = await Import(RosterFiles.Xlsx([With(6, mobile)]));
        Assert.Equal(1, result.New);
        Assert.Equal("9876543210", Field("R1", "Mobile"));
    }

    [Theory]
    [InlineData("05-03-2016")]
    [InlineData("05/03/2016")]
    [InlineData("05.03.2016")]
    [InlineData("2016-03-05")]
    public async Task Dates_are_read_as_text_in_the_contract_formats(string text)
    {
        await Import(RosterFiles.Xlsx([With(8, text)]));
        Assert.Equal("2016-03-05", Field("R1", "DateOfJoining"));
    }

    [Fact]
    public async Task Excel_dates_and_numbers_are_read_as_such()
    {
        await Import(RosterFiles.Xlsx([With(8, new DateTime(2016, 3, 5))]));
        Assert.Equal("2016-03-05", Field("R1", "DateOfJoining"));

        // Codes and mobiles typed as numbers: digits, no ".0".
        var row = RosterFiles.MeerutConstable("x", mobile: 9123456789L);
        row[0] = 40012345;
        await Import(RosterFiles.Xlsx([row]));
        Assert.Equal("9123456789", Field("40012345", "Mobile"));
    }

    [Fact]
    public async Task Codes_keep_leading_zeros_when_stored_as_text_and_are_matched_regardless_of_case()
    {
        await Import(RosterFiles.Xlsx([RosterFiles.MeerutConstable("00123"), RosterFiles.MeerutConstable("up/mrt-7")]));
        Assert.NotNull(Field("00123", "Name"));
        Assert.NotNull(Field("UP/MRT-7", "Name"));

        var again = await Preview(RosterFiles.Xlsx([RosterFiles.MeerutConstable("UP/MRT-7")]));
        Assert.Equal(0, again.New);
        Assert.Equal(1, again.Unchanged + again.Updated);
    }

    [Fact]
    public async Task Group_and_status_accept_their_variants()
    {
        var headers = RosterFiles.Headers.Concat(["Group", "Status"]).ToArray();
        var rows = new[]
        {
            RosterFiles.MeerutConstable("G1").Concat(new object?[] { "Group A", "Retired" }).ToArray(),
            RosterFiles.MeerutConstable("G2").Concat(new object?[] { "contractual", "" }).ToArray(),
            RosterFiles.MeerutConstable("G3").Concat(new object?[] { "Z", "Sleeping" }).ToArray(),
        };

        var result = await Import(RosterFiles.Xlsx(rows, headers));

        Assert.Equal(2, result.New);
        Assert.Equal(((int)ServiceGroup.A).ToString(), Field("G1", "\"Group\""));
        Assert.Equal(((int)EmployeeStatus.Retired).ToString(), Field("G1", "Status"));
        Assert.Equal(((int)ServiceGroup.Contractual).ToString(), Field("G2", "\"Group\""));
        Assert.Equal(((int)EmployeeStatus.Active).ToString(), Field("G2", "Status")); // the default
        Assert.Contains(result.Errors, e => e.Column == "Group" && e.Message.Contains("must be A, B, C, D, Contractual or Others"));
        Assert.Contains(result.Errors, e => e.Column == "Status" && e.Message.Contains("must be Active, Inactive, Retired or Transferred"));
    }

    [Fact]
    public async Task A_code_twice_in_the_file_keeps_the_first_and_rejects_the_repeat()
    {
        var result = await Import(RosterFiles.Xlsx([RosterFiles.MeerutConstable("D1", "First One"), RosterFiles.MeerutConstable("D1", "Second One")]));

        Assert.Equal(1, result.New);
        Assert.Equal(1, result.Rejected);
        Assert.Contains("already appears in row 2", Assert.Single(result.Errors).Message);
        Assert.Equal("First One", Field("D1", "Name"));
    }

    [Fact]
    public async Task Aliases_and_hindi_names_resolve_to_the_known_names()
    {
        var row1 = RosterFiles.MeerutConstable("A1"); row1[4] = "Allahabad"; row1[3] = "UP Police"; row1[2] = "Sipahi";
        var row2 = RosterFiles.MeerutConstable("A2"); row2[4] = "मेरठ"; row2[2] = "  constable ";
        var row3 = RosterFiles.MeerutConstable("A3"); row3[4] = "Faizabad";

        var result = await Import(RosterFiles.Xlsx([row1, row2, row3]));

        Assert.Equal(3, result.New);
        Assert.Equal("Prayagraj", Db.Rows("SELECT d.Name FROM Employees e JOIN Districts d ON d.Id = e.DistrictId WHERE EmployeeCode = 'A1'", r => r.GetString(0)).Single());
        Assert.Equal("Meerut", Db.Rows("SELECT d.Name FROM Employees e JOIN Districts d ON d.Id = e.DistrictId WHERE EmployeeCode = 'A2'", r => r.GetString(0)).Single());
        Assert.Equal("Ayodhya", Db.Rows("SELECT d.Name FROM Employees e JOIN Districts d ON d.Id = e.DistrictId WHERE EmployeeCode = 'A3'", r => r.GetString(0)).Single());
    }

    [Fact]
    public async Task A_new_office_is_created_under_its_district_and_department()
    {
        var before = Db.Scalar("SELECT COUNT(*) FROM Offices");
        await Import(RosterFiles.Xlsx([RosterFiles.MeerutConstable("O1"), RosterFiles.MeerutConstable("O2")]));

        Assert.Equal(before + 1, Db.Scalar("SELECT COUNT(*) FROM Offices"));
        Assert.Equal(1, Db.Scalar("""
            SELECT COUNT(*) FROM Offices o JOIN Districts d ON d.Id = o.DistrictId JOIN Departments p ON p.Id = o.DepartmentId
            WHERE o.Name = 'Thana Test, Meerut' AND d.Name = 'Meerut' AND p.Name = 'Police'
            """));
    }
}
