using Microsoft.EntityFrameworkCore;
using Portal.Web.Data;
using Portal.Web.Data.Providers;
using Portal.Web.Features.Access;
using Portal.Web.Features.Acr;
using static Portal.Tests.Features.Acr.AcrTestData;

namespace Portal.Tests.Features.Acr;

/// <summary>
/// The statements' chunk queries are read by column position through the command EF Core makes for them: what SQLite's
/// own read gives (and ADO.NET's reader, as on SQL Server) must be exactly what EF Core materialises from the same
/// queries, the scope's query filters included (their parameters are bound by name).
/// </summary>
public sealed class AcrChunkReadingTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CopyOfSmallStateAsync();

    public Task DisposeAsync()
    {
        _db.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Reading_by_position_gives_what_EF_Core_materialises_within_the_scope()
    {
        var range = (await UserAsync(_db, DemoUsers.MeerutRange)).Scope;
        // Police staff of the Meerut range, and as many employees outside it: the chunk names both.
        var inside = _db.Rows($"""
            SELECT e.Id FROM Employees e JOIN Districts d ON d.Id = e.DistrictId JOIN Departments p ON p.Id = e.DepartmentId
            WHERE {MeerutRangePolice} ORDER BY e.Id LIMIT 150
            """, r => r.GetInt32(0));
        var outside = _db.Rows($"""
            SELECT e.Id FROM Employees e JOIN Districts d ON d.Id = e.DistrictId JOIN Departments p ON p.Id = e.DepartmentId
            WHERE NOT ({MeerutRangePolice}) ORDER BY e.Id LIMIT 150
            """, r => r.GetInt32(0));
        Assert.Equal(150, inside.Count);
        Assert.Equal(150, outside.Count);
        var chunk = inside.Concat(outside).Order().ToList();
        // Allocations due within 2025-26 only: the year's bounds are date parameters.
        var (start, end) = (new DateOnly(2025, 4, 1), new DateOnly(2026, 3, 31));

        await using var db = await _db.Factory.CreateDbContextAsync(range);
        await db.Database.OpenConnectionAsync();
        var sqlite = DatabaseDialect.For(db);
        Assert.IsType<SqliteDialect>(sqlite);

        var employees = await AcrStatementService.EmployeesOf(db, chunk).ToListAsync();
        Assert.Equal(inside, employees.Select(e => e.Id));
        Assert.Contains(employees, e => e.OfficeId is null || e.Email is null || e.Mobile is null);
        foreach (var rows in new Func<DbCommandSource, Utf8Rows>[] { c => sqlite.ReadRows(c()), c => Ado(c()) })
        {
            using (var read = rows(() => AcrStatementService.EmployeesOf(db, chunk).CreateDbCommand()))
                Assert.Equal(employees, ReadAll(read, r => new AcrStatementService.EmployeeColumns(r.GetInt32(0), r.GetString(1)!, r.GetString(2)!,
                    (EmployeeStatus)r.GetInt32(3), r.GetString(4), r.GetString(5), r.GetInt32(6), r.GetInt32(7), r.GetInt32(8), r.IsNull(9) ? null : r.GetInt32(9))));
        }

        var completions = await AcrStatementService.CompletionsOf(db, chunk).ToListAsync();
        Assert.NotEmpty(completions);
        Assert.All(completions, c => Assert.Contains(c.EmployeeId, inside));
        var viaSqlite = new List<AcrStatementService.EmployeeFact<AcrCompletion>>();
        AcrStatementService.ReadFacts(sqlite, AcrStatementService.CompletionsOf(db, chunk), viaSqlite, r => new AcrCompletion(r.GetInt32(1), r.GetDate(2), r.GetInt32(3)));
        Assert.Equal(completions.Select(c => new AcrStatementService.EmployeeFact<AcrCompletion>(c.EmployeeId, new AcrCompletion(c.CourseId, c.CompletedOn, c.LearningMinutes))), viaSqlite);
        using (var ado = Ado(AcrStatementService.CompletionsOf(db, chunk).CreateDbCommand()))
            Assert.Equal(completions, ReadAll(ado, r => new AcrStatementService.CompletionColumns(r.GetInt32(0), r.GetInt32(1), r.GetDate(2), r.GetInt32(3))));

        var allocations = await AcrStatementService.AllocationsOf(db, chunk, start, end).ToListAsync();
        Assert.NotEmpty(allocations);
        // The bounds left some out: the date parameters were bound as EF Core compares them.
        Assert.True(_db.Scalar($"SELECT COUNT(*) FROM CbPlanAllocations WHERE EmployeeId IN ({string.Join(",", inside)})") > allocations.Count);
        foreach (var rows in new Func<DbCommandSource, Utf8Rows>[] { c => sqlite.ReadRows(c()), c => Ado(c()) })
        {
            using var read = rows(() => AcrStatementService.AllocationsOf(db, chunk, start, end).CreateDbCommand());
            Assert.Equal(allocations, ReadAll(read, r => new AcrStatementService.AllocationColumns(r.GetInt32(0), r.GetInt32(1), r.GetDate(2)!.Value, r.GetDate(3)!.Value, r.GetBoolean(4))));
        }
    }

    [Fact]
    public async Task A_parameter_of_a_kind_it_does_not_know_is_refused_not_guessed()
    {
        await using var db = await OpenAsync();
        Assert.Throws<NotSupportedException>(() => DatabaseDialect.For(db).ReadRows(Command(db, "SELECT @at", ("@at", TimeSpan.FromHours(1)))));
    }

    [Fact]
    public async Task A_parameter_of_the_SQL_left_without_a_value_is_refused_not_read_as_null()
    {
        await using var db = await OpenAsync();
        var command = Command(db, "SELECT Id FROM Employees WHERE DistrictId = @district OR DepartmentId = @department", ("@district", 1), ("@unused", 2));
        Assert.Throws<InvalidOperationException>(() => DatabaseDialect.For(db).ReadRows(command));
    }

    [Theory]
    [InlineData("2025-04-01", 2025, 4, 1)]
    [InlineData("2024-02-29", 2024, 2, 29)]
    [InlineData("2025-04-01 00:00:00", 2025, 4, 1)]
    [InlineData("2025-4-1", 2025, 4, 1)]
    public async Task Dates_read_as_EF_Core_reads_them(string stored, int year, int month, int day)
    {
        await using var db = await OpenAsync();
        using var rows = DatabaseDialect.For(db).ReadRows(Command(db, "SELECT @stored, NULL", ("@stored", stored)));
        Assert.True(rows.Read());
        Assert.Equal(new DateOnly(year, month, day), rows.GetDate(0));
        Assert.Null(rows.GetDate(1));
        Assert.True(rows.IsNull(1));
    }

    private delegate System.Data.Common.DbCommand DbCommandSource();

    private async Task<PortalDbContext> OpenAsync()
    {
        var db = await _db.Factory.CreateDbContextAsync(DataScope.WholeState);
        await db.Database.OpenConnectionAsync();
        return db;
    }

    private static System.Data.Common.DbCommand Command(PortalDbContext db, string sql, params (string Name, object Value)[] parameters)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    /// <summary>The provider-neutral read (what SQL Server's dialect runs), here over SQLite's ADO.NET reader.</summary>
    private static AdoUtf8Rows Ado(System.Data.Common.DbCommand command) => new(command, command.ExecuteReader());

    private static List<T> ReadAll<T>(Utf8Rows rows, Func<Utf8Rows, T> row)
    {
        var all = new List<T>();
        while (rows.Read()) all.Add(row(rows));
        return all;
    }
}
