using Portal.Web.Infrastructure;

namespace Portal.Tests.Infrastructure;

public sealed class IndianFormatTests
{
    [Theory]
    [InlineData(0, "0")]
    [InlineData(999, "999")]
    [InlineData(1_000, "1,000")]
    [InlineData(13_646, "13,646")]
    [InlineData(1_00_000, "1,00,000")]
    [InlineData(12_34_567, "12,34,567")]
    [InlineData(1_45_00_000, "1,45,00,000")]
    [InlineData(-12_345, "-12,345")]
    public void Numbers_use_lakh_and_crore_grouping(long value, string expected) =>
        Assert.Equal(expected, IndianFormat.Number(value));

    [Theory]
    [InlineData(0.8734, "87.3%")]
    [InlineData(1.0, "100.0%")]
    [InlineData(0.0, "0.0%")]
    [InlineData(0.93, "93.0%")]
    public void Rates_are_percentages_with_one_decimal(double rate, string expected) =>
        Assert.Equal(expected, IndianFormat.Percent(rate));

    [Fact]
    public void A_missing_rate_is_a_dash_never_NaN()
    {
        Assert.Equal("—", IndianFormat.Percent(null));
        Assert.Equal("—", IndianFormat.Percent(double.NaN));
    }
}
