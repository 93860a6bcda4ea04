using Bunit;
using Portal.Web.Features.Dashboard;
using Portal.Web.Infrastructure;

namespace Portal.Tests.Features.Dashboard;

[Collection(SeededStateCollection.Name)]
public sealed class HomePageTests : PortalBunitContext
{
    private readonly TestDatabase _db;

    public HomePageTests(SeededStateFixture state) : base(state.Database)
    {
        _db = state.Database;
        SignInAs(Portal.Web.Features.Access.DemoUsers.StateAdmin);
    }

    private string Card(IRenderedComponent<Home> page, string testId) =>
        page.Find($"[data-testid='{testId}']").TextContent.Trim();

    [Fact]
    public void Shows_the_state_figures_from_the_database()
    {
        var page = Render<Home>();
        page.WaitForElement("[data-testid='workforce']");

        var workforce = _db.Scalar("SELECT COUNT(*) FROM Employees WHERE Status = 1");
        var onboarded = _db.Scalar("SELECT COUNT(*) FROM Employees WHERE Status = 1 AND OnboardedOn IS NOT NULL");
        var completions = _db.Scalar("SELECT COUNT(*) FROM Enrolments x JOIN Employees e ON e.Id = x.EmployeeId WHERE x.Status = 2 AND e.Status = 1");
        var minutes = _db.Scalar("SELECT SUM(x.LearningMinutes) FROM Enrolments x JOIN Employees e ON e.Id = x.EmployeeId WHERE x.Status = 2 AND e.Status = 1");

        Assert.Equal(IndianFormat.Number(workforce), Card(page, "workforce"));
        Assert.Equal(IndianFormat.Number(onboarded), Card(page, "onboarded"));
        Assert.Equal($"{Math.Round(100.0 * onboarded / workforce, 1):0.0}%", Card(page, "onboarding-rate"));
        Assert.Equal(IndianFormat.Number(completions), Card(page, "completions"));
        Assert.Equal(IndianFormat.Number((long)Math.Round(minutes / 60.0, MidpointRounding.AwayFromZero)), Card(page, "learning-hours"));
        // 20,000 employees: the Indian grouping shows as 19,xxx and more than 1 lakh completions as 1,xx,xxx.
        Assert.Matches(@"^\d{1,2},\d{3}$", Card(page, "workforce"));
    }

    [Fact]
    public void Lists_every_district_with_its_workforce()
    {
        var page = Render<Home>();
        page.WaitForElement("[data-testid='row-name']");

        var names = page.FindAll("[data-testid='row-name']").Select(e => e.TextContent.Trim()).ToList();
        Assert.Equal(75, names.Count);

        var rows = page.FindAll("tr").Where(r => r.QuerySelector("[data-testid='row-name']") is not null).ToList();
        var meerut = rows.Single(r => r.QuerySelector("[data-testid='row-name']")!.TextContent.Trim().StartsWith("Meerut "));
        var expected = _db.Scalar("SELECT COUNT(*) FROM Employees e JOIN Districts d ON d.Id = e.DistrictId WHERE d.Name = 'Meerut' AND e.Status = 1");
        Assert.Equal(IndianFormat.Number(expected), meerut.QuerySelector("[data-testid='row-workforce']")!.TextContent.Trim());
    }

    [Fact]
    public void A_range_office_sees_only_its_districts_and_their_police_staff()
    {
        // A fresh context: the state admin's sign-in from the constructor is replaced.
        SignInAs(Portal.Web.Features.Access.DemoUsers.MeerutRange);
        var page = Render<Home>();
        page.WaitForElement("[data-testid='row-name']");

        var names = page.FindAll("[data-testid='row-name']").Select(e => e.TextContent.Trim().Split(' ')[0]).Order().ToList();
        Assert.Equal(["Baghpat", "Bulandshahr", "Hapur", "Meerut"], names);
        var expected = _db.Scalar("""
            SELECT COUNT(*) FROM Employees e JOIN Districts d ON d.Id = e.DistrictId JOIN Departments p ON p.Id = e.DepartmentId
            WHERE d.Name IN ('Meerut', 'Bulandshahr', 'Baghpat', 'Hapur') AND p.Name = 'Police' AND e.Status = 1
            """);
        Assert.Equal(IndianFormat.Number(expected), Card(page, "workforce"));
        Assert.Equal(IndianFormat.Number(4_783 + 5_196 + 1_591 + 2_076), Card(page, "onboarded"));
    }

    [Fact]
    public void Search_narrows_the_district_table()
    {
        var page = Render<Home>();
        page.WaitForElement("[data-testid='row-name']");

        page.Find("input[data-testid='table-search'], [data-testid='table-search'] input").Input("Meerut");

        page.WaitForAssertion(() =>
        {
            var names = page.FindAll("[data-testid='row-name']").Select(e => e.TextContent.Trim()).ToList();
            // The Meerut district itself and the five other districts of Meerut division.
            Assert.Equal(6, names.Count);
            Assert.Contains(names, n => n.StartsWith("Hapur"));
        });
    }
}
