using System.Text.Json;
using Microsoft.Data.Sqlite;
using Portal.Web.Cli;
using Portal.Web.Features.Access;

namespace Portal.Tests.Features.Rosters;

/// <summary>`import roster` from the command line: same service, one JSON object, exit codes.</summary>
public sealed class RosterCliTests : RosterImportTestBase
{
    private async Task<(int Exit, JsonElement Json, string Err)> Run(params string[] args)
    {
        SqliteConnection.ClearAllPools();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CommandLine.RunAsync([.. args, "--database", Db.File], stdout, stderr);
        var text = stdout.ToString();
        return (exit, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone(), stderr.ToString());
    }

    [Fact]
    public async Task A_dry_run_prints_counts_and_errors_with_excel_row_numbers_and_writes_nothing_but_the_batch()
    {
        var before = Employees();
        var file = RosterFiles.Xlsx([RosterFiles.MeerutConstable("CLI1"), RosterFiles.MeerutConstable("CLI2", mobile: "98765")], titleRows: 2);

        var (exit, json, _) = await Run("import", "roster", file, "--as", DemoUsers.MeerutRange);

        Assert.Equal(CommandLine.Ok, exit);
        Assert.Equal("previewed", json.GetProperty("status").GetString());
        Assert.Equal(1, json.GetProperty("new").GetInt32());
        Assert.Equal(1, json.GetProperty("rejected").GetInt32());
        var error = json.GetProperty("errors").EnumerateArray().Single();
        Assert.Equal(5, error.GetProperty("row").GetInt32());
        Assert.Equal("Mobile", error.GetProperty("column").GetString());
        Assert.Equal("Mobile '98765' must have 10 digits.", error.GetProperty("message").GetString());
        Assert.True(File.Exists(json.GetProperty("errorWorkbook").GetString()));
        Assert.Equal(before, Employees());
        Assert.Equal(1, Db.Scalar("SELECT COUNT(*) FROM ImportBatches"));
    }

    [Fact]
    public async Task Commit_imports_the_valid_rows()
    {
        var file = RosterFiles.Xlsx([RosterFiles.MeerutConstable("CLI3")]);

        var (exit, json, _) = await Run("import", "roster", file, "--as", DemoUsers.MeerutRange, "--commit");

        Assert.Equal(CommandLine.Ok, exit);
        Assert.Equal("committed", json.GetProperty("status").GetString());
        Assert.NotNull(Field("CLI3", "Name"));
    }

    [Fact]
    public async Task A_rejected_file_exits_2_with_the_reason()
    {
        var (exit, json, _) = await Run("import", "roster", RosterFiles.Bytes("%PDF-1.4"u8.ToArray(), ".xlsx"), "--as", DemoUsers.StateAdmin, "--commit");

        Assert.Equal(CommandLine.FileRejected, exit);
        Assert.Equal("rejected", json.GetProperty("status").GetString());
        Assert.Contains("PDF", json.GetProperty("message").GetString());
    }

    [Fact]
    public async Task The_users_scope_applies_on_the_command_line_too()
    {
        var row = RosterFiles.MeerutConstable("CLI4");
        row[4] = "Lucknow";

        var (exit, json, _) = await Run("import", "roster", RosterFiles.Xlsx([row]), "--as", DemoUsers.MeerutRange, "--commit");

        Assert.Equal(CommandLine.Ok, exit);
        Assert.Equal(1, json.GetProperty("rejected").GetInt32());
        Assert.Contains("outside your scope", json.GetProperty("errors")[0].GetProperty("message").GetString());
        Assert.Null(Field("CLI4", "Name"));
    }

    [Fact]
    public async Task Unknown_users_viewers_and_missing_arguments_are_refused()
    {
        var file = RosterFiles.Xlsx([RosterFiles.MeerutConstable("CLI5")]);
        Assert.Equal(CommandLine.Failed, (await Run("import", "roster", file, "--as", "nobody@up.gov.in")).Exit);
        var viewer = await Run("import", "roster", file, "--as", DemoUsers.LucknowViewer, "--commit");
        Assert.Equal(CommandLine.Failed, viewer.Exit);
        Assert.Contains("may not upload", viewer.Err);
        Assert.Equal(CommandLine.Usage, (await Run("import", "roster", file)).Exit);
        Assert.Equal(CommandLine.Usage, (await Run("import", "payroll", file, "--as", DemoUsers.StateAdmin)).Exit);
        Assert.Null(Field("CLI5", "Name"));
    }
}
