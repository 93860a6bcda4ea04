using Bunit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Web.Features.Access;
using Portal.Web.Features.Acr;

namespace Portal.Tests.Features.Acr;

/// <summary>The /reports/rules page on a private small state, on the demo's today (20-11-2026: reporting year 2026-27).</summary>
public sealed class AcrRulesPageTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CopyOfSmallStateAsync();
    public Task DisposeAsync() { _db.Dispose(); return Task.CompletedTask; }

    private sealed class Context : PortalBunitContext
    {
        public Context(TestDatabase db, string login) : base(db)
        {
            Services.AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 11, 20, 6, 0, 0, TimeSpan.Zero)));
            SignInAs(login);
        }
    }

    [Fact]
    public void Only_state_admins_may_open_the_page()
    {
        var attribute = typeof(AcrRulesPage).GetCustomAttributes(typeof(AuthorizeAttribute), true).Cast<AuthorizeAttribute>().Single();
        Assert.Equal(Policies.StateAdmin, attribute.Policy);
    }

    [Fact]
    public async Task A_state_admin_sets_issues_and_reopens_the_current_years_rules()
    {
        await using var ctx = new Context(_db, DemoUsers.StateAdmin);
        var page = ctx.Render<AcrRulesPage>();
        page.WaitForElement("[data-testid='rules-editor']");

        Assert.Equal("Not set: starting from the 2025-26 rules", page.Find("[data-testid='rules-status']").TextContent.Trim());
        Assert.Equal(3, page.FindAll("[data-testid='rules-verdict']").Count);
        Assert.Contains("Fallback", page.FindAll("[data-testid='rules-verdict']")[2].TextContent);
        Assert.Single(page.FindAll("[data-testid='rules-year-row']"));
        Assert.Contains("2025-26", page.Find("[data-testid='rules-year-row']").TextContent);
        Assert.Empty(page.FindAll("[data-testid='rules-issue']")); // not saved yet

        page.Find("input[data-testid='rules-late'], [data-testid='rules-late'] input").Change(true);
        page.Find("[data-testid='rules-save']").Click();
        page.WaitForAssertion(() => Assert.Equal("Draft: not issued", page.Find("[data-testid='rules-status']").TextContent.Trim()));
        Assert.Equal(1, _db.Scalar("SELECT COUNT(*) FROM AcrRuleSets WHERE Year = '2026-27' AND LateCompletionsCount = 1 AND IssuedAt IS NULL"));
        Assert.Equal(1, _db.Scalar($"SELECT COUNT(*) FROM AuditEntries WHERE Action = '{Portal.Web.Data.AuditActions.AcrRulesChanged}' AND Actor = '{DemoUsers.StateAdmin}'"));
        Assert.Equal(2, page.FindAll("[data-testid='rules-year-row']").Count);

        page.Find("[data-testid='rules-issue']").Click();
        page.WaitForAssertion(() => Assert.Equal($"Issued 20-11-2026 by {DemoUsers.StateAdmin}", page.Find("[data-testid='rules-status']").TextContent.Trim()));
        Assert.Empty(page.FindAll("[data-testid='rules-save']"));
        Assert.True(page.Find("input[data-testid='rules-share'], [data-testid='rules-share'] input").HasAttribute("disabled"));

        // Re-opening needs a reason.
        page.Find("[data-testid='rules-reopen']").Click();
        page.WaitForAssertion(() => Assert.Contains("Say why", page.Find("[data-testid='rules-problems']").TextContent));
        page.Find("input[data-testid='rules-reason'], [data-testid='rules-reason'] input").Change("hours to be raised");
        page.Find("[data-testid='rules-reopen']").Click();
        page.WaitForAssertion(() => Assert.Equal("Draft: not issued", page.Find("[data-testid='rules-status']").TextContent.Trim()));
        Assert.Equal(1, _db.Scalar($"SELECT COUNT(*) FROM AuditEntries WHERE Action = '{Portal.Web.Data.AuditActions.AcrRulesReopened}' AND Details LIKE '%hours to be raised'"));
    }

    [Fact]
    public async Task A_rule_that_breaks_the_checks_shows_why_and_saves_nothing()
    {
        await using var ctx = new Context(_db, DemoUsers.StateAdmin);
        var page = ctx.Render<AcrRulesPage>();
        page.WaitForElement("[data-testid='rules-editor']");

        page.Find("input[data-testid='rules-hours'], [data-testid='rules-hours'] input").Change("20");
        page.Find("[data-testid='rules-save']").Click();
        page.WaitForAssertion(() => Assert.Contains("The first verdict (\"Compliant\") must ask at least what the year requires",
            page.Find("[data-testid='rules-problems']").TextContent));
        Assert.Equal(0, _db.Scalar("SELECT COUNT(*) FROM AcrRuleSets WHERE Year = '2026-27'"));
    }
}
