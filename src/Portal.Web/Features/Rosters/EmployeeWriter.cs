using System.Data.Common;
using Portal.Web.Data;
using Portal.Web.Features.Uploads;

namespace Portal.Web.Features.Rosters;

/// <summary>
/// Reads and writes roster rows with ADO.NET commands inside the import's EF transaction: a million rows in seconds,
/// where change tracking would take minutes. Updates, deactivations and the office insert's columns are the same on
/// both providers; how codes are looked up, how new rows travel and how an office's new id comes back differ, and
/// live in each provider's writer (<see cref="Data.Providers.DatabaseDialect.OpenEmployeeWriter"/>).
/// </summary>
internal abstract class EmployeeWriter : ImportCommandWriter
{
    /// <summary>Codes looked up per query (SQL Server allows 2,100 parameters a command).</summary>
    public const int LookupBatch = 1_000;

    /// <summary>The columns a roster row writes, in the order every insert and update binds them.</summary>
    protected static readonly string[] Columns =
        ["EmployeeCode", "Name", "DesignationId", "DepartmentId", "DistrictId", "OfficeId", "Mobile", "Email", "Group", "Status", "DateOfJoining", "IgotUserId", "OnboardedOn"];

    /// <summary>The stored columns a lookup reads, in the order <see cref="ReadStored"/> expects them.</summary>
    protected const string SelectStored = "SELECT \"Id\", \"EmployeeCode\", \"Name\", \"DesignationId\", \"DepartmentId\", \"DistrictId\", \"OfficeId\", " +
        "\"Mobile\", \"Email\", \"Group\", \"Status\", \"DateOfJoining\", \"IgotUserId\", \"OnboardedOn\" FROM \"Employees\" ";

    /// <summary>The columns of an inserted employee: a roster row's and the two timestamps.</summary>
    protected static string InsertColumns => $"{string.Join(", ", Columns.Select(c => $"\"{c}\""))}, \"CreatedAt\", \"UpdatedAt\"";

    public static string UpdateSql =>
        $"UPDATE \"Employees\" SET {string.Join(", ", Columns.Skip(1).Select(c => $"\"{c}\" = @{c}"))}, \"UpdatedAt\" = @Now WHERE \"Id\" = @Id";
    public static IReadOnlyList<string> UpdateParameters => [.. Columns.Skip(1), "Now", "Id"];

    public static string DeactivateSql =>
        $"UPDATE \"Employees\" SET \"Status\" = {(int)EmployeeStatus.Inactive}, \"UpdatedAt\" = @Now WHERE \"Id\" = @Id AND \"Status\" = {(int)EmployeeStatus.Active}";

    public static IReadOnlyList<string> InsertOfficeParameters => ["Name", "DistrictId", "DepartmentId"];

    private DbCommand? _update, _deactivate, _insertOffice;

    protected EmployeeWriter(PortalDbContext db, DateTime now, bool forWriting) : base(db, now, forWriting, "Roster rows") { }

    /// <summary>The writing commands both providers share; the office insert is the provider's (how it returns the new id).</summary>
    protected void CreateWriteCommands(string insertOfficeSql)
    {
        _update = Command(UpdateSql, UpdateParameters);
        _insertOffice = Command(insertOfficeSql, InsertOfficeParameters);
        _deactivate = Command(DeactivateSql, ["Now", "Id"]);
    }

    /// <summary>The stored employees among up to <see cref="LookupBatch"/> codes.</summary>
    public abstract Dictionary<string, StoredEmployee> Find(IReadOnlyList<string> codes);

    /// <summary>Runs a lookup whose columns are <see cref="SelectStored"/>'s.</summary>
    protected static Dictionary<string, StoredEmployee> ReadStored(DbCommand lookup)
    {
        var found = new Dictionary<string, StoredEmployee>(StringComparer.Ordinal);
        using var reader = lookup.ExecuteReader();
        while (reader.Read())
        {
            var e = new StoredEmployee(
                reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetInt32(4), reader.GetInt32(5),
                reader.IsDBNull(6) ? null : reader.GetInt32(6), reader.IsDBNull(7) ? null : reader.GetString(7), reader.IsDBNull(8) ? null : reader.GetString(8),
                (ServiceGroup)reader.GetInt32(9), (EmployeeStatus)reader.GetInt32(10), Date(reader, 11), reader.IsDBNull(12) ? null : reader.GetString(12), Date(reader, 13));
            found[e.EmployeeCode] = e;
        }
        return found;
    }

    /// <summary>Buffers a new employee; it reaches the table at the latest at <see cref="Flush"/>.</summary>
    public abstract void Insert(RosterRow row, int? officeId);

    /// <summary>Writes the inserts still buffered; call before anything that reads Employees again.</summary>
    public abstract void Flush();

    /// <summary>A new row's values in <see cref="Columns"/> order.</summary>
    protected static object?[] ValuesOf(RosterRow row, int? officeId) =>
    [
        row.EmployeeCode, row.Name, row.DesignationId, row.DepartmentId, row.DistrictId, officeId is > 0 ? officeId : null, row.Mobile, row.Email,
        (int)(row.Group ?? ServiceGroup.Others), (int)(row.Status ?? EmployeeStatus.Active), row.DateOfJoining, row.IgotUserId, row.IgotRegisteredOn,
    ];

    public void Update(int id, MergedEmployee m)
    {
        object?[] values =
        [
            m.Name, m.DesignationId, m.DepartmentId, m.DistrictId, m.OfficeId is > 0 ? m.OfficeId : null, m.Mobile, m.Email,
            (int)m.Group, (int)(m.Status ?? EmployeeStatus.Active), m.DateOfJoining, m.IgotUserId, m.OnboardedOn,
        ];
        var p = _update!.Parameters;
        for (var c = 0; c < values.Length; c++) p[c].Value = values[c] ?? DBNull.Value;
        p[values.Length + 1].Value = id; // after @Now
        _update.ExecuteNonQuery();
    }

    /// <summary>Creates an office and returns its id.</summary>
    public int InsertOffice(string name, int districtId, int departmentId)
    {
        _insertOffice!.Parameters[0].Value = name;
        _insertOffice.Parameters[1].Value = districtId;
        _insertOffice.Parameters[2].Value = departmentId;
        return Convert.ToInt32(_insertOffice.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Deactivate(int id)
    {
        _deactivate!.Parameters[1].Value = id;
        _deactivate.ExecuteNonQuery();
    }

    public override void Dispose()
    {
        _update?.Dispose();
        _deactivate?.Dispose();
        _insertOffice?.Dispose();
    }
}
