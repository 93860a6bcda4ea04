using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Portal.Web.Data;

namespace Portal.Tests.Data;

/// <summary>
/// SQL Server cannot run here, so these prove its model validates and its migrations generate a full script;
/// SQLite's migrations are applied for real.
/// </summary>
public sealed class DatabaseModelTests
{
    private static SqlServerPortalDbContext SqlServer() => new(new DbContextOptionsBuilder<SqlServerPortalDbContext>()
        .UseSqlServer("Server=unused;Database=Portal;TrustServerCertificate=True").Options);

    private static readonly string[] Tables =
        ["Districts", "DistrictGroupings", "DistrictGroupingMembers", "Departments", "Offices", "Designations",
         "Employees", "Courses", "CourseDesignations", "Enrolments", "Campaigns", "ImportBatches"];

    [Fact]
    public void SqlServer_migrations_script_creates_every_table_and_the_dashboard_indexes()
    {
        using var db = SqlServer();
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        foreach (var table in Tables)
            Assert.Contains($"CREATE TABLE [{table}]", script);
        Assert.Contains("CREATE UNIQUE INDEX [IX_Employees_EmployeeCode] ON [Employees] ([EmployeeCode])", script);
        Assert.Contains("CREATE INDEX [IX_Employees_DistrictId_DepartmentId_Status] ON [Employees] ([DistrictId], [DepartmentId], [Status])", script);
        Assert.Contains("CREATE UNIQUE INDEX [IX_Enrolments_EmployeeId_CourseId] ON [Enrolments] ([EmployeeId], [CourseId])", script);
        // Dates are SQL Server dates, not strings.
        Assert.Contains("[OnboardedOn] date NULL", script);
        Assert.Contains("[CompletedOn] date NULL", script);
    }

    [Fact]
    public void SqlServer_model_validates_and_matches_the_create_script()
    {
        using var db = SqlServer();
        var create = db.Database.GenerateCreateScript();
        Assert.Contains("CREATE TABLE [Employees]", create);
        Assert.Contains("[Sha256] nchar(64) NOT NULL", create);
    }

    [Fact]
    public void Each_provider_has_migrations_that_match_the_model()
    {
        using var sqlServer = SqlServer();
        Assert.NotEmpty(sqlServer.Database.GetMigrations());
        Assert.False(sqlServer.Database.HasPendingModelChanges(), "The SQL Server migrations are behind the model: add a migration.");

        using var sqlite = new SqlitePortalDbContext(new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite("Data Source=:memory:").Options);
        Assert.NotEmpty(sqlite.Database.GetMigrations());
        Assert.False(sqlite.Database.HasPendingModelChanges(), "The SQLite migrations are behind the model: add a migration.");
        // Each provider keeps its own migrations.
        Assert.Empty(sqlite.Database.GetMigrations().Intersect(sqlServer.Database.GetMigrations()));
    }

    [Fact]
    public async Task Sqlite_migrations_apply_to_a_new_file_and_store_dates_as_iso_dates()
    {
        using var db = await TestDatabase.CreateAsync();
        foreach (var table in Tables)
            Assert.Equal(1, db.Scalar($"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{table}'"));
        Assert.Equal(1, db.Scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'IX_Employees_EmployeeCode'"));

        await using (var context = await db.Factory.CreateDbContextAsync())
        {
            var district = new District { Name = "Meerut" };
            var department = new Department { Name = "Police" };
            var designation = new Designation { Name = "Constable", Category = DesignationCategory.FieldStaff };
            context.Employees.Add(new Employee
            {
                EmployeeCode = "00123", Name = "Test", District = district, Department = department, Designation = designation,
                OnboardedOn = new DateOnly(2025, 1, 31), CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
            });
            await context.SaveChangesAsync();
        }
        Assert.Equal("2025-01-31", db.Rows("SELECT OnboardedOn FROM Employees", r => r.GetString(0)).Single());
        Assert.Equal("00123", db.Rows("SELECT EmployeeCode FROM Employees", r => r.GetString(0)).Single());
    }

    [Fact]
    public async Task Employee_code_is_unique()
    {
        using var db = await TestDatabase.CreateAsync();
        await using var context = await db.Factory.CreateDbContextAsync();
        var district = new District { Name = "Hapur" };
        var department = new Department { Name = "Police" };
        var designation = new Designation { Name = "Constable" };
        Employee Make() => new()
        {
            EmployeeCode = "UP-1", Name = "Same Code", District = district, Department = department, Designation = designation,
            CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
        };
        context.Employees.AddRange(Make(), Make());
        await Assert.ThrowsAsync<DbUpdateException>(() => context.SaveChangesAsync());
    }
}
