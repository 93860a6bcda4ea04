using ClosedXML.Excel;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Tests.Features.Localization;
using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Features.Dashboard;
using Portal.Web.Features.ReviewPack;
using Portal.Web.Features.Snapshot;
using Portal.Web.Infrastructure;
using Bunit;

namespace Portal.Tests.Features.ReviewPack;

/// <summary>
/// The review pack in the reader's language, on a private small state: Hindi sheets, headings, notes and words for a
/// Hindi reader while the command line's contract columns stay English; English unchanged; and units below the minimum
/// workforce to rank read "not ranked (too few staff)" in the Rank column (sheet and print table), never a number.
/// </summary>
public sealed class ReviewPackHindiTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private ServiceProvider _services = null!;
    private int _minimum;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CopyOfSmallStateAsync();
        await new ComplianceAggregator(_db.Factory, TimeProvider.System, NullLogger<ComplianceAggregator>.Instance).RebuildAsync("test");
        // A minimum that leaves the Meerut range's smallest police district below it and its largest above.
        var workforce = _db.Rows("""
            SELECT COUNT(*) FROM Employees e JOIN Departments p ON p.Id = e.DepartmentId JOIN Districts d ON d.Id = e.DistrictId
            WHERE e.Status = 1 AND p.Name = 'Police' AND d.Name IN ('Meerut', 'Bulandshahr', 'Baghpat', 'Hapur') GROUP BY d.Name ORDER BY 1
            """, r => r.GetInt64(0)).ToList();
        Assert.True(workforce[0] < workforce[^1], "the range's districts need different workforces for this test");
        _minimum = (int)workforce[^1];
        _services = new ServiceCollection().AddLogging().AddPortalFeatures()
            .AddSingleton(_db.Factory)
            .AddSingleton<IPasswordHasher<PortalUser>, PasswordHasher<PortalUser>>()
            .AddTransient<AccessService>()
            .AddSingleton(new DashboardOptions { MinimumWorkforceToRank = _minimum })
            .BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        _db.Dispose();
    }

    private async Task<XLWorkbook> PackAsync(string login)
    {
        var user = (await _services.GetRequiredService<AccessService>().FindByLoginAsync(login))!;
        var output = new MemoryStream();
        Assert.NotNull(await _services.GetRequiredService<ReviewPackService>().WriteAsync(user, new DashboardView(), output));
        output.Position = 0;
        return new XLWorkbook(output);
    }

    private static List<string> Header(IXLWorksheet sheet) => sheet.Row(1).CellsUsed().Select(c => c.GetString()).ToList();

    [Fact]
    public async Task A_Hindi_readers_pack_has_Hindi_sheets_headings_and_notes_but_the_contract_columns_in_English()
    {
        XLWorkbook workbook;
        using (UiLanguage.Hindi()) workbook = await PackAsync(DemoUsers.MeerutRange);
        using var _ = workbook;
        Assert.Equal(["मुख्य आँकड़े", "जनपद", "विभाग", "अभियान", "अपलोड कितने नए हैं"], workbook.Worksheets.Select(w => w.Name));

        var headline = workbook.Worksheet(1);
        Assert.StartsWith("साप्ताहिक समीक्षा पैक: ", headline.Cell(1, 1).GetString());
        Assert.Contains(headline.CellsUsed(), c => c.GetString() == "कार्यबल");

        var places = Header(workbook.Worksheet(2));
        Assert.Contains("District", places);
        Assert.Contains("Workforce", places);
        Assert.Equal("रैंक", places[0]);
        Assert.Contains("पिछले सप्ताह की रैंक", places);
        Assert.DoesNotContain("Rank", places);
        Assert.Contains(workbook.Worksheet(2).CellsUsed(), c => c.GetString().StartsWith("ऑनबोर्डिंग दर के अनुसार रैंक"));

        var departments = Header(workbook.Worksheet(3));
        Assert.Contains("विभाग", departments);
        Assert.Contains("कार्यबल", departments); // only the places sheet's workforce is the contract's

        var freshness = Header(workbook.Worksheet(5));
        Assert.Equal(["District", "Last roster upload", "रोस्टर अपलोड करने वाले"], freshness.Take(3));
        Assert.Contains(workbook.Worksheet(5).CellsUsed(), c => c.GetString() == "कभी अपलोड नहीं — पुराना" || c.GetString().Contains("दिन पहले") || c.GetString() == "आज");
    }

    [Fact]
    public async Task An_English_readers_pack_is_unchanged()
    {
        using var workbook = await PackAsync(DemoUsers.MeerutRange);
        Assert.Equal([ReviewPackWorkbook.HeadlineSheet, "Districts", ReviewPackWorkbook.DepartmentsSheet, ReviewPackWorkbook.CampaignsSheet, ReviewPackWorkbook.FreshnessSheet],
            workbook.Worksheets.Select(w => w.Name));
        Assert.StartsWith("Weekly review pack: ", workbook.Worksheet(1).Cell(1, 1).GetString());
        Assert.Equal("Ranked by district", workbook.Worksheet(1).Cell(2, 1).GetString());
        Assert.Equal("Rank", Header(workbook.Worksheet(2))[0]);
    }

    [Fact]
    public async Task A_unit_below_the_minimum_workforce_reads_not_ranked_in_the_sheet_and_the_print_table_in_the_readers_language()
    {
        using (var workbook = await PackAsync(DemoUsers.MeerutRange))
        {
            var sheet = workbook.Worksheet("Districts");
            var header = Header(sheet);
            int Col(string name) => header.IndexOf(name) + 1;
            var rows = sheet.RowsUsed().Skip(1).Where(r => !r.Cell(Col("District")).IsEmpty() && r.Cell(Col("Workforce")).DataType == XLDataType.Number).ToList();
            var small = rows.Where(r => r.Cell(Col("Workforce")).GetDouble() < _minimum).ToList();
            Assert.NotEmpty(small);
            Assert.All(small, r => Assert.Equal("not ranked (too few staff)", r.Cell(Col("Rank")).GetString()));
            Assert.All(small, r => Assert.True(r.Cell(Col("Rank change since last week")).IsEmpty()));
            Assert.All(rows.Except(small), r => Assert.Equal(XLDataType.Number, r.Cell(Col("Rank")).DataType));
            Assert.Contains(sheet.CellsUsed(), c => c.GetString().StartsWith($"Units with fewer than {IndianFormat.Number(_minimum)} staff are listed after the ranked ones"));
        }
        using (UiLanguage.Hindi())
        using (var workbook = await PackAsync(DemoUsers.MeerutRange))
        {
            var sheet = workbook.Worksheet("जनपद");
            Assert.Contains(sheet.Column(1).CellsUsed(), c => c.GetString() == "रैंक नहीं (बहुत कम कर्मचारी)");
        }
    }
}

/// <summary>The print page's ranked table: a unit below the minimum workforce reads "not ranked (too few staff)", in the reader's language.</summary>
[Collection(SeededStateCollection.Name)]
public sealed class RankedTableNotRankedTests : PortalBunitContext
{
    public RankedTableNotRankedTests(SeededStateFixture state) : base(state.Database)
    {
        // Every district of the Meerut range but the largest is below this minimum.
        var largest = state.Database.Scalar("""
            SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM Employees e JOIN Departments p ON p.Id = e.DepartmentId JOIN Districts d ON d.Id = e.DistrictId
            WHERE e.Status = 1 AND p.Name = 'Police' AND d.Name IN ('Meerut', 'Bulandshahr', 'Baghpat', 'Hapur') GROUP BY d.Name)
            """);
        Services.AddSingleton(new DashboardOptions { MinimumWorkforceToRank = (int)largest });
    }

    private async Task<Breakdown> PlacesAsync()
    {
        var user = (await Services.GetRequiredService<AccessService>().FindByLoginAsync(DemoUsers.MeerutRange))!;
        return (await Services.GetRequiredService<ReviewPackService>().BuildAsync(user, new DashboardView()))!.Places;
    }

    [Fact]
    public async Task A_unit_too_small_to_rank_reads_not_ranked_not_a_number()
    {
        var places = await PlacesAsync();
        Assert.Contains(places.Rows, r => r.TooFewToRank);
        var table = Render<RankedTable>(p => p.Add(x => x.Breakdown, places).Add(x => x.TestId, "pack-places"));
        var ranks = table.FindAll("[data-testid='pack-places-row'] td:first-child").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal(places.Rows.Select(r => r.TooFewToRank ? "not ranked (too few staff)" : r.Rank.ToString()), ranks);
        Assert.Contains("are listed after the ranked ones as \"not ranked (too few staff)\"", table.Markup);

        using (UiLanguage.Hindi())
        {
            var hindi = Render<RankedTable>(p => p.Add(x => x.Breakdown, places).Add(x => x.TestId, "pack-places"));
            Assert.Contains(hindi.FindAll("[data-testid='pack-places-row'] td:first-child"), td => td.TextContent.Trim() == "रैंक नहीं (बहुत कम कर्मचारी)");
        }
    }
}
