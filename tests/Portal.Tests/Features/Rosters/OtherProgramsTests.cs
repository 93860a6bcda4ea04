using Portal.Web.Data;

namespace Portal.Tests.Features.Rosters;

/// <summary>Rosters saved by LibreOffice Calc (from a UTF-8 CSV with Hindi headers and messy values).</summary>
public sealed class OtherProgramsTests : RosterImportTestBase
{
    private static string Fixture(string name)
    {
        // The import folder may move the file; work on a copy.
        var copy = RosterFiles.Temp(Path.GetExtension(name));
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Features", "Rosters", "Files", name), copy);
        return copy;
    }

    [Fact]
    public async Task A_libreoffice_xlsx_imports_with_its_dates_numbers_and_hindi_headers()
    {
        var result = await Import(Fixture("libreoffice-roster.xlsx"));

        Assert.Equal((5, 4, 1), (result.RowsRead, result.New, result.Rejected));
        Assert.Equal(3, result.ErrorCount); // row 5: short mobile, bad email, future date
        Assert.All(result.Errors, e => Assert.Equal(5, e.Row));
        Assert.Equal("2015-04-01", Field("LO0001", "DateOfJoining"));    // typed as text dd-mm-yyyy
        Assert.Equal("2018-06-30", Field("LO0003", "DateOfJoining"));    // a date cell with LibreOffice's own style
        Assert.Equal("2024-10-20", Field("LO0003", "OnboardedOn"));
        Assert.Equal("9876500002", Field("LO0002", "Mobile"));           // "+91 98765 00002"
        Assert.Equal("9876500003", Field("LO0003", "Mobile"));           // "098765-00003"
        Assert.Equal(((int)ServiceGroup.Contractual).ToString(), Field("LO0002", "\"Group\""));
        Assert.Equal("Prayagraj", Db.Rows("SELECT d.Name FROM Employees e JOIN Districts d ON d.Id = e.DistrictId WHERE EmployeeCode = 'LO0002'", r => r.GetString(0)).Single());
        // LibreOffice stored 00123 as the number 123: the code is read as its digits.
        Assert.Equal("O'Brien Singh", Field("123", "Name"));
    }

    [Fact]
    public Task A_libreoffice_xls_is_answered_with_save_as_xlsx() =>
        AssertRejectedAsync(Fixture("libreoffice-roster.xls"), "old Excel 97-2003 workbook (.xls)");

    [Fact]
    public Task An_ods_is_answered_with_how_to_save_it_as_xlsx() =>
        AssertRejectedAsync(Fixture("libreoffice-roster.ods"), "OpenDocument spreadsheet (.ods)");
}
