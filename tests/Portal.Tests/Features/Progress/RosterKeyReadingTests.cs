using System.Text;
using Microsoft.Data.Sqlite;
using Portal.Web.Data;
using Portal.Web.Data.Providers;
using Portal.Web.Features.Progress;

namespace Portal.Tests.Features.Progress;

/// <summary>The roster's keys read as UTF-8 bytes hash exactly as the report's text does (else a row would match nobody).</summary>
public sealed class RosterKeyReadingTests
{
    public static TheoryData<string> Texts => new()
    {
        "UP-PB-000123", "Ram.Kumar@UP.gov.in", "  ram.kumar@up.gov.in\t", "\u00A0x@y.in", "राम@up.gov.in", "José@example.org",
        "", "   ", "9876543210", " 9876543210 ", "98765", "98765abcde", "\u00A09876543210", "९८७६५४३२१०", "\u001Fa@b.in",
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void Utf8_keys_are_the_text_keys(string text)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        Assert.Equal(RosterIdentityIndex.HashOf(text), RosterIdentityIndex.HashOfUtf8(utf8));
        Assert.Equal(RosterIdentityIndex.HashOfEmail(text), RosterIdentityIndex.HashOfEmailUtf8(utf8));
        Assert.Equal(RosterIdentityIndex.MobileKey(text), RosterIdentityIndex.MobileKeyUtf8(utf8));
    }

    [Fact]
    public void SQLites_own_read_gives_what_ADO_NET_gives()
    {
        var file = Path.Combine(Path.GetTempPath(), $"roster-keys-{Guid.NewGuid():N}.db");
        try
        {
            using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
            connection.Open();
            using (var create = connection.CreateCommand())
            {
                create.CommandText = "CREATE TABLE T (Id INTEGER, Code TEXT, Email TEXT); " +
                                     "INSERT INTO T VALUES (1, 'A-1', 'Ram@UP.gov.in'), (2, 'बी-2', NULL), (3, '', 'josé@example.org');";
                create.ExecuteNonQuery();
            }
            const string sql = "SELECT Id, Code, Email FROM T ORDER BY Id";
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            var viaAdo = Read(new AdoUtf8Rows(command, command.ExecuteReader()));
            var viaSqlite = Read(new SqliteUtf8Rows(connection, sql));
            Assert.Equal(3, viaSqlite.Count);
            Assert.Equal(viaAdo, viaSqlite);
            Assert.Equal((2, "बी-2", ""), viaSqlite[1]);
        }
        finally
        {
            File.Delete(file);
        }

        static List<(int, string, string)> Read(Utf8Rows rows)
        {
            using (rows)
            {
                var read = new List<(int, string, string)>();
                while (rows.Read()) read.Add((rows.GetInt32(0), Encoding.UTF8.GetString(rows.GetUtf8(1)), Encoding.UTF8.GetString(rows.GetUtf8(2))));
                return read;
            }
        }
    }

    [Fact]
    public async Task Every_roster_key_finds_its_holders_and_keys_nobody_holds_find_nobody()
    {
        using var state = await TestDatabase.CopyOfSmallStateAsync();
        // A few keys shared, so that some slices of the index's directory hold runs of equal keys.
        state.Execute("UPDATE Employees SET Email = 'shared@up.gov.in', Mobile = '9000000001' WHERE Id IN (SELECT Id FROM Employees ORDER BY Id LIMIT 3)");
        await using var db = await state.Factory.CreateUnscopedDbContextAsync();
        var index = await RosterIdentityIndex.LoadAsync(db, DataScope.WholeState, CancellationToken.None);
        var roster = state.Rows("SELECT Id, EmployeeCode, COALESCE(Email, ''), COALESCE(Mobile, '') FROM Employees ORDER BY Id",
            r => (Id: r.GetInt32(0), Code: r.GetString(1), Email: r.GetString(2), Mobile: r.GetString(3)));
        var emailHolders = roster.Where(e => e.Email != "").GroupBy(e => e.Email.Trim().ToLowerInvariant()).ToDictionary(g => g.Key, g => g.Count());
        var mobileHolders = roster.Where(e => RosterIdentityIndex.MobileKey(e.Mobile) is not null).GroupBy(e => e.Mobile.Trim()).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(roster.Count > 1_000, "a roster of thousands");
        Assert.Equal(3, emailHolders["shared@up.gov.in"]);

        var checkedEmails = 0;
        var checkedMobiles = 0;
        foreach (var employee in roster)
        {
            var byCode = index.Match(employee.Code, null, null, () => "");
            Assert.Equal(MatchMethod.EmployeeCode, byCode.Method);
            Assert.Equal(employee.Id, index.IdOf(byCode.Employee));
            if (employee.Email != "")
            {
                var byEmail = index.Match(null, employee.Email, null, () => "");
                if (emailHolders[employee.Email.Trim().ToLowerInvariant()] == 1) Assert.Equal(employee.Id, index.IdOf(byEmail.Employee));
                else Assert.True(byEmail.Method is MatchMethod.Ambiguous or MatchMethod.Email, $"{byEmail.Method}");
                checkedEmails++;
            }
            if (mobileHolders.TryGetValue(employee.Mobile.Trim(), out var holders))
            {
                var byMobile = index.Match(null, null, employee.Mobile, () => "");
                if (holders == 1) Assert.Equal(employee.Id, index.IdOf(byMobile.Employee));
                else Assert.NotEqual(MatchMethod.Unmatched, byMobile.Method);
                checkedMobiles++;
            }
        }
        Assert.True(checkedEmails > 500 && checkedMobiles > 1_000, $"{checkedEmails} e-mails and {checkedMobiles} mobiles checked");
        foreach (var stranger in new[] { "NOBODY-1", "ZZZZZZZZ", "0", "" })
            Assert.Equal(MatchMethod.Unmatched, index.Match(stranger, stranger + "@nowhere.example", "1234567890", () => "").Method);
        Assert.Equal(MatchMethod.Unmatched, index.Match(null, null, "6000000000", () => "").Method);
        Assert.Equal(MatchMethod.Unmatched, index.Match(null, null, "9999999999", () => "").Method);
    }
}
