using Microsoft.EntityFrameworkCore;
using Portal.Web.Data;
using Portal.Web.Features.Campaigns;
using Xunit.Abstractions;

namespace Portal.Tests.Features.Campaigns;

/// <summary>
/// The completion-date index holds completions only (an enrolment without a date is one entry fewer to keep up when
/// a report of lakhs of rows goes in), and the campaigns' window query still seeks it and counts what plain SQL counts.
/// </summary>
public sealed class CompletionDateIndexTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_index_holds_dated_enrolments_only_and_a_campaign_window_is_searched_through_it()
    {
        using var state = await TestDatabase.CopyOfSmallStateAsync();
        await using var db = await state.Factory.CreateDbContextAsync(DataScope.WholeState);
        var now = new DateOnly(2026, 11, 20);
        var campaign = new Campaign { Name = "Window", Metric = CampaignMetric.AnyCompletion, WindowStart = now.AddDays(-60), WindowEnd = now, Deadline = now };

        var indexSql = (string)state.Rows("SELECT sql FROM sqlite_master WHERE name = 'IX_Enrolments_CompletedOn'", r => r.GetString(0)).Single();
        var query = CampaignMetrics.Completions(db, db.Employees, campaign, now);
        var plan = await PlanOfAsync(db, query);
        output.WriteLine(indexSql);
        output.WriteLine(plan);

        Assert.EndsWith("WHERE [CompletedOn] IS NOT NULL", indexSql);
        Assert.Contains("USING INDEX IX_Enrolments_CompletedOn", plan);
        var dated = state.Scalar("SELECT COUNT(*) FROM Enrolments WHERE CompletedOn IS NOT NULL");
        var undated = state.Scalar("SELECT COUNT(*) FROM Enrolments WHERE CompletedOn IS NULL");
        Assert.True(dated > 0 && undated > 0, "the small state has enrolments with and without a completion date");
        Assert.Equal(state.Scalar("SELECT COUNT(*) FROM Enrolments INDEXED BY IX_Enrolments_CompletedOn WHERE CompletedOn IS NOT NULL"), dated);
        var expected = state.Scalar(
            $"SELECT COUNT(*) FROM Enrolments x JOIN Employees e ON e.Id = x.EmployeeId WHERE x.Status = {(int)EnrolmentStatus.Completed} " +
            $"AND x.CompletedOn <= '{now:yyyy-MM-dd}' AND x.CompletedOn >= '{campaign.WindowStart:yyyy-MM-dd}'");
        Assert.True(expected > 0, "some completions fall in the window");
        Assert.Equal(expected, await query.CountAsync());
    }

    /// <summary>SQLite's plan for the query, explained with EF's own command and parameters.</summary>
    private static async Task<string> PlanOfAsync<T>(PortalDbContext db, IQueryable<T> query)
    {
        await db.Database.OpenConnectionAsync();
        await using var command = query.CreateDbCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
        await using var reader = await command.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync()) lines.Add(reader.GetString(3));
        return string.Join("\n", lines);
    }
}
