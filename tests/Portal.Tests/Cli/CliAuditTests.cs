using Microsoft.Data.Sqlite;
using Portal.Tests.Features.Rosters;
using Portal.Web.Cli;
using Portal.Web.Data;
using Portal.Web.Features.Access;

namespace Portal.Tests.Cli;

/// <summary>What the command line audits is marked as coming from it (Channel "cli"); nothing else is.</summary>
public sealed class CliAuditTests : RosterImportTestBase
{
    private static async Task<int> Run(params string[] args)
    {
        SqliteConnection.ClearAllPools();
        return await CommandLine.RunAsync(args, new StringWriter(), new StringWriter());
    }

    [Fact]
    public async Task A_command_line_import_is_audited_as_cli_and_web_entries_stay_web()
    {
        var file = RosterFiles.Xlsx([RosterFiles.MeerutConstable("AUD1")]);

        Assert.Equal(CommandLine.Ok, await Run("import", "roster", file, "--as", DemoUsers.MeerutRange, "--commit", "--database", Db.File));

        var entry = Db.Rows($"SELECT Channel, Details FROM AuditEntries WHERE Action = 'roster-import' AND Actor = '{DemoUsers.MeerutRange}'",
            r => (Channel: r.GetString(0), Details: r.GetString(1))).Single();
        Assert.Equal("cli", entry.Channel);
        Assert.Contains("committed", entry.Details);
        // The upload is kept beside the database it went into, not in the portal's own folder (where another database's
        // batch of the same number keeps its files).
        var stored = Db.Rows($"SELECT StoredFilePath FROM ImportBatches ORDER BY Id DESC LIMIT 1", r => r.GetString(0)).Single();
        Assert.StartsWith(CommandLine.ImportsFolderOf(Db.File) + Path.DirectorySeparatorChar, stored);
        Assert.True(File.Exists(stored));
        // The channel is ambient to the command's own flow only: this test's (web) work afterwards is not marked cli.
        await new AuditLog(Db.Factory, TimeProvider.System).WriteAsync("someone@up.gov.in", AuditActions.SignOut, null);
        Assert.Equal("web", Db.Rows("SELECT Channel FROM AuditEntries WHERE Actor = 'someone@up.gov.in'", r => r.GetString(0)).Single());
        Assert.Equal("web", AuditChannel.Current);
    }

    [Fact]
    public async Task Seeding_from_the_command_line_marks_its_audit_entries_cli()
    {
        var file = Path.Combine(Path.GetTempPath(), $"portal-cli-audit-{Guid.NewGuid():N}.db");
        try
        {
            Assert.Equal(CommandLine.Ok, await Run("seed", "--employees", "1200", "--database", file));

            using var connection = new SqliteConnection($"Data Source={file}");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT Action || ':' || Channel FROM AuditEntries ORDER BY Id";
            using var reader = command.ExecuteReader();
            var entries = new List<string>();
            while (reader.Read()) entries.Add(reader.GetString(0));
            Assert.Equal(["user-created:cli", "demo-seeded:cli"], entries);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            TestDatabase.DeleteFiles(file);
        }
    }
}
