using Portal.Web.Data;
using Portal.Web.Features.DemoData;

namespace Portal.Tests.Features.DemoData;

[Collection(SeededStateCollection.Name)]
public sealed class DemoStateGeneratorTests(SeededStateFixture state)
{
    private TestDatabase Db => state.Database;

    [Fact]
    public void Seeds_the_requested_number_of_employees()
    {
        Assert.Equal(SeededStateFixture.Options.Employees, Db.Scalar("SELECT COUNT(*) FROM Employees"));
    }

    [Theory]
    [InlineData("Meerut", 4_783)]
    [InlineData("Bulandshahr", 5_196)]
    [InlineData("Baghpat", 1_591)]
    [InlineData("Hapur", 2_076)]
    public void Meerut_range_police_registrations_match_the_source(string district, int registered)
    {
        var onboardedPolice = Db.Scalar($"""
            SELECT COUNT(*) FROM Employees e
            JOIN Districts d ON d.Id = e.DistrictId JOIN Departments p ON p.Id = e.DepartmentId
            WHERE d.Name = '{district}' AND p.Name = 'Police' AND e.OnboardedOn IS NOT NULL AND e.Status = {(int)EmployeeStatus.Active}
            """);
        Assert.Equal(registered, onboardedPolice);
    }

    [Fact]
    public void Meerut_police_range_holds_exactly_its_four_districts()
    {
        var districts = Db.Rows("""
            SELECT d.Name FROM DistrictGroupings g
            JOIN DistrictGroupingMembers m ON m.GroupingsId = g.Id JOIN Districts d ON d.Id = m.DistrictsId
            WHERE g.Kind = 'Police Range' AND g.Name = 'Meerut' ORDER BY d.Name
            """, r => r.GetString(0));
        Assert.Equal(["Baghpat", "Bulandshahr", "Hapur", "Meerut"], districts);
        // ... while the Meerut revenue division has six.
        Assert.Equal(6, Db.Scalar("""
            SELECT COUNT(*) FROM DistrictGroupings g JOIN DistrictGroupingMembers m ON m.GroupingsId = g.Id
            WHERE g.Kind = 'Division' AND g.Name = 'Meerut'
            """));
    }

    [Fact]
    public void The_state_has_75_districts_in_18_divisions_and_every_district_is_in_exactly_one_division()
    {
        Assert.Equal(75, Db.Scalar("SELECT COUNT(*) FROM Districts"));
        Assert.Equal(18, Db.Scalar("SELECT COUNT(*) FROM DistrictGroupings WHERE Kind = 'Division'"));
        var divisionsPerDistrict = Db.Rows("""
            SELECT d.Name, (SELECT COUNT(*) FROM DistrictGroupingMembers m JOIN DistrictGroupings g ON g.Id = m.GroupingsId
                            WHERE m.DistrictsId = d.Id AND g.Kind = 'Division') FROM Districts d
            """, r => (Name: r.GetString(0), Divisions: r.GetInt32(1)));
        Assert.All(divisionsPerDistrict, d => Assert.Equal(1, d.Divisions));
    }

    [Fact]
    public void Every_employee_has_a_district_in_exactly_one_division()
    {
        var employeesNotInExactlyOneDivision = Db.Scalar("""
            SELECT COUNT(*) FROM Employees e
            WHERE (SELECT COUNT(*) FROM DistrictGroupingMembers m JOIN DistrictGroupings g ON g.Id = m.GroupingsId
                   WHERE m.DistrictsId = e.DistrictId AND g.Kind = 'Division') <> 1
            """);
        Assert.Equal(0, employeesNotInExactlyOneDivision);
    }

    [Fact]
    public void Commissionerate_cities_are_outside_every_police_range()
    {
        var inRange = Db.Scalar("""
            SELECT COUNT(*) FROM Districts d JOIN DistrictGroupingMembers m ON m.DistrictsId = d.Id
            JOIN DistrictGroupings g ON g.Id = m.GroupingsId
            WHERE g.Kind = 'Police Range' AND d.Name IN ('Lucknow', 'Ghaziabad', 'Gautam Buddh Nagar')
            """);
        Assert.Equal(0, inRange);
    }

    [Fact]
    public void Catalogue_has_the_departments_designations_and_courses_the_states_name()
    {
        Assert.InRange(Db.Scalar("SELECT COUNT(*) FROM Departments"), 38, 45);
        var designations = Db.Rows("SELECT Name FROM Designations", r => r.GetString(0));
        foreach (var name in new[] { "Constable", "Sub-Inspector", "ANM", "ASHA", "Assistant Teacher", "Lekhpal", "Gram Panchayat Adhikari" })
            Assert.Contains(name, designations);
        var mandatory = Db.Rows("SELECT Name FROM Courses WHERE IsMandatory = 1", r => r.GetString(0));
        Assert.Contains(mandatory, n => n.Contains("POSH"));
        Assert.Contains(mandatory, n => n.Contains("Artificial Intelligence"));
        Assert.Contains(mandatory, n => n.Contains("Cyber Security"));
        Assert.Equal(1, Db.Scalar("SELECT COUNT(*) FROM Courses WHERE IsCapacityBuildingProgramme = 1"));
        // Role-based courses apply to some designations only.
        Assert.True(Db.Scalar("SELECT COUNT(DISTINCT ApplicableDesignationsId) FROM CourseDesignations") > 5);
    }

    [Fact]
    public void Field_staff_category_is_set_for_front_line_posts()
    {
        var fieldStaff = Db.Rows($"SELECT Name FROM Designations WHERE Category = {(int)DesignationCategory.FieldStaff}", r => r.GetString(0));
        Assert.Contains("Constable", fieldStaff);
        Assert.Contains("ASHA", fieldStaff);
        Assert.DoesNotContain("Medical Officer", fieldStaff);
    }

    [Fact]
    public void Enrolments_fall_between_2024_and_the_as_of_date_and_completions_have_dates()
    {
        var asOf = SeededStateFixture.Options.AsOf.ToString("yyyy-MM-dd");
        Assert.Equal(0, Db.Scalar($"SELECT COUNT(*) FROM Enrolments WHERE EnrolledOn < '2024-01-01' OR EnrolledOn > '{asOf}'"));
        Assert.Equal(0, Db.Scalar($"SELECT COUNT(*) FROM Enrolments WHERE Status = 2 AND (CompletedOn IS NULL OR CompletedOn > '{asOf}' OR CompletedOn < EnrolledOn)"));
        Assert.Equal(0, Db.Scalar("SELECT COUNT(*) FROM Enrolments WHERE Status <> 2 AND CompletedOn IS NOT NULL"));
        // Only onboarded employees learn on iGOT.
        Assert.Equal(0, Db.Scalar("SELECT COUNT(*) FROM Enrolments x JOIN Employees e ON e.Id = x.EmployeeId WHERE e.OnboardedOn IS NULL"));
        // Completions are spread over 2024, 2025 and 2026.
        var years = Db.Rows("SELECT DISTINCT substr(CompletedOn, 1, 4) FROM Enrolments WHERE CompletedOn IS NOT NULL ORDER BY 1", r => r.GetString(0));
        Assert.Equal(["2024", "2025", "2026"], years);
    }

    [Fact]
    public void Onboarding_rates_differ_across_districts()
    {
        var rates = Db.Rows("""
            SELECT d.Name, AVG(CASE WHEN e.OnboardedOn IS NOT NULL THEN 1.0 ELSE 0.0 END), COUNT(*)
            FROM Employees e JOIN Districts d ON d.Id = e.DistrictId WHERE e.Status = 1 GROUP BY d.Name HAVING COUNT(*) >= 40
            """, r => r.GetDouble(1));
        Assert.True(rates.Max() - rates.Min() > 0.2, $"rates range only {rates.Min():P0}-{rates.Max():P0}");
    }

    [Fact]
    public void Some_people_have_hindi_names()
    {
        var devanagari = Db.Rows("SELECT Name FROM Employees LIMIT 2000", r => r.GetString(0))
            .Count(n => n.Any(c => c is >= '\u0900' and <= '\u097F'));
        Assert.InRange(devanagari, 100, 1000);
        Assert.Equal("मेरठ", Db.Rows("SELECT NameHindi FROM Districts WHERE Name = 'Meerut'", r => r.GetString(0)).Single());
    }

    [Fact]
    public void Employee_codes_are_unique_and_valid_roster_keys()
    {
        Assert.Equal(0, Db.Scalar("SELECT COUNT(*) FROM (SELECT EmployeeCode FROM Employees GROUP BY EmployeeCode HAVING COUNT(*) > 1)"));
        var codes = Db.Rows("SELECT EmployeeCode FROM Employees LIMIT 500", r => r.GetString(0));
        Assert.All(codes, c => Assert.Matches("^[A-Za-z0-9/-]{1,30}$", c));
    }
}

public sealed class DemoStateDeterminismTests
{
    private static readonly string Fingerprint = """
        SELECT (SELECT COUNT(*) FROM Employees) || ':' || (SELECT COUNT(*) FROM Enrolments) || ':' ||
               (SELECT SUM(LENGTH(Name) * Id + DistrictId * 7 + DesignationId * 13 + COALESCE(LENGTH(Mobile), 0)) FROM Employees) || ':' ||
               (SELECT SUM(CourseId * 31 + Status * 17 + LearningMinutes + EmployeeId) FROM Enrolments) || ':' ||
               (SELECT GROUP_CONCAT(EmployeeCode || Name || COALESCE(OnboardedOn, '-'), ',') FROM (SELECT * FROM Employees ORDER BY Id LIMIT 50))
        """;

    private static async Task<string> FingerprintOf(DemoStateOptions options)
    {
        using var db = await TestDatabase.CreateAsync(options);
        return db.Rows(Fingerprint, r => r.GetString(0)).Single();
    }

    [Fact]
    public async Task Same_seed_gives_the_same_state_and_another_seed_a_different_one()
    {
        var options = new DemoStateOptions { Employees = 1_500, Seed = 42 };
        var first = await FingerprintOf(options);
        var second = await FingerprintOf(options);
        var other = await FingerprintOf(options with { Seed = 43 });

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public async Task Small_states_scale_the_Meerut_block_down_and_keep_the_requested_size()
    {
        using var db = await TestDatabase.CreateAsync(new DemoStateOptions { Employees = 2_000, Seed = 1 });
        Assert.Equal(2_000, db.Scalar("SELECT COUNT(*) FROM Employees"));
        var meerutPolice = db.Scalar("""
            SELECT COUNT(*) FROM Employees e JOIN Districts d ON d.Id = e.DistrictId JOIN Departments p ON p.Id = e.DepartmentId
            WHERE d.Name = 'Meerut' AND p.Name = 'Police' AND e.OnboardedOn IS NOT NULL
            """);
        Assert.Equal((long)Math.Round(4_783 * 2_000 / 20_000.0), meerutPolice);
    }

    [Fact]
    public async Task Seeding_a_database_that_already_holds_a_state_is_refused_and_changes_nothing()
    {
        using var db = await TestDatabase.CreateAsync(new DemoStateOptions { Employees = 500 });
        var generator = new DemoStateGenerator(db.Factory, Microsoft.Extensions.Logging.Abstractions.NullLogger<DemoStateGenerator>.Instance);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => generator.SeedAsync(new DemoStateOptions { Employees = 500 }));

        Assert.Contains("already holds a state", error.Message);
        Assert.Equal(500, db.Scalar("SELECT COUNT(*) FROM Employees"));
        Assert.Equal(75, db.Scalar("SELECT COUNT(*) FROM Districts"));
    }
}
