using Microsoft.Extensions.Time.Testing;
using Portal.Web.Data;

namespace Portal.Tests.Features.Acr;

/// <summary>The reporting year: 1 April to 31 March, written "2025-26", at its edges.</summary>
public sealed class ReportingYearTests
{
    [Theory]
    [InlineData(2026, 3, 31, "2025-26")]
    [InlineData(2026, 4, 1, "2026-27")]
    [InlineData(2025, 4, 1, "2025-26")]
    [InlineData(2025, 3, 31, "2024-25")]
    [InlineData(2025, 12, 31, "2025-26")]
    [InlineData(2026, 1, 1, "2025-26")]
    [InlineData(2099, 6, 1, "2099-00")]
    public void A_date_is_in_the_year_from_1_April_to_31_March(int y, int m, int d, string expected)
    {
        var date = new DateOnly(y, m, d);
        var year = ReportingYear.Of(date);
        Assert.Equal(expected, year.ToString());
        Assert.True(year.Contains(date));
        Assert.False(year.Previous.Contains(date));
        Assert.False(year.Next.Contains(date));
        Assert.Equal(year, ReportingYear.Current(date));
    }

    [Fact]
    public void The_year_starts_on_1_April_and_ends_on_31_March()
    {
        var year = ReportingYear.Parse("2025-26");
        Assert.Equal(new DateOnly(2025, 4, 1), year.Start);
        Assert.Equal(new DateOnly(2026, 3, 31), year.End);
        Assert.True(year.Contains(year.Start));
        Assert.True(year.Contains(year.End));
        Assert.False(year.Contains(year.Start.AddDays(-1)));
        Assert.False(year.Contains(year.End.AddDays(1)));
        Assert.Equal(year.End.AddDays(1), year.Next.Start);
        Assert.True(year < year.Next && year.Next > year && year <= year.Next && year >= year.Previous);
    }

    [Theory]
    [InlineData("2025-26", 2025)]
    [InlineData(" 2025-2026 ", 2025)]
    [InlineData("2025 – 26", 2025)]
    [InlineData("2025/26", 2025)]
    [InlineData("1999-00", -1)]
    [InlineData("2099-00", 2099)]
    [InlineData("2025-27", -1)]
    [InlineData("2025-2027", -1)]
    [InlineData("2025", -1)]
    [InlineData("25-26", -1)]
    [InlineData("", -1)]
    [InlineData(null, -1)]
    public void Parses_the_way_years_are_written_and_refuses_the_rest(string? text, int start)
    {
        Assert.Equal(start >= 0, ReportingYear.TryParse(text, out var year));
        if (start >= 0)
        {
            Assert.Equal(start, year.StartYear);
            Assert.Equal(year, ReportingYear.Parse(year.ToString()));
        }
        else if (text is not null) Assert.Throws<FormatException>(() => ReportingYear.Parse(text));
    }

    [Fact]
    public void The_current_year_follows_the_clocks_local_date()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 31, 18, 0, 0, TimeSpan.Zero));
        clock.SetLocalTimeZone(TimeZoneInfo.CreateCustomTimeZone("IST", new TimeSpan(5, 30, 0), "IST", "IST"));
        // 23:30 on 31 March in India: still 2025-26; half an hour later, 2026-27.
        Assert.Equal("2025-26", ReportingYear.Current(clock).ToString());
        clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal("2026-27", ReportingYear.Current(clock).ToString());
    }
}
