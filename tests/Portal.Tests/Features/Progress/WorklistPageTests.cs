using Bunit;
using Microsoft.AspNetCore.Authorization;
using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Features.Progress;

namespace Portal.Tests.Features.Progress;

/// <summary>The /progress/worklist page on a private small state: the list, the link-by-hand panel, and the hand links.</summary>
public sealed class WorklistPageTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private WorklistTestData _data = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CopyOfSmallStateAsync();
        _data = new WorklistTestData(_db);
    }

    public Task DisposeAsync() { _db.Dispose(); return Task.CompletedTask; }

    private sealed class Context : PortalBunitContext
    {
        public Context(TestDatabase db, string login) : base(db) => SignInAs(login);
    }

    private static List<string> Texts<T>(IRenderedComponent<T> page, string testId) where T : Microsoft.AspNetCore.Components.IComponent =>
        page.FindAll($"[data-testid='{testId}']").Select(e => e.TextContent.Trim()).ToList();

    [Fact]
    public void Only_uploaders_may_open_the_page()
    {
        var attribute = typeof(WorklistPage).GetCustomAttributes(typeof(AuthorizeAttribute), true).Cast<AuthorizeAttribute>().Single();
        Assert.Equal(Policies.Uploader, attribute.Policy);
    }

    [Fact]
    public async Task An_empty_worklist_says_what_the_list_is_and_where_it_comes_from()
    {
        await using var ctx = new Context(_db, DemoUsers.MeerutRange);
        var page = ctx.Render<WorklistPage>();
        page.WaitForAssertion(() => Assert.Contains("committed iGOT progress uploads", page.Find("[data-testid='worklist-empty']").TextContent));
        Assert.Empty(page.FindAll("[data-testid='export-worklist']"));
        Assert.NotEmpty(page.FindAll("[data-testid='no-links']"));
    }

    [Fact]
    public async Task A_clerk_links_an_unmatched_user_to_an_employee_found_by_code()
    {
        var range = await _data.User(DemoUsers.MeerutRange);
        var (inside, _) = await _data.EmployeesAsync(range);
        var entry = WorklistTestData.Unmatched("ramesh.k@x.in", completions: 4, name: "Ramesh K", phone: "9876500001");
        await _data.UploadAsync(DemoUsers.MeerutRange, ImportOutcome.Committed, entry, WorklistTestData.Unmatched("other@x.in", completions: 1, name: "Other One"));
        await _data.UploadAsync(DemoUsers.PoliceHr, ImportOutcome.Committed, WorklistTestData.Unmatched("not-mine@x.in", name: "Not Mine"));

        await using var ctx = new Context(_db, DemoUsers.MeerutRange);
        var page = ctx.Render<WorklistPage>();
        page.WaitForAssertion(() => Assert.Equal(["Ramesh K", "Other One"], Texts(page, "worklist-name")));
        Assert.Equal("2 iGOT users", page.Find("[data-testid='worklist-count']").TextContent.Trim());
        Assert.Contains("problem=Unmatched", page.Find("[data-testid='export-worklist']").GetAttribute("href"));

        page.FindAll("[data-testid='link-button']")[0].Click();
        page.WaitForElement("[data-testid='link-panel']");
        Assert.Contains("Link Ramesh K to a roster employee", page.Find("[data-testid='link-panel']").TextContent);
        page.Find("input[data-testid='employee-search'], [data-testid='employee-search'] input").Input(inside[0].EmployeeCode);
        page.Find("[data-testid='employee-search-button']").Click();
        page.WaitForAssertion(() => Assert.Contains(inside[0].Name, Texts(page, "choice-name")));
        page.FindAll("[data-testid='choice-choose']")[0].Click();
        page.WaitForAssertion(() => Assert.Contains(inside[0].EmployeeCode, page.Find("[data-testid='chosen']").TextContent));
        page.Find("[data-testid='confirm-link']").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid='link-panel']")));
        Assert.Equal(inside[0].Id, _db.Scalar($"SELECT EmployeeId FROM IgotUserLinks WHERE UserKey = '{entry.UserKey}'"));
        Assert.Equal(1, _db.Scalar($"SELECT COUNT(*) FROM AuditEntries WHERE Action = '{AuditActions.IgotLink}' AND Actor = '{DemoUsers.MeerutRange}'"));
        page.WaitForAssertion(() => Assert.Equal(["Other One"], Texts(page, "worklist-name")));
        Assert.Equal(["ramesh.k@x.in"], Texts(page, "link-email"));
        Assert.Contains(inside[0].EmployeeCode, page.Find("[data-testid='link-employee']").TextContent);

        // A wrong link is undone from the same page: the user is back on the list.
        page.Find("[data-testid='unlink-button']").Click();
        page.WaitForAssertion(() => Assert.Equal(["Ramesh K", "Other One"], Texts(page, "worklist-name")));
        Assert.Equal(0, _db.Scalar("SELECT COUNT(*) FROM IgotUserLinks"));
    }

    [Fact]
    public async Task The_ambiguous_tab_offers_the_employees_of_the_scope_that_share_the_email()
    {
        var range = await _data.User(DemoUsers.MeerutRange);
        var (inside, outside) = await _data.EmployeesAsync(range);
        _db.Execute($"UPDATE Employees SET Email = 'twice@x.in' WHERE Id IN ({inside[0].Id}, {outside[0].Id})");
        await _data.UploadAsync(DemoUsers.MeerutRange, ImportOutcome.Committed, WorklistTestData.Ambiguous("twice@x.in"));

        await using var ctx = new Context(_db, DemoUsers.MeerutRange);
        var page = ctx.Render<WorklistPage>();
        page.WaitForElement("[data-testid='worklist-empty']");
        page.FindAll(".mud-tab")[1].Click();
        page.WaitForAssertion(() => Assert.Equal(["Shared twice@x.in"], Texts(page, "worklist-name")));

        page.Find("[data-testid='link-button']").Click();
        page.WaitForAssertion(() => Assert.Equal([inside[0].Name], Texts(page, "candidate-name")));
        Assert.DoesNotContain(outside[0].Name, page.Markup);
    }
}
