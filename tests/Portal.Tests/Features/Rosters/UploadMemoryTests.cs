using Portal.Web.Data;
using Portal.Web.Features.Rosters;
using Portal.Web.Benchmarks;

namespace Portal.Tests.Features.Rosters;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasuredCollection
{
    public const string Name = "Memory measured alone";
}

/// <summary>
/// The hostile file of the hardening issue (the template header, then 20,000 rows of one cell in column XFD;
/// 150 KB) once took 5.3 GB and crashed. Its preview must end with a clear answer and allocate little: measured as
/// the bytes the process allocated around the call, with no other test running (not timed).
/// </summary>
[Collection(MemoryMeasuredCollection.Name)]
public sealed class UploadMemoryTests : RosterImportTestBase
{
    private const long AllocationBound = 256L * 1024 * 1024;

    [Fact]
    public async Task Previewing_20000_rows_with_a_cell_in_XFD_allocates_a_bounded_amount()
    {
        var path = RosterFiles.Temp(".xlsx");
        HostileRosterFiles.XfdRows(path, 20_000);
        Assert.True(new FileInfo(path).Length < 200 * 1024);
        var admin = await Admin();
        var before = Employees();

        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var result = await Service().PreviewAsync(admin, path, "xfd.xlsx");
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        Assert.Equal(ImportOutcome.Previewed, result.Outcome);
        Assert.Null(result.FileProblem);
        Assert.Equal(0, result.RowsRead);
        Assert.Equal(before, Employees());
        Assert.True(allocated < AllocationBound, $"The preview allocated {allocated / 1048576} MB; the bound is {AllocationBound / 1048576} MB.");
    }

    [Fact]
    public async Task Previewing_rows_of_long_cells_far_beyond_the_header_allocates_a_bounded_amount()
    {
        var path = RosterFiles.Temp(".xlsx");
        HostileRosterFiles.LongCells(path, 3_000);
        var admin = await Admin();

        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var result = await Service().PreviewAsync(admin, path, "long.xlsx");
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        Assert.Equal(ImportOutcome.Previewed, result.Outcome);
        Assert.Equal(3_000, result.Rejected);
        Assert.True(allocated < AllocationBound * 2, $"The preview allocated {allocated / 1048576} MB; the bound is {AllocationBound * 2 / 1048576} MB.");
    }
}
