using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Features.Acr;
using Portal.Web.Features.Courses;
using Portal.Web.Features.Snapshot;
using Portal.Web.Infrastructure;
using static Portal.Tests.Features.Acr.AcrTestData;

namespace Portal.Tests.Features.Acr;

/// <summary>
/// The reports page's verdict index: counted once per year, scope, selection and data version and reused; counted anew
/// after a change of the data (a catalogue edit, a recount) or of the rules; its counts are SQL's, within the reader's scope.
/// </summary>
public sealed class AcrVerdictIndexTests : IAsyncLifetime
{
    private static readonly ReportingYear Y2025 = ReportingYear.Parse("2025-26");

    private TestDatabase _db = null!;
    private ServiceProvider _services = null!;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 20, 6, 0, 0, TimeSpan.Zero));

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CopyOfSmallStateAsync();
        _clock.SetLocalTimeZone(TimeZoneInfo.Utc);
        _services = new ServiceCollection().AddLogging().AddPortalFeatures()
            .AddSingleton<TimeProvider>(_clock).AddSingleton(_db.Factory).BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        _db.Dispose();
    }

    private AcrVerdictIndexCache Cache() => _services.GetRequiredService<AcrVerdictIndexCache>();

    private static Dictionary<string, int> Totals(AcrVerdictIndex index) =>
        index.Counts.Verdicts.Zip(index.Counts.Totals).ToDictionary(x => x.First, x => x.Second);

    private static Dictionary<string, int> SqlTotals(Dictionary<int, Figures> expected) =>
        expected.Values.GroupBy(f => f.Verdict).ToDictionary(g => g.Key, g => g.Count());

    [Fact]
    public async Task An_index_is_counted_once_and_reused_until_the_data_or_the_rules_change()
    {
        var scope = (await UserAsync(_db, DemoUsers.PoliceHr)).Scope;
        var heard = new List<AcrCounting>();
        var first = await Cache().GetAsync(scope, Y2025, AcrSelection.Everyone, AcrGroupBy.District, heard.Add);
        var expected = Expected(_db, Police, Y2025, false, 10);
        Assert.Equal(expected.Count, first.Employees);
        Assert.Equal(SqlTotals(expected), Totals(first).Where(t => t.Value > 0).ToDictionary());
        Assert.Equal(expected.Count, Assert.Single(heard).Total); // the page heard how many there are to count

        // Asked again (as the page is on every paging, filter and search): the same index, nothing counted.
        heard.Clear();
        Assert.Same(first, await Cache().GetAsync(scope, Y2025, AcrSelection.Everyone, AcrGroupBy.District, heard.Add));
        Assert.Empty(heard);
        // Another scope or selection is another index, of its own staff only.
        var health = await Cache().GetAsync((await UserAsync(_db, DemoUsers.HealthHr)).Scope, Y2025, AcrSelection.Everyone, AcrGroupBy.District);
        Assert.NotSame(first, health);
        Assert.Equal(Expected(_db, Health, Y2025, false, 10).Count, health.Employees);

        // The data changes (a catalogue edit marks every district changed): counted anew, and right.
        var admin = await UserAsync(_db, DemoUsers.StateAdmin);
        Assert.Empty(await _services.GetRequiredService<AcrRulesService>().ReopenAsync(admin, Y2025, "to follow the catalogue"));
        var reopened = await Cache().GetAsync(scope, Y2025, AcrSelection.Everyone, AcrGroupBy.District);
        Assert.NotSame(first, reopened);
        var course = (int)_db.Scalar("SELECT Id FROM Courses WHERE IsMandatory = 1 ORDER BY Id LIMIT 1");
        var catalogue = _services.GetRequiredService<CourseCatalogueService>();
        var edit = (await catalogue.GetEditAsync(admin, course))!;
        edit.IsMandatory = false;
        Assert.Empty(await catalogue.SaveAsync(admin, edit));
        var afterEdit = await Cache().GetAsync(scope, Y2025, AcrSelection.Everyone, AcrGroupBy.District);
        Assert.NotSame(reopened, afterEdit);
        Assert.Equal(SqlTotals(Expected(_db, Police, Y2025, false, 10)), Totals(afterEdit).Where(t => t.Value > 0).ToDictionary());

        // A recount of the snapshot (which removes the change marks) is a new version too, never an old one again.
        await _services.GetRequiredService<ComplianceAggregator>().RefreshAsync("test");
        var afterRecount = await Cache().GetAsync(scope, Y2025, AcrSelection.Everyone, AcrGroupBy.District);
        Assert.NotSame(afterEdit, afterRecount);
        Assert.Same(afterRecount, await Cache().GetAsync(scope, Y2025, AcrSelection.Everyone, AcrGroupBy.District));
    }

    [Fact]
    public async Task Readers_asking_at_once_share_one_counting()
    {
        var scope = (await UserAsync(_db, DemoUsers.PoliceHr)).Scope;
        var selection = new AcrSelection(DistrictId: (int)_db.Scalar("SELECT Id FROM Districts WHERE Name = 'Meerut'"));
        var all = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Cache().GetAsync(scope, Y2025, selection, AcrGroupBy.Office)));
        Assert.All(all, index => Assert.Same(all[0], index));
        Assert.Equal(Expected(_db, $"{Police} AND d.Name = 'Meerut'", Y2025, false, 10).Count, all[0].Employees);
    }
}
