using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Features.Rosters;
using Portal.Web.Features.Uploads;

namespace Portal.Tests.Features.Rosters;

/// <summary>Each test gets its own copy of a small seeded state, an import folder and the demo users.</summary>
public abstract class RosterImportTestBase : IAsyncLifetime
{
    protected TestDatabase Db { get; private set; } = null!;
    protected string ImportFolder { get; } = Path.Combine(Path.GetTempPath(), $"imports-{Guid.NewGuid():N}");
    protected ImportOptions Options { get; } = new();

    public virtual async Task InitializeAsync()
    {
        Db = await TestDatabase.CopyOfSmallStateAsync();
        Options.Folder = ImportFolder;
    }

    public Task DisposeAsync()
    {
        Db.Dispose();
        try { Directory.Delete(ImportFolder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return Task.CompletedTask;
    }

    protected RosterImportService Service() => new(Db.Factory, Options, TimeProvider.System, NullLogger<RosterImportService>.Instance);

    protected async Task<SignedInUser> User(string login) =>
        (await new AccessService(Db.Factory, new PasswordHasher<PortalUser>(), TimeProvider.System).FindByLoginAsync(login))!;

    protected Task<SignedInUser> Admin() => User(DemoUsers.StateAdmin);
    protected Task<SignedInUser> MeerutRange() => User(DemoUsers.MeerutRange);

    protected long Employees() => Db.Scalar("SELECT COUNT(*) FROM Employees");

    protected string? Field(string code, string column) =>
        Db.Rows($"SELECT {column} FROM Employees WHERE EmployeeCode = '{code}'", r => r.IsDBNull(0) ? null : Convert.ToString(r.GetValue(0))).SingleOrDefault();

    protected async Task<RosterImportResult> Preview(string file, SignedInUser? user = null) =>
        await Service().PreviewAsync(user ?? await Admin(), file, Path.GetFileName(file));

    protected async Task<RosterImportResult> Import(string file, SignedInUser? user = null, bool completeRoster = false) =>
        await Service().ImportAsync(user ?? await Admin(), file, Path.GetFileName(file), completeRoster);

    /// <summary>Asserts a file-level rejection: the message, a failed batch with the reason, and no staff data written.</summary>
    protected async Task AssertRejectedAsync(string file, string expectedMessagePart, bool commit = true)
    {
        var before = Employees();
        var result = commit ? await Import(file) : await Preview(file);

        Assert.True(result.FileRejected, $"expected the file to be rejected, got {result.Outcome}");
        Assert.Contains(expectedMessagePart, result.FileProblem);
        Assert.Equal(ImportOutcome.Failed, result.Outcome);
        Assert.Equal(before, Employees());
        var batch = Db.Rows($"SELECT Outcome, Message FROM ImportBatches WHERE Id = {result.BatchId}", r => (Outcome: r.GetInt32(0), Message: r.GetString(1))).Single();
        Assert.Equal((int)ImportOutcome.Failed, batch.Outcome);
        Assert.Contains(expectedMessagePart, batch.Message);
    }
}
