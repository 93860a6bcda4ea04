using System.Data;
using System.Text.RegularExpressions;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using Portal.Web.Data;
using Portal.Web.Data.Providers;
using Portal.Web.Features.DemoData;
using EnrolmentWriter = Portal.Web.Features.Progress.EnrolmentWriter;
using Portal.Web.Features.Rosters;
using Portal.Web.Features.Uploads;

namespace Portal.Tests.Data;

/// <summary>
/// The SQL Server side of every <see cref="DatabaseDialect"/> member, generated without a server (there is none here):
/// its SQL names only tables and columns of the SQL Server model, binds exactly the parameters it declares, and uses
/// SQL Server's forms where the providers differ (OUTPUT INSERTED, one parameter per code, no PRAGMA); what needs no
/// server runs without one. The SQLite side runs against real databases in the other tests.
/// </summary>
public sealed partial class SqlServerDialectTests
{
    private static SqlServerPortalDbContext SqlServer() => new(new DbContextOptionsBuilder<SqlServerPortalDbContext>()
        // Nothing here may connect: an unreachable server with a one-second timeout fails fast if something tries.
        .UseSqlServer("Server=unused.invalid;Database=Portal;TrustServerCertificate=True;Connect Timeout=1").Options);

    [Fact]
    public async Task The_dialect_is_chosen_from_the_context_provider()
    {
        await using var sqlServer = SqlServer();
        Assert.Same(SqlServerDialect.Instance, DatabaseDialect.For(sqlServer));

        using var sqlite = await TestDatabase.CreateAsync();
        await using var db = await sqlite.Factory.CreateDbContextAsync();
        Assert.Same(SqliteDialect.Instance, DatabaseDialect.For(db));
    }

    [Fact]
    public void Employee_lookup_binds_one_parameter_per_code()
    {
        var sql = SqlServerEmployeeWriter.LookupSql;

        AssertBindsExactly(sql, SqlServerEmployeeWriter.LookupParameters);
        Assert.Equal(EmployeeWriter.LookupBatch, SqlServerEmployeeWriter.LookupParameters.Count);
        Assert.True(EmployeeWriter.LookupBatch <= 2_100, "SQL Server takes at most 2,100 parameters a command.");
        Assert.Contains("WHERE \"EmployeeCode\" IN (@c0, @c1, ", sql);
        Assert.EndsWith("@c999)", sql);
        Assert.DoesNotContain("json_each", sql);
        Assert.DoesNotContain("INDEXED BY", sql);
        AssertNamesModelColumns(sql);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(SqlServerEmployeeWriter.InsertBatch)]
    public void Employee_insert_binds_a_row_of_parameters_per_row(int rows)
    {
        var sql = SqlServerEmployeeWriter.InsertSql(rows);
        var parameters = SqlServerEmployeeWriter.InsertParameters(rows);

        AssertBindsExactly(sql, parameters);
        Assert.Equal(rows * 13 + 1, parameters.Count);
        Assert.Equal(rows, Regex.Matches(sql, @"\(@EmployeeCode\d+, ").Count);
        Assert.Contains($"@OnboardedOn{rows - 1}, @Now, @Now)", sql);
        AssertNamesModelColumns(sql);
    }

    [Fact]
    public void Employee_insert_puts_each_row_in_its_own_parameters()
    {
        using var command = new SqlConnection().CreateCommand();
        foreach (var name in SqlServerEmployeeWriter.InsertParameters(2)) command.Parameters.Add(new SqlParameter("@" + name, DBNull.Value));
        object?[] first = ["A1", "Ram", 1, 2, 3, null, "9876543210", null, 3, 0, new DateOnly(2020, 1, 2), null, null];
        object?[] second = ["B2", "Sita", 4, 5, 6, 7, null, "s@up.gov.in", 1, 0, null, "igot-1", new DateOnly(2025, 3, 4)];

        SqlServerEmployeeWriter.Bind(command, [first, second]);

        Assert.Equal("A1", command.Parameters["@EmployeeCode0"].Value);
        Assert.Equal(DBNull.Value, command.Parameters["@OfficeId0"].Value);
        Assert.Equal(new DateOnly(2020, 1, 2), command.Parameters["@DateOfJoining0"].Value);
        Assert.Equal("B2", command.Parameters["@EmployeeCode1"].Value);
        Assert.Equal(7, command.Parameters["@OfficeId1"].Value);
        Assert.Equal(new DateOnly(2025, 3, 4), command.Parameters["@OnboardedOn1"].Value);
    }

    [Fact]
    public void New_office_id_comes_back_through_OUTPUT()
    {
        var sql = SqlServerEmployeeWriter.InsertOfficeSql;

        AssertBindsExactly(sql, EmployeeWriter.InsertOfficeParameters);
        Assert.Contains("OUTPUT INSERTED.\"Id\" VALUES (", sql);
        Assert.DoesNotContain("RETURNING", sql);
        Assert.Contains("RETURNING \"Id\"", SqliteEmployeeWriter.InsertOfficeSql);
        AssertNamesModelColumns(sql);
    }

    [Fact]
    public void Updates_and_deactivations_are_the_same_on_both_providers()
    {
        AssertBindsExactly(EmployeeWriter.UpdateSql, EmployeeWriter.UpdateParameters);
        AssertBindsExactly(EmployeeWriter.DeactivateSql, ["Now", "Id"]);
        AssertNamesModelColumns(EmployeeWriter.UpdateSql);
        AssertNamesModelColumns(EmployeeWriter.DeactivateSql);
    }

    [Fact]
    public async Task Employee_writer_opens_without_a_round_trip_and_writes_only_in_a_transaction()
    {
        await using var db = SqlServer();
        var dialect = DatabaseDialect.For(db);

        using (var reader = dialect.OpenEmployeeWriter(db, DateTime.UtcNow, forWriting: false))
            Assert.IsType<SqlServerEmployeeWriter>(reader);
        Assert.Throws<InvalidOperationException>(() => dialect.OpenEmployeeWriter(db, DateTime.UtcNow, forWriting: true));
    }

    [Fact]
    public async Task Bulk_loads_change_nothing_on_SQL_Server()
    {
        await using var db = SqlServer();
        var dialect = DatabaseDialect.For(db);

        foreach (var start in new Func<Task<BulkLoad>>[] { () => dialect.StartRosterLoadAsync(db, default), () => dialect.StartProgressLoadAsync(db, default) })
        {
            await using var load = await start();
            load.Begin(0);
            await load.NoteInsertsAsync(1_000_000, default);

            Assert.Null(await load.RestoreIndexesAsync(default));
            await load.VerifyAsync(default);
            await load.AfterCommitAsync(1_000_000, default);
        }
    }

    [Fact]
    public void SQLite_bulk_load_keeps_the_lookup_index_while_it_serves_lookups()
    {
        Assert.Contains("name <> 'IX_Employees_EmployeeCode'", SqliteBulkLoad.IndexesSql(SqliteBulkLoad.Employees, keepLookupIndex: true));
        Assert.DoesNotContain("IX_Employees_EmployeeCode", SqliteBulkLoad.IndexesSql(SqliteBulkLoad.Employees, keepLookupIndex: false));
        Assert.Contains("tbl_name = 'Enrolments' AND sql IS NOT NULL AND name <> 'IX_Enrolments_EmployeeId_CourseId'",
            SqliteBulkLoad.IndexesSql(SqliteBulkLoad.Enrolments, keepLookupIndex: true));
        // The progress import looks enrolments up even in an empty table.
        Assert.True(SqliteBulkLoad.Enrolments.LooksUpWhenEmpty);
        Assert.Equal("DROP INDEX \"IX_Employees_List\";", SqliteBulkLoad.DropIndexSql("IX_Employees_List"));
    }

    [Fact]
    public async Task After_migrate_sets_nothing_on_SQL_Server()
    {
        await using var db = SqlServer();
        await DatabaseDialect.For(db).AfterMigrateAsync(db, default); // would fail to connect if it ran anything
        Assert.Equal("PRAGMA journal_mode=WAL;", SqliteDialect.AfterMigrateSql);
    }

    [Fact]
    public void Snapshot_SQL_reads_the_columns_the_aggregator_expects()
    {
        var dialect = SqlServerDialect.Instance;

        Assert.StartsWith("SELECT \"Id\", \"DistrictId\", \"DepartmentId\", \"OfficeId\", \"DesignationId\", \"Group\", \"OnboardedOn\", \"CreatedAt\" FROM \"Employees\"", dialect.SnapshotEmployeesSql);
        Assert.EndsWith($"WHERE \"Status\" = {(int)EmployeeStatus.Active}", dialect.SnapshotEmployeesSql);
        Assert.StartsWith("SELECT \"EmployeeId\", \"CourseId\", \"CompletedOn\", \"LearningMinutes\" FROM \"Enrolments\"", dialect.SnapshotCompletionsSql);
        Assert.EndsWith($"WHERE \"Status\" = {(int)EnrolmentStatus.Completed}", dialect.SnapshotCompletionsSql);
        AssertNamesModelColumns(dialect.SnapshotEmployeesSql);
        AssertNamesModelColumns(dialect.SnapshotCompletionsSql);
        AssertNamesModelColumns(EmployeeLearning.RefreshFirstCompletionSql);
    }

    [Fact]
    public void Changed_district_marks_bind_both_values_as_parameters()
    {
        var at = new DateTime(2026, 11, 24, 10, 0, 0, DateTimeKind.Utc);

        var sql = SqlServerDialect.Instance.MarkDistrictChangedSql(42, at);

        Assert.Equal("INSERT INTO \"SnapshotDirtyDistricts\" (\"DistrictId\", \"MarkedAt\") VALUES ({0}, {1})", sql.Format);
        Assert.Equal(new object?[] { 42, at }, sql.GetArguments());
        AssertNamesModelColumns(sql.Format);
    }

    [Fact]
    public async Task Demo_rows_go_to_SqlBulkCopy_as_the_model_columns()
    {
        await using var db = SqlServer();
        var writer = (SqlServerDemoRowWriter)SqlServerDialect.Instance.OpenDemoRowWriter(new SqlConnection());
        var at = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        // Far below a chunk: the rows stay in the tables and nothing connects.
        await writer.AddEmployeeAsync(new EmployeeRow(7, "UP001", "Ram", 1, 2, 3, null, "9876543210", null, ServiceGroup.C, EmployeeStatus.Active,
            new DateOnly(2020, 5, 6), null, new DateOnly(2025, 1, 2), at), default);
        await writer.AddEnrolmentAsync(new EnrolmentRow(9, 7, 4, EnrolmentStatus.Completed, 100, new DateOnly(2025, 2, 1), new DateOnly(2025, 3, 1), 90), default);

        AssertCopiesInto(db, "Employees", writer.PendingEmployees, derived: ["FirstCompletedOn"]);
        AssertCopiesInto(db, "Enrolments", writer.PendingEnrolments, derived: []);
        var employee = writer.PendingEmployees.Rows[0];
        Assert.Equal(DBNull.Value, employee["OfficeId"]);
        Assert.Equal(new DateTime(2020, 5, 6), employee["DateOfJoining"]);
        Assert.Equal((int)ServiceGroup.C, employee["Group"]);
        Assert.Equal(new DateTime(2025, 3, 1), writer.PendingEnrolments.Rows[0]["CompletedOn"]);
        Assert.True(SqlServerDemoRowWriter.CopyOptions.HasFlag(SqlBulkCopyOptions.KeepIdentity), "Enrolments point at the employees' own ids.");
    }

    [Fact]
    public void Enrolment_lookup_binds_one_parameter_per_employee()
    {
        var sql = SqlServerEnrolmentWriter.LookupSql;

        AssertBindsExactly(sql, SqlServerEnrolmentWriter.LookupParameters);
        Assert.Equal(EnrolmentWriter.LookupBatch, SqlServerEnrolmentWriter.LookupParameters.Count);
        Assert.Contains("WHERE \"EmployeeId\" IN (@e0, @e1, ", sql);
        Assert.EndsWith("@e999)", sql);
        Assert.DoesNotContain("json_each", sql);
        Assert.DoesNotContain("INDEXED BY", sql);
        Assert.Contains("json_each(@ids)", SqliteEnrolmentWriter.LookupSql);
        AssertNamesModelColumns(sql);
    }

    [Fact]
    public void Every_write_binds_a_row_of_parameters_per_row()
    {
        foreach (var write in EnrolmentWriter.Writes) AssertBindsARowOfParametersPerRow(write);
    }

    private static void AssertBindsARowOfParametersPerRow(EnrolmentWriter.Write write)
    {
        var columns = EnrolmentWriter.ColumnsOf(write);
        var full = SqlServerEnrolmentWriter.RowsPerCommand(write);
        Assert.True(full * columns.Count <= 2_000 && full <= 1_000, "SQL Server takes at most 2,100 parameters a command, and 1,000 rows in an INSERT's VALUES.");

        foreach (var rows in new[] { 1, full })
        {
            var sql = SqlServerEnrolmentWriter.WriteSql(write, rows);
            var parameters = SqlServerEnrolmentWriter.WriteParameters(write, rows);

            AssertBindsExactly(sql, parameters);
            Assert.Equal(rows * columns.Count + (EnrolmentWriter.StampsUpdatedAt(write) ? 1 : 0), parameters.Count);
            Assert.Equal(rows, Regex.Matches(sql, $@"\(@{columns[0]}\d+, ").Count);
            Assert.Contains($"@{columns[^1]}{rows - 1})", sql);
            Assert.DoesNotContain("json_each", sql);
            AssertNamesModelColumns(sql);
        }
    }

    [Fact]
    public void Updates_join_their_rows_on_the_key_and_onboarding_keeps_a_stored_date()
    {
        var update = SqlServerEnrolmentWriter.WriteSql(EnrolmentWriter.Write.UpdateEnrolment, 2);
        Assert.StartsWith("UPDATE t SET \"Status\" = v.\"Status\", \"ProgressPercent\" = v.\"ProgressPercent\", ", update);
        Assert.Contains("FROM \"Enrolments\" AS t JOIN (VALUES (@EmployeeId0, @CourseId0, ", update);
        Assert.EndsWith("ON t.\"EmployeeId\" = v.\"EmployeeId\" AND t.\"CourseId\" = v.\"CourseId\"", update);
        Assert.DoesNotContain("\"EmployeeId\" = v.\"EmployeeId\", ", update); // the key is not set

        var onboard = SqlServerEnrolmentWriter.WriteSql(EnrolmentWriter.Write.Onboard, 1);
        Assert.Equal("UPDATE t SET \"OnboardedOn\" = v.\"OnboardedOn\", \"UpdatedAt\" = @Now FROM \"Employees\" AS t JOIN (VALUES (@Id0, @OnboardedOn0)) " +
            "AS v (\"Id\", \"OnboardedOn\") ON t.\"Id\" = v.\"Id\" WHERE t.\"OnboardedOn\" IS NULL", onboard);
        Assert.Equal("UPDATE t SET \"OnboardedOn\" = COALESCE(t.\"OnboardedOn\", v.\"OnboardedOn\"), \"FirstCompletedOn\" = v.\"FirstCompletedOn\", " +
            "\"UpdatedAt\" = CASE WHEN t.\"OnboardedOn\" IS NULL THEN @Now ELSE t.\"UpdatedAt\" END FROM \"Employees\" AS t " +
            "JOIN (VALUES (@Id0, @OnboardedOn0, @FirstCompletedOn0)) AS v (\"Id\", \"OnboardedOn\", \"FirstCompletedOn\") ON t.\"Id\" = v.\"Id\"",
            SqlServerEnrolmentWriter.WriteSql(EnrolmentWriter.Write.OnboardAndFirstCompletion, 1));
        Assert.StartsWith("INSERT INTO \"IgotUnmatchedUsers\" (\"BatchId\", \"UserKey\", ", SqlServerEnrolmentWriter.WriteSql(EnrolmentWriter.Write.InsertUnmatchedUser, 1));
    }

    [Fact]
    public void SQLite_writes_a_row_a_prepared_statement()
    {
        foreach (var write in EnrolmentWriter.Writes)
        {
            var sql = SqliteEnrolmentWriter.WriteSql(write);
            AssertBindsExactly(sql, SqliteEnrolmentWriter.WriteParameters(write));
            Assert.DoesNotContain("json_each", sql);
            if (EnrolmentWriter.KeyColumnsOf(write) == 0)
                Assert.EndsWith($"VALUES ({string.Join(", ", EnrolmentWriter.ColumnsOf(write).Select(c => "@" + c))})", sql);
        }
        Assert.Equal("UPDATE \"Employees\" SET \"OnboardedOn\" = @OnboardedOn, \"UpdatedAt\" = @Now WHERE \"Id\" = @Id AND \"OnboardedOn\" IS NULL",
            SqliteEnrolmentWriter.WriteSql(EnrolmentWriter.Write.Onboard));
        Assert.Equal("UPDATE \"Employees\" SET \"OnboardedOn\" = COALESCE(\"OnboardedOn\", @OnboardedOn), \"FirstCompletedOn\" = @FirstCompletedOn, " +
            "\"UpdatedAt\" = CASE WHEN \"OnboardedOn\" IS NULL THEN @Now ELSE \"UpdatedAt\" END WHERE \"Id\" = @Id",
            SqliteEnrolmentWriter.WriteSql(EnrolmentWriter.Write.OnboardAndFirstCompletion));
    }

    [Fact]
    public void Rows_go_into_their_own_parameters()
    {
        using var command = new SqlConnection().CreateCommand();
        foreach (var name in SqlServerEnrolmentWriter.WriteParameters(EnrolmentWriter.Write.InsertEnrolment, 2)) command.Parameters.Add(new SqlParameter("@" + name, DBNull.Value));

        SqlServerEnrolmentWriter.Bind(command, [7, 3, 2, 100, new DateOnly(2025, 4, 1), new DateOnly(2025, 4, 10), 150, 8, 4, 1, 45, null, null, 0]);

        Assert.Equal(7, command.Parameters["@EmployeeId0"].Value);
        Assert.Equal(new DateOnly(2025, 4, 10), command.Parameters["@CompletedOn0"].Value);
        Assert.Equal(150, command.Parameters["@LearningMinutes0"].Value);
        Assert.Equal(4, command.Parameters["@CourseId1"].Value);
        Assert.Equal(DBNull.Value, command.Parameters["@EnrolledOn1"].Value);
    }

    [Fact]
    public async Task Enrolment_writer_opens_without_a_round_trip_and_writes_only_in_a_transaction()
    {
        await using var db = SqlServer();
        using (var reader = DatabaseDialect.For(db).OpenEnrolmentWriter(db, DateTime.UtcNow, forWriting: false))
            Assert.IsType<SqlServerEnrolmentWriter>(reader);
        Assert.Throws<InvalidOperationException>(() => DatabaseDialect.For(db).OpenEnrolmentWriter(db, DateTime.UtcNow, forWriting: true));
    }

    /// <summary>Every column of the table maps to the model column of that name, and every model column (but derived ones) is given.</summary>
    private static void AssertCopiesInto(SqlServerPortalDbContext db, string table, DataTable rows, string[] derived)
    {
        var columns = ColumnsOf(db, table);
        var mappings = SqlServerDemoRowWriter.ColumnMappings(rows).ToList();
        Assert.All(mappings, m => Assert.Equal(m.Source, m.Destination));
        Assert.Equal(columns.Except(derived).Order(), mappings.Select(m => m.Destination).Order());
    }

    [GeneratedRegex("@([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex ParameterName();

    [GeneratedRegex("\"([A-Za-z_][A-Za-z0-9_]*)\"")]
    private static partial Regex QuotedName();

    private static void AssertBindsExactly(string sql, IEnumerable<string> parameters)
    {
        var used = ParameterName().Matches(sql).Select(m => m.Groups[1].Value).ToHashSet();
        var declared = parameters.ToList();
        Assert.Equal(declared.Count, declared.Distinct().Count());
        Assert.Equal(declared.Order(), used.Order());
    }

    /// <summary>Every quoted name in the SQL is a table of the SQL Server model or a column of a table the SQL names.</summary>
    private static void AssertNamesModelColumns(string sql)
    {
        using var db = SqlServer();
        var names = QuotedName().Matches(sql).Select(m => m.Groups[1].Value).Distinct().ToList();
        var tables = names.Where(n => ColumnsOf(db, n).Count > 0).ToList();
        Assert.NotEmpty(tables);
        var columns = tables.SelectMany(t => ColumnsOf(db, t)).ToHashSet();
        Assert.All(names.Except(tables), n => Assert.True(columns.Contains(n), $"'{n}' is not a column of {string.Join(", ", tables)} in the SQL Server model."));
    }

    private static List<string> ColumnsOf(DbContext db, string table) =>
        db.Model.GetEntityTypes().Where(e => e.GetTableName() == table)
            .SelectMany(e => e.GetProperties()).Select(p => p.GetColumnName()).Distinct().ToList();
}
