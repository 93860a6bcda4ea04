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
}
