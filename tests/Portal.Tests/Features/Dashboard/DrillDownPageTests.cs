using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Portal.Web.Features.Access;
using Portal.Web.Features.Dashboard;
using Portal.Web.Infrastructure;

namespace Portal.Tests.Features.Dashboard;

/// <summary>The dashboard page driven by its URL: drilling by clicking, the breadcrumb, filters and the employee list.</summary>
[Collection(SeededStateCollection.Name)]
public sealed class DrillDownPageTests : PortalBunitContext
{
    public DrillDownPageTests(SeededStateFixture state) : base(state.Database) => SignInAs(DemoUsers.StateAdmin);

    private NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();
    private int Id(string sql) => (int)Db.Scalar(sql);

    private static string Text(IRenderedComponent<Home> page, string testId) => page.Find($"[data-testid='{testId}']").TextContent.Trim();

    [Fact]
    public void Clicking_a_district_then_a_department_drills_down_and_the_breadcrumb_leads_back()
    {
        var meerut = Id("SELECT Id FROM Districts WHERE Name = 'Meerut'");
        var police = Id("SELECT Id FROM Departments WHERE Name = 'Police'");
        var page = Render<Home>();
        page.WaitForElement("[data-testid='row-name'] a");

        page.FindAll("[data-testid='row-name'] a").Single(a => a.TextContent.Trim() == "Meerut").Click();
        Navigation.NavigateTo(page.FindAll("[data-testid='row-name'] a").Single(a => a.TextContent.Trim() == "Meerut").GetAttribute("href")!);

        page.WaitForAssertion(() => Assert.StartsWith("Meerut", Text(page, "view-title")));
        Assert.EndsWith($"/?district={meerut}", Navigation.Uri);
        Assert.Equal(IndianFormat.Number(Db.Scalar($"SELECT COUNT(*) FROM Employees WHERE Status = 1 AND DistrictId = {meerut}")), Text(page, "workforce"));
        Assert.Contains("Departments (", Text(page, "breakdown-table"));

        Navigation.NavigateTo(page.FindAll("[data-testid='row-name'] a").Single(a => a.TextContent.Trim() == "Police").GetAttribute("href")!);
        page.WaitForAssertion(() => Assert.Contains("Offices (", Text(page, "breakdown-table")));
        Assert.Equal(IndianFormat.Number(Db.Scalar($"SELECT COUNT(*) FROM Employees WHERE Status = 1 AND DistrictId = {meerut} AND DepartmentId = {police}")), Text(page, "workforce"));
        var crumbs = page.FindAll("[data-testid='breadcrumb'] li a, [data-testid='breadcrumb'] li span").Select(e => e.TextContent.Trim()).Where(t => t.Length > 1).ToList();
        Assert.Equal([new StateOptions().Name, "Meerut", "Police"], crumbs);
    }

    [Fact]
    public void Filters_in_the_url_narrow_the_cards_and_rows_and_clearing_them_keeps_the_breakdown()
    {
        Navigation.NavigateTo("/?by=department&group=D");
        var page = Render<Home>();
        page.WaitForElement("[data-testid='row-name']");

        Assert.Equal(IndianFormat.Number(Db.Scalar("SELECT COUNT(*) FROM Employees WHERE Status = 1 AND \"Group\" = 4")), Text(page, "workforce"));
        Assert.Equal(Db.Scalar("SELECT COUNT(DISTINCT DepartmentId) FROM Employees WHERE Status = 1 AND \"Group\" = 4"), page.FindAll("[data-testid='row-name']").Count);

        page.Find("[data-testid='clear-filters']").Click();

        Assert.EndsWith("/?by=department", Navigation.Uri);
        page.WaitForAssertion(() => Assert.Equal(IndianFormat.Number(Db.Scalar("SELECT COUNT(*) FROM Employees WHERE Status = 1")), Text(page, "workforce")));
    }

    [Fact]
    public void A_district_outside_the_users_scope_is_not_found()
    {
        SignInAs(DemoUsers.MeerutRange);
        var lucknow = Id("SELECT Id FROM Districts WHERE Name = 'Lucknow'");
        Navigation.NavigateTo($"/?district={lucknow}");
        var notFound = false;
        Navigation.OnNotFound += (_, _) => notFound = true;

        var page = Render<Home>();

        page.WaitForAssertion(() => Assert.True(notFound));
        Assert.Empty(page.FindAll("[data-testid='row-name']"));
        Assert.DoesNotContain("Lucknow", page.Markup);
    }
}
