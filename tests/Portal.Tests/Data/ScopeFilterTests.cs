using Microsoft.EntityFrameworkCore;
using Portal.Web.Data;
using Xunit.Abstractions;

namespace Portal.Tests.Data;

/// <summary>
/// The data-scope filters as SQL (EF writes it without connecting), and a context's scope fixed once for its life.
/// </summary>
public sealed class ScopeFilterTests(ITestOutputHelper output)
{
    private static readonly DataScope RangeOffice = new(new HashSet<int> { 3, 4 }, new HashSet<int> { 7 });

    private static PortalDbContext Sqlite(DataScope scope, bool unscoped = false)
    {
        var db = new SqlitePortalDbContext(new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite("Data Source=unused.db").Options);
        db.FixScope(scope, unscoped);
        return db;
    }

    private static PortalDbContext SqlServer(DataScope scope, bool unscoped = false)
    {
        var db = new SqlServerPortalDbContext(new DbContextOptionsBuilder<SqlServerPortalDbContext>()
            .UseSqlServer("Server=unused;Database=Portal;TrustServerCertificate=True").Options);
        db.FixScope(scope, unscoped);
        return db;
    }

    private string ActiveStaff(PortalDbContext db)
    {
        var sql = db.Employees.Where(e => e.Status == EmployeeStatus.Active).ToQueryString();
        output.WriteLine(sql);
        output.WriteLine("");
        return sql;
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("sqlserver")]
    public void A_scoped_filter_lists_each_restricted_dimension_as_parameters(string provider)
    {
        using var db = provider == "sqlite" ? Sqlite(RangeOffice) : SqlServer(RangeOffice);

        var sql = ActiveStaff(db);

        Assert.Matches(@"""DistrictId"" IN \(@\w+, @\w+\)|\[DistrictId\] IN \(@\w+, @\w+\)", sql);
        Assert.Matches(@"""DepartmentId"" = @\w+|\[DepartmentId\] = @\w+", sql);
        Assert.DoesNotContain("json_each", sql);
        Assert.DoesNotContain("OPENJSON", sql);
    }

    [Fact]
    public void Contexts_never_scoped_see_nothing_and_unscoped_ones_say_so()
    {
        using var unset = new SqlitePortalDbContext(new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite("Data Source=unused.db").Options);
        using var unscoped = Sqlite(DataScope.WholeState, unscoped: true);
        using var stateAdmin = Sqlite(DataScope.WholeState);

        Assert.Same(DataScope.Nothing, unset.Scope);
        Assert.False(unset.IsUnscoped);
        Assert.True(unscoped.IsUnscoped);
        Assert.False(stateAdmin.IsUnscoped);
        Assert.Equal(ActiveStaff(stateAdmin), ActiveStaff(unscoped)); // the same rows: every one
    }

    [Fact]
    public void A_scope_is_fixed_once()
    {
        using var db = Sqlite(RangeOffice);

        Assert.Throws<InvalidOperationException>(() => db.FixScope(DataScope.WholeState));
        Assert.Throws<InvalidOperationException>(() => db.FixScope(DataScope.WholeState, unscoped: true));
        Assert.Same(RangeOffice, db.Scope);
        Assert.False(db.IsUnscoped);
    }

    [Fact]
    public async Task A_district_scope_is_searched_through_an_index_and_the_whole_state_has_no_filter()
    {
        using var state = await TestDatabase.CopyOfSmallStateAsync();
        var district = (int)state.Scalar("SELECT MIN(DistrictId) FROM Employees");
        await using var scoped = await state.Factory.CreateDbContextAsync(new DataScope(new HashSet<int> { district }, null));
        await using var whole = await state.Factory.CreateDbContextAsync(DataScope.WholeState);

        var sql = scoped.Employees.Where(e => e.Status == EmployeeStatus.Active).Select(e => e.Id).ToQueryString();
        var plan = string.Join("\n", state.Rows("EXPLAIN QUERY PLAN " + Inline(sql), r => r.GetString(3)));
        output.WriteLine(plan);

        Assert.Contains("SEARCH", plan);
        Assert.DoesNotContain("SCAN", plan);
        Assert.DoesNotContain("@ef_filter", whole.Employees.Where(e => e.Status == EmployeeStatus.Active).ToQueryString());
        Assert.Equal(state.Scalar($"SELECT COUNT(*) FROM Employees WHERE Status = 1 AND DistrictId = {district}"),
            await scoped.Employees.CountAsync(e => e.Status == EmployeeStatus.Active));
    }

    [Fact]
    public async Task A_context_whose_model_was_built_before_its_scope_sees_nothing()
    {
        using var state = await TestDatabase.CopyOfSmallStateAsync();
        await using var db = await state.Factory.CreateDbContextAsync();
        _ = db.Model; // built for the shape of an unfixed scope: every dimension limited, to nothing

        db.FixScope(DataScope.WholeState);

        Assert.Equal(0, await db.Employees.CountAsync());
        Assert.True(state.Scalar("SELECT COUNT(*) FROM Employees") > 0);
    }

    /// <summary>EF's SQLite text with its DECLAREd parameters put inline, for EXPLAIN.</summary>
    private static string Inline(string sql)
    {
        var lines = sql.Split('\n');
        var body = string.Join('\n', lines.Where(l => !l.StartsWith(".param", StringComparison.Ordinal)));
        foreach (var line in lines.Where(l => l.StartsWith(".param set", StringComparison.Ordinal)))
        {
            var parts = line.Split(' ', 4);
            body = System.Text.RegularExpressions.Regex.Replace(body, System.Text.RegularExpressions.Regex.Escape(parts[2]) + @"\b", parts[3].Trim('\''));
        }
        return body;
    }
}
