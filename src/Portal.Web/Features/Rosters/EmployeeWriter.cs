using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Portal.Web.Data;

namespace Portal.Web.Features.Rosters;

/// <summary>
/// Writes roster rows with prepared ADO.NET commands inside the import's EF transaction: a million rows in
/// seconds, where change tracking would take minutes. Plain SQL that SQLite and SQL Server both accept.
/// </summary>
internal sealed class EmployeeWriter : IDisposable
{
    private readonly DbCommand _insert;
    private readonly DbCommand _update;
    private readonly DbCommand _deactivate;

    private static readonly string[] Columns =
        ["Name", "DesignationId", "DepartmentId", "DistrictId", "OfficeId", "Mobile", "Email", "Group", "Status", "DateOfJoining", "IgotUserId", "OnboardedOn"];

    public EmployeeWriter(PortalDbContext db, DateTime now)
    {
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Roster rows are written only inside the import's transaction.");
        var prepare = db.Database.IsSqlite(); // SqlClient would need explicit sizes to prepare

        _insert = Command(connection, transaction,
            $"INSERT INTO \"Employees\" (\"EmployeeCode\", {string.Join(", ", Columns.Select(c => $"\"{c}\""))}, \"CreatedAt\", \"UpdatedAt\") " +
            $"VALUES (@EmployeeCode, {string.Join(", ", Columns.Select(c => "@" + c))}, @Now, @Now)",
            ["EmployeeCode", .. Columns, "Now"], now, prepare);
        _update = Command(connection, transaction,
            $"UPDATE \"Employees\" SET {string.Join(", ", Columns.Select(c => $"\"{c}\" = @{c}"))}, \"UpdatedAt\" = @Now WHERE \"Id\" = @Id",
            [.. Columns, "Now", "Id"], now, prepare);
        _deactivate = Command(connection, transaction,
            $"UPDATE \"Employees\" SET \"Status\" = {(int)EmployeeStatus.Inactive}, \"UpdatedAt\" = @Now WHERE \"Id\" = @Id AND \"Status\" = {(int)EmployeeStatus.Active}",
            ["Now", "Id"], now, prepare);
    }

    private static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql, string[] parameters, DateTime now, bool prepare)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = "@" + name;
            p.Value = name == "Now" ? now : DBNull.Value;
            command.Parameters.Add(p);
        }
        if (prepare) command.Prepare();
        return command;
    }

    public void Insert(RosterRow row, int? officeId)
    {
        Set(_insert, "EmployeeCode", row.EmployeeCode);
        SetValues(_insert, row.Name, row.DesignationId, row.DepartmentId, row.DistrictId, officeId, row.Mobile, row.Email,
            row.Group ?? ServiceGroup.Others, row.Status ?? EmployeeStatus.Active, row.DateOfJoining, row.IgotUserId, row.IgotRegisteredOn);
        _insert.ExecuteNonQuery();
    }

    public void Update(int id, MergedEmployee m)
    {
        SetValues(_update, m.Name, m.DesignationId, m.DepartmentId, m.DistrictId, m.OfficeId, m.Mobile, m.Email, m.Group,
            m.Status ?? EmployeeStatus.Active, m.DateOfJoining, m.IgotUserId, m.OnboardedOn);
        Set(_update, "Id", id);
        _update.ExecuteNonQuery();
    }

    public void Deactivate(int id)
    {
        Set(_deactivate, "Id", id);
        _deactivate.ExecuteNonQuery();
    }

    private static void SetValues(DbCommand c, string name, int designation, int department, int district, int? office, string? mobile, string? email,
        ServiceGroup group, EmployeeStatus status, DateOnly? joined, string? igot, DateOnly? onboarded)
    {
        Set(c, "Name", name);
        Set(c, "DesignationId", designation);
        Set(c, "DepartmentId", department);
        Set(c, "DistrictId", district);
        Set(c, "OfficeId", office is > 0 ? office : null);
        Set(c, "Mobile", mobile);
        Set(c, "Email", email);
        Set(c, "Group", (int)group);
        Set(c, "Status", (int)status);
        Set(c, "DateOfJoining", joined);
        Set(c, "IgotUserId", igot);
        Set(c, "OnboardedOn", onboarded);
    }

    private static void Set(DbCommand c, string name, object? value) => c.Parameters["@" + name].Value = value ?? DBNull.Value;

    public void Dispose()
    {
        _insert.Dispose();
        _update.Dispose();
        _deactivate.Dispose();
    }
}
