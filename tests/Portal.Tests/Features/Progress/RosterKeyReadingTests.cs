using System.Text;
using Microsoft.Data.Sqlite;
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
}
