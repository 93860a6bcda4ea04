using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Portal.Web.Infrastructure;

namespace Portal.Tests.Features.Localization;

/// <summary>Dates as dd-mm-yyyy in India Standard Time, and figures in Indian grouping with Latin digits, in both languages.</summary>
public sealed class IndianTimeTests
{
    [Fact]
    public void A_UTC_time_reads_in_India_Standard_Time_as_dd_mm_yyyy()
    {
        // 20:00 UTC on 31 March is 01:30 on 1 April in India: the date changes too.
        Assert.Equal("01-04-2026 01:30", IndianTime.DateAndTime(new DateTime(2026, 3, 31, 20, 0, 0, DateTimeKind.Utc)));
        // EF reads SQLite dates back as Unspecified: they are UTC.
        Assert.Equal("01-04-2026 01:30", IndianTime.DateAndTime(new DateTime(2026, 3, 31, 20, 0, 0, DateTimeKind.Unspecified)));
        Assert.Equal("01-04-2026 01:30", IndianTime.DateAndTime(new DateTimeOffset(2026, 3, 31, 20, 0, 0, TimeSpan.Zero)));
        Assert.Equal("05-12-2026", IndianTime.Date(new DateOnly(2026, 12, 5)));
        Assert.Equal("", IndianTime.Date((DateOnly?)null));
    }

    [Fact]
    public void Today_is_the_date_in_India_whatever_the_server_clock_zone()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 19, 0, 0, TimeSpan.Zero));
        clock.SetLocalTimeZone(TimeZoneInfo.Utc);
        Assert.Equal(new DateOnly(2026, 12, 2), IndianTime.Today(clock)); // 00:30 IST
    }

    [Theory]
    [InlineData("en-IN")]
    [InlineData("hi-IN")]
    public void Figures_keep_Latin_digits_and_lakh_grouping_in_either_language(string culture)
    {
        var before = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
            Assert.Equal("12,34,567", IndianFormat.Number(1_234_567));
            Assert.Equal("87.3%", IndianFormat.Percent(0.8734));
            Assert.Equal("1,235", IndianFormat.Hours(1234.6));
            Assert.Equal("05-12-2026 14:30", IndianTime.DateAndTime(new DateTime(2026, 12, 5, 9, 0, 0, DateTimeKind.Utc)));
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = before;
        }
    }
}
