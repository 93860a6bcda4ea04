using Bunit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Features.Courses;
using Portal.Web.Infrastructure;

namespace Portal.Tests.Features.Courses;

/// <summary>The /courses page on a private small state: the list in the reader's scope, search, and the StateAdmin's edit.</summary>
public sealed class CoursesPageTests : IAsyncLifetime
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

    private static List<string> Texts<T>(IRenderedComponent<T> page, string testId) where T : Microsoft.AspNetCore.Components.IComponent =>
        page.FindAll($"[data-testid='{testId}']").Select(e => e.TextContent.Trim()).ToList();

    [Fact]
    public void Any_signed_in_reader_may_open_the_page()
    {
        var attribute = typeof(CoursesPage).GetCustomAttributes(typeof(AuthorizeAttribute), true).Cast<AuthorizeAttribute>().Single();
        Assert.Null(attribute.Policy);
    }

    [Fact]
    public async Task A_viewer_sees_every_course_with_the_counts_of_its_scope_and_no_edit_buttons()
    {
        await using var ctx = new Context(_db, DemoUsers.LucknowViewer);
        var page = ctx.Render<CoursesPage>();
        page.WaitForElement("[data-testid='courses-table']");

        Assert.Equal((int)_db.Scalar("SELECT COUNT(*) FROM Courses"), page.FindAll("[data-testid='course-name']").Count);
        Assert.Empty(page.FindAll("[data-testid='edit-course']"));
        Assert.Empty(page.FindAll("[data-testid='course-editor']"));

        var names = Texts(page, "course-name");
        var posh = names.FindIndex(n => n.StartsWith("Prevention of Sexual Harassment", StringComparison.Ordinal));
        var lucknow = "JOIN Employees e ON e.Id = x.EmployeeId JOIN Districts d ON d.Id = e.DistrictId WHERE d.Name = 'Lucknow' AND x.CourseId = (SELECT Id FROM Courses WHERE IgotCourseId = 'do_posh_2023')";
        Assert.Equal(IndianFormat.Number(_db.Scalar($"SELECT COUNT(*) FROM Enrolments x {lucknow}")), Texts(page, "course-enrolments")[posh]);
        Assert.Equal(IndianFormat.Number(_db.Scalar($"SELECT COUNT(*) FROM Enrolments x {lucknow} AND x.Status = 2")), Texts(page, "course-completions")[posh]);
        Assert.Equal("2", Texts(page, "course-hours")[posh]);
        Assert.Equal("Every designation", Texts(page, "course-mandatory")[posh]);
        var cbp = names.FindIndex(n => n.StartsWith("7-Day Capacity Building Programme", StringComparison.Ordinal));
        Assert.Equal("42", Texts(page, "course-hours")[cbp]);
        Assert.Contains("7-day programme", names[cbp]);
    }

    [Fact]
    public async Task The_search_box_filters_by_name_or_provider_and_says_when_nothing_matches()
    {
        await using var ctx = new Context(_db, DemoUsers.MeerutRange);
        var page = ctx.Render<CoursesPage>();
        page.WaitForElement("[data-testid='courses-table']");

        page.Find("input[data-testid='course-search'], [data-testid='course-search'] input").Input("police research");
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid='course-name']").Count));
        Assert.All(Texts(page, "course-provider"), p => Assert.Equal("Bureau of Police Research and Development", p));

        page.Find("input[data-testid='course-search'], [data-testid='course-search'] input").Input("CYBER security");
        page.WaitForAssertion(() => Assert.Equal(["Cyber Security Awareness"], Texts(page, "course-name")));

        page.Find("input[data-testid='course-search'], [data-testid='course-search'] input").Input("no such course");
        page.WaitForAssertion(() => Assert.Equal("No course matches \"no such course\".", page.Find("[data-testid='no-courses']").TextContent.Trim()));
    }

    [Fact]
    public async Task An_empty_catalogue_says_how_courses_arrive()
    {
        _db.Execute("DELETE FROM Campaigns; DELETE FROM Enrolments; DELETE FROM CbPlanAllocations; DELETE FROM AcrIssuedMandatoryCourses; DELETE FROM CourseDesignations; DELETE FROM Courses;");
        await using var ctx = new Context(_db, DemoUsers.StateAdmin);
        var page = ctx.Render<CoursesPage>();
        page.WaitForAssertion(() => Assert.Equal("No courses yet. Courses are added when iGOT progress files are uploaded.",
            page.Find("[data-testid='no-courses']").TextContent.Trim()));
    }

    [Fact]
    public async Task A_state_admin_edits_a_course_on_the_page()
    {
        await using var ctx = new Context(_db, DemoUsers.StateAdmin);
        var page = ctx.Render<CoursesPage>();
        page.WaitForElement("[data-testid='courses-table']");
        var names = Texts(page, "course-name");
        Assert.Equal(names.Count, page.FindAll("[data-testid='edit-course']").Count);

        var rti = names.FindIndex(n => n == "Right to Information Act, 2005");
        page.FindAll("[data-testid='edit-course']")[rti].Click();
        page.WaitForElement("[data-testid='course-editor']");
        Assert.Contains("Right to Information Act, 2005", page.Find("[data-testid='course-editor']").TextContent);

        page.Find("input[data-testid='edit-mandatory'], [data-testid='edit-mandatory'] input").Change(true);
        page.Find("input[data-testid='edit-hours'], [data-testid='edit-hours'] input").Change("3.5");
        page.Find("[data-testid='save-course']").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid='course-editor']")));
        Assert.Equal(1, _db.Scalar("SELECT COUNT(*) FROM Courses WHERE IgotCourseId = 'do_rti_act' AND IsMandatory = 1 AND DurationMinutes = 210"));
        Assert.Equal(1, _db.Scalar($"SELECT COUNT(*) FROM AuditEntries WHERE Action = '{AuditActions.CourseChanged}' AND Actor = '{DemoUsers.StateAdmin}'"));
        page.WaitForAssertion(() =>
        {
            var row = Texts(page, "course-name").FindIndex(n => n == "Right to Information Act, 2005");
            Assert.Equal("Every designation", Texts(page, "course-mandatory")[row]);
            Assert.Equal("3.5", Texts(page, "course-hours")[row]);
        });
    }

    [Fact]
    public async Task Hours_out_of_range_show_the_reason_and_save_nothing()
    {
        await using var ctx = new Context(_db, DemoUsers.StateAdmin);
        var page = ctx.Render<CoursesPage>();
        page.WaitForElement("[data-testid='courses-table']");
        page.FindAll("[data-testid='edit-course']")[0].Click();
        page.WaitForElement("[data-testid='course-editor']");

        page.Find("input[data-testid='edit-hours'], [data-testid='edit-hours'] input").Change("600");
        page.Find("[data-testid='save-course']").Click();

        page.WaitForAssertion(() => Assert.Contains("Hours must be between 0.5 and 500.", page.Find("[data-testid='course-problems']").TextContent));
        Assert.Equal(0, _db.Scalar($"SELECT COUNT(*) FROM AuditEntries WHERE Action = '{AuditActions.CourseChanged}'"));
    }

    [Fact]
    public async Task An_admin_demoted_while_the_page_is_open_is_refused_at_the_edit()
    {
        await using var ctx = new Context(_db, DemoUsers.StateAdmin);
        var page = ctx.Render<CoursesPage>();
        page.WaitForElement("[data-testid='courses-table']");

        _db.Execute($"UPDATE Users SET Role = {(int)PortalRole.Viewer} WHERE LoginName = '{DemoUsers.StateAdmin}'");
        page.FindAll("[data-testid='edit-course']")[0].Click();

        Assert.Empty(page.FindAll("[data-testid='course-editor']"));
    }
}
