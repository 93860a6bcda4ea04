using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Features.Progress;
using static Portal.Tests.Features.Progress.WorklistTestData;

namespace Portal.Tests.Features.Progress;

/// <summary>The unmatched worklist and hand links on a private small state (real SQLite), with uploads put in directly.</summary>
public sealed class WorklistServiceTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private WorklistTestData _data = null!;
    private WorklistService _service = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CopyOfSmallStateAsync();
        _data = new WorklistTestData(_db);
        _service = _data.Service();
    }

    public Task DisposeAsync() { _db.Dispose(); return Task.CompletedTask; }

    private static WorklistQuery Unmatched(string? search = null) => new() { Problem = IgotMatchProblem.Unmatched, Search = search, PageSize = 100 };
    private static WorklistQuery AmbiguousOnes() => new() { Problem = IgotMatchProblem.Ambiguous, PageSize = 100 };

    private long Audits(string action) => _db.Scalar($"SELECT COUNT(*) FROM AuditEntries WHERE Action = '{action}'");
    private long Links() => _db.Scalar("SELECT COUNT(*) FROM IgotUserLinks");

    [Fact]
    public async Task Each_user_is_listed_as_its_latest_committed_upload_reported_it_and_uncommitted_uploads_are_ignored()
    {
        await _data.UploadAsync(DemoUsers.StateAdmin, ImportOutcome.Committed,
            WorklistTestData.Unmatched("a@x.in", completions: 1), WorklistTestData.Unmatched("b@x.in", completions: 2), WorklistTestData.Unmatched("d@x.in"));
        var second = await _data.UploadAsync(DemoUsers.StateAdmin, ImportOutcome.Committed,
            WorklistTestData.Unmatched("a@x.in", completions: 5), Ambiguous("d@x.in"));
        await _data.UploadAsync(DemoUsers.StateAdmin, ImportOutcome.Previewed, WorklistTestData.Unmatched("a@x.in", completions: 9), WorklistTestData.Unmatched("c@x.in"));
        await _data.UploadAsync(DemoUsers.StateAdmin, ImportOutcome.Cancelled, WorklistTestData.Unmatched("e@x.in"));
        await _data.UploadAsync(DemoUsers.StateAdmin, ImportOutcome.Failed, WorklistTestData.Unmatched("f@x.in"));
        var admin = await _data.User(DemoUsers.StateAdmin);

        var list = await _service.ListAsync(admin, Unmatched());

        Assert.Equal(2, list.Total);
        Assert.Equal(["a@x.in", "b@x.in"], list.Rows.Select(r => r.Email)); // most completions first
        var a = list.Rows[0];
        Assert.Equal((5, second), (a.Completions, a.BatchId));
        Assert.NotNull(a.FileName);
        // d@x.in was unmatched, then ambiguous in the later upload: it is ambiguous now, and only that.
        var ambiguous = await _service.ListAsync(admin, AmbiguousOnes());
        Assert.Equal(["d@x.in"], ambiguous.Rows.Select(r => r.Email));
        Assert.Contains("2 employees share", ambiguous.Rows[0].ProblemText);
    }

    [Fact]
    public async Task Pages_sort_and_total_count_the_whole_list()
    {
        var users = Enumerable.Range(1, 7).Select(i => WorklistTestData.Unmatched($"u{i}@x.in", completions: i)).ToArray();
        await _data.UploadAsync(DemoUsers.StateAdmin, ImportOutcome.Committed, users[..4]);
        await _data.UploadAsync(DemoUsers.StateAdmin, ImportOutcome.Committed, users[4..]);
        var admin = await _data.User(DemoUsers.StateAdmin);

        var second = await _service.ListAsync(admin, new WorklistQuery { PageSize = 3, Page = 2 });
        Assert.Equal((7, 3), (second.Total, second.Pages));
        Assert.Equal(["u4@x.in", "u3@x.in", "u2@x.in"], second.Rows.Select(r => r.Email));

        var newest = await _service.ListAsync(admin, new WorklistQuery { PageSize = 3, Sort = WorklistSort.Newest });
        Assert.Equal(["u7@x.in", "u6@x.in", "u5@x.in"], newest.Rows.Select(r => r.Email));
    }

    [Fact]
    public async Task Search_looks_in_name_email_phone_and_organisation_in_any_case()
    {
        await _data.UploadAsync(DemoUsers.StateAdmin, ImportOutcome.Committed,
            WorklistTestData.Unmatched("ram.kumar@x.in", name: "Ram Kumar", phone: "9876543210", organisation: "Meerut Police Lines"),
            WorklistTestData.Unmatched("sita@x.in", name: "Sita Devi", phone: "9123456789", organisation: "CHC Sardhana"),
            WorklistTestData.Unmatched("100%_sure@x.in", name: "Odd Name"));
        var admin = await _data.User(DemoUsers.StateAdmin);

        async Task<IEnumerable<string?>> Found(string search) => (await _service.ListAsync(admin, Unmatched(search))).Rows.Select(r => r.Name);

        Assert.Equal(["Ram Kumar"], await Found("ram KUMAR"));
        Assert.Equal(["Sita Devi"], await Found("91234"));
        Assert.Equal(["Ram Kumar"], await Found("police lines"));
        Assert.Equal(["Sita Devi"], await Found("SITA@X"));
        Assert.Equal(["Odd Name"], await Found("100%_"));   // LIKE's wildcards are searched for as text
        Assert.Empty(await Found("nobody-like-this"));
    }

    [Fact]
    public async Task Another_uploaders_users_are_invisible_to_a_range_office_and_visible_to_the_state_admin()
    {
        await _data.UploadAsync(DemoUsers.PoliceHr, ImportOutcome.Committed, WorklistTestData.Unmatched("hr-only@x.in"));
        await _data.UploadAsync(DemoUsers.MeerutRange, ImportOutcome.Committed, WorklistTestData.Unmatched("range-own@x.in"));
        var range = await _data.User(DemoUsers.MeerutRange);
        var admin = await _data.User(DemoUsers.StateAdmin);

        Assert.Equal(["range-own@x.in"], (await _service.ListAsync(range, Unmatched())).Rows.Select(r => r.Email));
        Assert.Equal(["hr-only@x.in", "range-own@x.in"], (await _service.ListAsync(admin, Unmatched())).Rows.Select(r => r.Email).Order());

        // Nor can the range office link what it cannot see: a made-up or foreign key is refused.
        var (inside, _) = await _data.EmployeesAsync(range);
        var outcome = await _service.LinkAsync(range, IgotUserKey.Of("hr-only@x.in", null, null, null), inside[0].Id);
        Assert.False(outcome.Done);
        Assert.Contains("not in your worklist", outcome.Message);
        Assert.Equal(0, Links());
    }

    [Fact]
    public async Task A_link_takes_the_user_off_the_list_is_audited_and_can_be_removed()
    {
        var entry = WorklistTestData.Unmatched("link.me@x.in", name: "Link Me", phone: "+91 98765 43210");
        await _data.UploadAsync(DemoUsers.MeerutRange, ImportOutcome.Committed, entry, WorklistTestData.Unmatched("other@x.in"));
        var range = await _data.User(DemoUsers.MeerutRange);
        var (inside, _) = await _data.EmployeesAsync(range);

        var outcome = await _service.LinkAsync(range, entry.UserKey, inside[0].Id);

        Assert.True(outcome.Done, outcome.Message);
        Assert.Contains("upload the report again", outcome.Message);
        Assert.Equal(["other@x.in"], (await _service.ListAsync(range, Unmatched())).Rows.Select(r => r.Email));
        var stored = _db.Rows("SELECT EmployeeId, Name, Email, Phone, LinkedBy FROM IgotUserLinks",
            r => (r.GetInt32(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4))).Single();
        Assert.Equal((inside[0].Id, "Link Me", "link.me@x.in", "9876543210", DemoUsers.MeerutRange), stored);
        var audit = _db.Rows($"SELECT Actor, Details FROM AuditEntries WHERE Action = '{AuditActions.IgotLink}'", r => (r.GetString(0), r.GetString(1))).Single();
        Assert.Equal(DemoUsers.MeerutRange, audit.Item1);
        Assert.Contains(inside[0].EmployeeCode, audit.Item2);
        Assert.Contains(entry.UserKey, audit.Item2);
        var links = await _service.LinksAsync(range);
        Assert.Equal([(entry.UserKey, inside[0].EmployeeCode)], links.Rows.Select(l => (l.UserKey, l.EmployeeCode)));

        // Relinked to another employee of the scope: one link, replaced, and audited as such.
        var relinked = await _service.LinkAsync(range, entry.UserKey, inside[1].Id);
        Assert.True(relinked.Done, relinked.Message);
        Assert.Equal(inside[1].Id, _db.Scalar("SELECT EmployeeId FROM IgotUserLinks"));
        Assert.Equal(1, Links());
        Assert.Contains("relinked from", _db.Rows($"SELECT Details FROM AuditEntries WHERE Action = '{AuditActions.IgotLink}' ORDER BY Id DESC", r => r.GetString(0)).First());

        var removed = await _service.UnlinkAsync(range, entry.UserKey);
        Assert.True(removed.Done, removed.Message);
        Assert.Equal(0, Links());
        Assert.Equal(1, Audits(AuditActions.IgotUnlink));
        Assert.Equal(2, (await _service.ListAsync(range, Unmatched())).Total); // back on the list
        Assert.False((await _service.UnlinkAsync(range, entry.UserKey)).Done);
    }

    [Fact]
    public async Task A_link_to_an_employee_outside_the_scope_is_refused_and_nothing_is_written()
    {
        var entry = WorklistTestData.Unmatched("far@x.in");
        await _data.UploadAsync(DemoUsers.MeerutRange, ImportOutcome.Committed, entry);
        var range = await _data.User(DemoUsers.MeerutRange);
        var (_, outside) = await _data.EmployeesAsync(range);
        var audits = _db.Scalar("SELECT COUNT(*) FROM AuditEntries");

        var outcome = await _service.LinkAsync(range, entry.UserKey, outside[0].Id);

        Assert.False(outcome.Done);
        Assert.Contains("not in your scope", outcome.Message);
        Assert.DoesNotContain(outside[0].Name, outcome.Message);
        Assert.Equal(0, Links());
        Assert.Equal(audits, _db.Scalar("SELECT COUNT(*) FROM AuditEntries"));
        Assert.Equal(1, (await _service.ListAsync(range, Unmatched())).Total);
    }

    [Fact]
    public async Task A_link_to_an_employee_outside_the_scope_stays_listed_and_cannot_be_changed_or_removed_by_the_range_office()
    {
        var entry = WorklistTestData.Unmatched("theirs@x.in");
        await _data.UploadAsync(DemoUsers.MeerutRange, ImportOutcome.Committed, entry);
        var range = await _data.User(DemoUsers.MeerutRange);
        var (inside, outside) = await _data.EmployeesAsync(range);
        await _data.LinkDirectlyAsync(entry.UserKey, outside[0].Id, DemoUsers.StateAdmin);
        var audits = _db.Scalar("SELECT COUNT(*) FROM AuditEntries");

        // The range office learns nothing of the other employee: its worklist still lists the user, its links list nothing.
        Assert.Equal(1, (await _service.ListAsync(range, Unmatched())).Total);
        Assert.Equal(0, (await _service.LinksAsync(range)).Total);

        var outcome = await _service.LinkAsync(range, entry.UserKey, inside[0].Id);
        Assert.False(outcome.Done);
        Assert.Contains("outside your scope", outcome.Message);
        Assert.DoesNotContain(outside[0].Name, outcome.Message);
        Assert.Equal(outside[0].Id, _db.Scalar("SELECT EmployeeId FROM IgotUserLinks"));
        Assert.False((await _service.UnlinkAsync(range, entry.UserKey)).Done);
        Assert.Equal(1, Links());
        Assert.Equal(audits, _db.Scalar("SELECT COUNT(*) FROM AuditEntries"));

        // The state admin sees the link, and the user off its worklist.
        var admin = await _data.User(DemoUsers.StateAdmin);
        Assert.Equal(0, (await _service.ListAsync(admin, Unmatched())).Total);
        Assert.Equal([outside[0].EmployeeCode], (await _service.LinksAsync(admin)).Rows.Select(l => l.EmployeeCode));
    }

    [Fact]
    public async Task Candidates_of_an_ambiguous_user_are_the_employees_of_the_scope_that_share_its_email_or_mobile()
    {
        var range = await _data.User(DemoUsers.MeerutRange);
        var (inside, outside) = await _data.EmployeesAsync(range);
        _db.Execute($"UPDATE Employees SET Email = 'shared@x.in' WHERE Id IN ({inside[0].Id}, {outside[0].Id})");
        _db.Execute($"UPDATE Employees SET Mobile = '9000000001' WHERE Id IN ({inside[1].Id}, {outside[1].Id})");
        var byEmail = Ambiguous("Shared@X.in");
        var byMobile = Ambiguous("nobody@x.in", phone: "9000000001");
        await _data.UploadAsync(DemoUsers.MeerutRange, ImportOutcome.Committed, byEmail, byMobile);

        Assert.Equal([inside[0].Id], (await _service.CandidatesAsync(range, byEmail.UserKey)).Select(c => c.Id));
        Assert.Equal([inside[1].Id], (await _service.CandidatesAsync(range, byMobile.UserKey)).Select(c => c.Id));
        var admin = await _data.User(DemoUsers.StateAdmin);
        Assert.Equal([inside[0].Id, outside[0].Id], (await _service.CandidatesAsync(admin, byEmail.UserKey)).Select(c => c.Id).Order());
        // Another uploader's entry gives nothing.
        var hr = await _data.User(DemoUsers.PoliceHr);
        Assert.Empty(await _service.CandidatesAsync(hr, byEmail.UserKey));
    }

    [Fact]
    public async Task Employee_search_finds_codes_and_names_in_scope_only()
    {
        var range = await _data.User(DemoUsers.MeerutRange);
        var (inside, outside) = await _data.EmployeesAsync(range);

        var byCode = await _service.SearchEmployeesAsync(range, inside[0].EmployeeCode.ToLowerInvariant());
        Assert.Equal(inside[0].Id, byCode[0].Id);
        Assert.Equal(inside[0].Name, byCode[0].Name);
        Assert.False(string.IsNullOrEmpty(byCode[0].District));

        var prefix = inside[0].EmployeeCode[..^1];
        Assert.All(await _service.SearchEmployeesAsync(range, prefix), c => Assert.True(
            c.EmployeeCode.StartsWith(prefix, StringComparison.Ordinal) || c.Name.Contains(prefix, StringComparison.OrdinalIgnoreCase)));

        var firstName = inside[0].Name.Split(' ')[0];
        var byName = await _service.SearchEmployeesAsync(range, firstName.ToUpperInvariant());
        Assert.Contains(byName, c => c.Id == inside[0].Id);
        Assert.InRange(byName.Count, 1, WorklistService.MaxChoices);

        Assert.Empty(await _service.SearchEmployeesAsync(range, outside[0].EmployeeCode));
        Assert.DoesNotContain(await _service.SearchEmployeesAsync(range, outside[0].Name), c => c.Id == outside[0].Id);
        Assert.Empty(await _service.SearchEmployeesAsync(range, "a"));
    }

    [Fact]
    public async Task Linking_rereads_the_role_from_the_database()
    {
        var entry = WorklistTestData.Unmatched("late@x.in");
        await _data.UploadAsync(DemoUsers.MeerutRange, ImportOutcome.Committed, entry);
        var range = await _data.User(DemoUsers.MeerutRange);
        var (inside, _) = await _data.EmployeesAsync(range);
        _db.Execute($"UPDATE Users SET Role = {(int)PortalRole.Viewer} WHERE LoginName = '{DemoUsers.MeerutRange}'");

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => _service.LinkAsync(range, entry.UserKey, inside[0].Id));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => _service.UnlinkAsync(range, entry.UserKey));
        Assert.Equal(0, Links());
    }
}
