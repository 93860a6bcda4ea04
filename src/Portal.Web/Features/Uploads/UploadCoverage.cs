using System.Runtime.InteropServices;
using Portal.Web.Data;

namespace Portal.Web.Features.Uploads;

/// <summary>
/// The staff an upload's file covered, counted as its rows are taken: rows per district and department. Each kind fills
/// one during its pass (a roster with its accepted rows, an iGOT or CB plan report with its rows matched to the roster),
/// and <see cref="UploadPass.CommitAsync"/> records it as the batch's <see cref="ImportBatchCoverage"/>. Filled by one
/// thread at a time.
/// </summary>
public sealed class UploadCoverage
{
    private readonly Dictionary<(int District, int Department), int> _rows = [];

    public void Add(int districtId, int departmentId) =>
        CollectionsMarshal.GetValueRefOrAddDefault(_rows, (districtId, departmentId), out _)++;

    public IReadOnlyDictionary<(int District, int Department), int> Rows => _rows;

    internal IEnumerable<ImportBatchCoverage> For(ImportBatch batch, DateTime committedAt) =>
        _rows.Select(r => new ImportBatchCoverage
        {
            BatchId = batch.Id, DistrictId = r.Key.District, DepartmentId = r.Key.Department, Kind = batch.Kind, CommittedAt = committedAt, Rows = r.Value,
        });
}
