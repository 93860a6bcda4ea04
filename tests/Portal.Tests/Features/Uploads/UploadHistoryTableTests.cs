using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Portal.Web.Data;
using Portal.Web.Features.Uploads;
using Portal.Tests.Features.Localization;

namespace Portal.Tests.Features.Uploads;

/// <summary>The upload history the Rosters, Progress and CB plan pages share: its words in the reader's language, times in IST.</summary>
public sealed class UploadHistoryTableTests : BunitContext, IAsyncLifetime
{
    public UploadHistoryTableTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLocalization();
    }

    public Task InitializeAsync() => Task.CompletedTask;
    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    private static readonly ImportBatch Committed = new()
    {
        Id = 7, Kind = ImportKind.Roster, FileName = "meerut.xlsx", FileSizeBytes = 2_048, Sha256 = "abcdef0123456789abcdef",
        UploadedBy = "range.meerut@up.gov.in", UploadedAt = new DateTime(2026, 11, 20, 20, 0, 0, DateTimeKind.Utc), Outcome = ImportOutcome.Committed,
        RowsRead = 1_23_456, Inserted = 12, Message = "आयात हुआ: 12 नए, 0 अद्यतन, 0 अपरिवर्तित, 0 अस्वीकृत पंक्तियाँ।",
        ErrorWorkbookPath = "/data/imports/7/errors.xlsx",
    };

    private IRenderedComponent<UploadHistoryTable> Render(bool details) => Render<UploadHistoryTable>(p => p
        .Add(t => t.Items, [Committed])
        .Add(t => t.Counts, [new UploadHistoryCount("Rows", b => b.RowsRead), new UploadHistoryCount("New", b => b.Inserted)])
        .Add(t => t.FilesPath, "rosters/uploads")
        .Add(t => t.EmptyText, "None")
        .Add(t => t.ShowFileDetails, details));

    [Fact]
    public void A_Hindi_reader_sees_Hindi_headings_and_outcome_the_time_in_IST_and_the_kinds_counts_in_Indian_grouping()
    {
        using var hindi = UiLanguage.Hindi();
        var table = Render(details: true);

        Assert.Equal("अपलोड इतिहास", table.Find("h2").TextContent);
        Assert.Equal(["#", "कब", "किसके द्वारा", "फ़ाइल", "Rows", "New", "परिणाम"],
            table.FindAll("th").Select(th => th.TextContent.Trim()).Where(t => t.Length > 0 && t != "फ़ाइलें").ToArray());
        var cells = table.FindAll("tbody td").Select(td => td.TextContent.Trim()).ToList();
        Assert.Contains("21-11-2026 01:30", cells);
        Assert.Equal("2 KB · SHA-256 abcdef012345…", table.Find("[data-testid='history-file-details']").TextContent.Trim());
        Assert.Contains("1,23,456", cells);
        Assert.Equal("आयात हो गया", table.Find("[data-testid='history-outcome']").TextContent);
        Assert.Contains(Committed.Message!, table.Markup);
        Assert.Equal("rosters/uploads/7/errors.xlsx", table.Find("a").GetAttribute("href"));
    }

    [Fact]
    public void An_English_reader_sees_English_and_the_file_details_only_where_asked()
    {
        using var english = UiLanguage.English();
        var table = Render(details: false);

        Assert.Equal("Upload history", table.Find("h2").TextContent);
        Assert.Equal("Imported", table.Find("[data-testid='history-outcome']").TextContent);
        Assert.Empty(table.FindAll("[data-testid='history-file-details']"));
    }
}
