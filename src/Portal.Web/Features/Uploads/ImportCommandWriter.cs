using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Portal.Web.Data;

namespace Portal.Web.Features.Uploads;

/// <summary>
/// The command plumbing an import's ADO.NET writers share (<see cref="Rosters.EmployeeWriter"/>,
/// <see cref="Progress.EnrolmentWriter"/>): every command runs on the import's connection and inside its EF
/// transaction, so that what a writer reads and writes is part of that transaction and nothing else's.
/// </summary>
internal abstract class ImportCommandWriter : IDisposable
{
    private readonly DbConnection _connection;
    private readonly DbTransaction? _transaction;
    private readonly DateTime _now;

    /// <param name="written">What the writer writes, for the error when it is opened for writing without a transaction ("Roster rows").</param>
    protected ImportCommandWriter(PortalDbContext db, DateTime now, bool forWriting, string written)
    {
        _connection = db.Database.GetDbConnection();
        _transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        if (forWriting && _transaction is null) throw new InvalidOperationException($"{written} are written only inside the import's transaction.");
        _now = now;
    }

    /// <summary>A command on the import's connection and transaction; "@Now" is bound at once, the others to NULL.</summary>
    protected DbCommand Command(string sql, IEnumerable<string> parameters)
    {
        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = "@" + name;
            p.Value = name == "Now" ? _now : DBNull.Value;
            command.Parameters.Add(p);
        }
        Ready(command);
        return command;
    }

    /// <summary>Called once on every command built here, before it first runs.</summary>
    protected virtual void Ready(DbCommand command) { }

    protected void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    protected object? Scalar(string sql)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    /// <summary>A nullable date column as both providers give it back.</summary>
    protected static DateOnly? Date(DbDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetFieldValue<DateOnly>(i);

    public virtual void Dispose() { }
}
