using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Web.Data;
using Portal.Web.Features.Access;
using Portal.Web.Features.Rosters;
using Portal.Web.Features.Uploads;

namespace Portal.Tests.Features.Rosters;

/// <summary>At most N files are read at once; the others wait in order and are told their place.</summary>
public sealed class ImportQueueTests : RosterImportTestBase
{
    [Fact]
    public async Task Waiters_start_in_order_and_hear_how_many_are_ahead()
    {
        var queue = new ImportQueue(2);
        var a = await queue.EnterAsync();
        var b = await queue.EnterAsync();
        var heardC = new List<int>();
        var heardD = new List<int>();
        var c = queue.EnterAsync(heardC.Add);
        var d = queue.EnterAsync(heardD.Add);

        Assert.False(c.IsCompleted);
        Assert.Equal([1], heardC);
        Assert.Equal([2], heardD);
        Assert.Equal(2, queue.Running);
        Assert.Equal(2, queue.Waiting);

        a.Dispose();
        var slotC = await c.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(d.IsCompleted);
        Assert.Equal([2, 1], heardD);

        a.Dispose(); // twice: gives back nothing more
        Assert.False(d.IsCompleted);
        b.Dispose();
        (await d.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
        slotC.Dispose();
        Assert.Equal(0, queue.Running);
    }

    [Fact]
    public async Task A_cancelled_waiter_leaves_the_queue_and_the_ones_behind_move_up()
    {
        var queue = new ImportQueue(1);
        var held = await queue.EnterAsync();
        using var stop = new CancellationTokenSource();
        var cancelled = queue.EnterAsync(ct: stop.Token);
        var heard = new List<int>();
        var behind = queue.EnterAsync(heard.Add);

        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.Equal([2, 1], heard);
        held.Dispose();
        (await behind.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
    }

    [Fact]
    public async Task A_preview_waits_for_a_free_slot_and_says_so()
    {
        var queue = new ImportQueue(1);
        var held = await queue.EnterAsync();
        var phases = new List<ImportProgress>();
        var service = new RosterImportService(Db.Factory, Options, TimeProvider.System, NullLogger<RosterImportService>.Instance, queue: queue);
        var file = RosterFiles.Xlsx([RosterFiles.MeerutConstable("QU1")]);

        var preview = service.PreviewAsync(await Admin(), file, "queued.xlsx", new SyncProgress(phases.Add));
        await WaitUntil(() => queue.Waiting == 1);

        Assert.False(preview.IsCompleted);
        lock (phases) Assert.Contains(phases, p => p.Waiting && p.Phase == "Waiting: 1 upload ahead of yours");
        held.Dispose();
        var result = await preview.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(ImportOutcome.Previewed, result.Outcome);
        Assert.Equal(1, result.New);
    }

    [Fact]
    public async Task The_rosters_page_shows_the_place_in_the_queue()
    {
        var queue = new ImportQueue(1);
        var held = await queue.EnterAsync();
        await using var ctx = new PageContext(Db, ImportFolder, queue);
        var page = ctx.Render<RostersPage>();
        var file = RosterFiles.Xlsx([RosterFiles.MeerutConstable("QP1")]);

        // The upload's handler may run to its end inside UploadFiles: the slot is given back from another thread,
        // once the page has shown the wait.
        string? shown = null;
        var release = Task.Run(async () =>
        {
            try
            {
                for (var i = 0; i < 400 && shown != "Waiting: 1 upload ahead of yours"; i++)
                {
                    await Task.Delay(25);
                    if (queue.Waiting == 1) shown = page.Markup.Contains(">Waiting: 1 upload ahead of yours<") ? "Waiting: 1 upload ahead of yours" : shown;
                }
            }
            finally { held.Dispose(); }
        });

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(File.ReadAllBytes(file), "queued.xlsx"));
        await release;

        Assert.Equal("Waiting: 1 upload ahead of yours", shown);
        page.WaitForElement("[data-testid='preview']", TimeSpan.FromSeconds(20));
        Assert.Equal("1", page.Find("[data-testid='count-new']").TextContent);
    }

    private sealed class PageContext : PortalBunitContext
    {
        public PageContext(TestDatabase db, string folder, ImportQueue queue) : base(db)
        {
            Services.AddSingleton(new ImportOptions { Folder = folder });
            Services.AddSingleton(queue);
            Services.AddSingleton<Microsoft.Extensions.Logging.ILogger<RosterImportService>>(NullLogger<RosterImportService>.Instance);
            SignInAs(DemoUsers.MeerutRange);
        }
    }

    private sealed class SyncProgress(Action<ImportProgress> report) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) { lock (this) report(value); }
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 400 && !condition(); i++) await Task.Delay(25);
        Assert.True(condition());
    }
}
