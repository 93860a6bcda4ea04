using Portal.Web.Infrastructure.Spreadsheets;

namespace Portal.Tests.Infrastructure.Spreadsheets;

/// <summary>Both workbooks the portal writes (a shown table, the rejected rows) name their sheet through <see cref="SheetNames.Safe"/>.</summary>
public sealed class SheetNamesTests
{
    [Theory]
    [InlineData("Staff", "Staff")]
    [InlineData("Meerut: Police [2026]", "Meerut  Police  2026")]
    [InlineData("a/b\\c?d*e", "a b c d e")]
    [InlineData("'Quoted'", "Quoted")]
    [InlineData("Bell\u0007here", "Bellhere")]
    [InlineData("Onboarding by district and department", "Onboarding by district and depa")]
    [InlineData("???", "Fallback")]
    [InlineData("", "Fallback")]
    public void Names_are_what_Excel_accepts(string name, string expected)
    {
        var safe = SheetNames.Safe(name, "Fallback");

        Assert.Equal(expected, safe);
        Assert.InRange(safe.Length, 1, 31);
        Assert.DoesNotContain(safe, ch => "[]:*?/\\".Contains(ch));
        Assert.False(safe.StartsWith('\'') || safe.EndsWith('\''));
    }
}
