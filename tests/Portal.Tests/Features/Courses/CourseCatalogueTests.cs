using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Portal.Web.Data;
using Portal.Web.Features.Courses;

namespace Portal.Tests.Features.Courses;

/// <summary>How a progress import finds its courses (<see cref="CourseCatalogue"/>), and the catalogue key of courses from before it.</summary>
public sealed class CourseCatalogueTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CopyOfSmallStateAsync();
    public Task DisposeAsync() { _db.Dispose(); return Task.CompletedTask; }

    private async Task<CourseCatalogue> LoadAsync()
    {
        await using var db = await _db.Factory.CreateDbContextAsync(DataScope.WholeState);
        return await CourseCatalogue.LoadAsync(db);
    }

    private int CourseId(string igotId) => (int)_db.Scalar($"SELECT Id FROM Courses WHERE IgotCourseId = '{igotId}'");

    [Fact]
    public void The_key_is_provider_and_name_trimmed_in_any_case_and_spacing()
    {
        Assert.Equal("igot karmayogi|cyber security awareness", Course.KeyOf("  iGOT   Karmayogi ", "CYBER\tSecurity  Awareness "));
        Assert.Equal("|cyber security awareness", Course.KeyOf(null, "Cyber Security Awareness"));
        Assert.Equal("|cyber security awareness", Course.KeyOf("   ", "Cyber Security Awareness"));
        var course = new Course { Name = "Cyber Security Awareness" };
        Assert.Equal("|cyber security awareness", course.CatalogueKey);
        course.Provider = "CERT-In";
        Assert.Equal("cert-in|cyber security awareness", course.CatalogueKey);
        course.Name = "Cyber  hygiene";
        Assert.Equal("cert-in|cyber hygiene", course.CatalogueKey);
    }

    [Fact]
    public async Task A_course_is_found_by_content_id_whatever_its_name_says()
    {
        var catalogue = await LoadAsync();
        var found = catalogue.Resolve(" do_cyber_sec_2023 ", "Someone Else", "Renamed on iGOT", "Course", 999);
        Assert.False(found.IsNew);
        Assert.Equal(CourseId("do_cyber_sec_2023"), found.Id);
        Assert.Empty(catalogue.Pending);
    }

    [Theory]
    [InlineData("iGOT Karmayogi", "Cyber Security Awareness")]
    [InlineData("  igot KARMAYOGI ", "cyber   security\tawareness  ")]
    [InlineData("IGOT KARMAYOGI", "CYBER SECURITY AWARENESS")]
    public async Task Without_a_content_id_a_course_is_found_by_provider_and_name_in_any_case_and_spacing(string provider, string name)
    {
        var catalogue = await LoadAsync();
        var found = catalogue.Resolve(null, provider, name, null, 60);
        Assert.False(found.IsNew);
        Assert.Equal(CourseId("do_cyber_sec_2023"), found.Id);
        // Same name, another provider: another course.
        Assert.True(catalogue.Resolve(null, "Some Academy", name, null, 60).IsNew);
    }

    [Fact]
    public async Task An_unknown_course_is_added_once_with_its_listed_duration_in_the_imports_transaction()
    {
        var catalogue = await LoadAsync();
        var first = catalogue.Resolve(null, "Uttar Pradesh Academy of Administration and Management", "GST for District Officers", "Course", null);
        var again = catalogue.Resolve("", " uttar pradesh academy of administration and management", "GST  for district officers", "Course", 135);
        var withId = catalogue.Resolve("do_new_2026", "iGOT Karmayogi", "Mission Karmayogi Refresher", "Program", 90);
        Assert.True(first.IsNew);
        Assert.Same(first, again);
        Assert.Equal(2, catalogue.Pending.Count);
        Assert.Same(withId, catalogue.Resolve("do_new_2026", null, "Whatever the row calls it", null, 10));
        Assert.Throws<InvalidOperationException>(() => first.Id);

        var before = _db.Scalar("SELECT COUNT(*) FROM Courses");
        await using (var db = await _db.Factory.CreateDbContextAsync(DataScope.WholeState))
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            Assert.Equal(2, await catalogue.SaveNewAsync(db));
            await transaction.RollbackAsync();
        }
        // Rolled back with the import: nothing stays.
        Assert.Equal(before, _db.Scalar("SELECT COUNT(*) FROM Courses"));

        var fresh = await LoadAsync();
        var gst = fresh.Resolve(null, "Uttar Pradesh Academy of Administration and Management", "GST for District Officers", "Course", null);
        fresh.Resolve("do_new_2026", "iGOT Karmayogi", "Mission Karmayogi Refresher", "Program", 90);
        fresh.Resolve(null, "UPAAM", "GST for District Officers", null, 0);
        fresh.Resolve(null, "UPAAM", "GST for District Officers", null, 45);
        await using (var db = await _db.Factory.CreateDbContextAsync(DataScope.WholeState))
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            Assert.Equal(3, await fresh.SaveNewAsync(db));
            await transaction.CommitAsync();
        }
        Assert.True(gst.Id > 0);
        Assert.Equal(before + 3, _db.Scalar("SELECT COUNT(*) FROM Courses"));
        Assert.Equal(1, _db.Scalar($"""
            SELECT COUNT(*) FROM Courses WHERE Id = {gst.Id} AND IgotCourseId IS NULL AND Name = 'GST for District Officers'
              AND Provider = 'Uttar Pradesh Academy of Administration and Management' AND ContentType = 'Course' AND DurationMinutes = 0
              AND CatalogueKey = 'uttar pradesh academy of administration and management|gst for district officers' AND IsMandatory = 0
            """));
        Assert.Equal(1, _db.Scalar("SELECT COUNT(*) FROM Courses WHERE IgotCourseId = 'do_new_2026' AND DurationMinutes = 90 AND ContentType = 'Program'"));
        // A new course first listed without a duration takes the first one a later row lists.
        Assert.Equal(45, _db.Scalar("SELECT DurationMinutes FROM Courses WHERE CatalogueKey = 'upaam|gst for district officers'"));

        // The next import finds them.
        var next = await LoadAsync();
        Assert.Equal(gst.Id, next.Resolve(null, "uttar pradesh academy of administration and management", "gst for district officers", null, null).Id);
        Assert.False(next.Resolve("DO_NEW_2026", null, "x", null, null).IsNew);
    }

    [Fact]
    public async Task A_course_from_before_providers_is_found_by_name_and_learns_its_content_id()
    {
        // As the migration leaves a course it found: no provider, no content id known.
        var rti = CourseId("do_rti_act");
        _db.Execute($"UPDATE Courses SET Provider = NULL, IgotCourseId = NULL, CatalogueKey = '|right to information act, 2005' WHERE Id = {rti}");

        var catalogue = await LoadAsync();
        var found = catalogue.Resolve("do_rti_2005", "iGOT Karmayogi", "Right to Information Act, 2005", "Course", 120);
        Assert.Equal(rti, found.Id);
        Assert.Same(found, catalogue.Resolve("do_rti_2005", null, "anything", null, null));
        Assert.Empty(catalogue.Pending);

        await using (var db = await _db.Factory.CreateDbContextAsync(DataScope.WholeState))
            Assert.Equal(0, await catalogue.SaveNewAsync(db));
        Assert.Equal("do_rti_2005", _db.Rows($"SELECT IgotCourseId FROM Courses WHERE Id = {rti}", r => r.GetString(0)).Single());
    }

    [Fact]
    public async Task A_blank_course_name_is_refused()
    {
        var catalogue = await LoadAsync();
        Assert.Throws<ArgumentException>(() => catalogue.Resolve("do_x", "iGOT Karmayogi", "  ", null, 60));
    }

    [Fact]
    public void Content_ids_and_catalogue_keys_are_unique_and_many_courses_may_lack_a_content_id()
    {
        _db.Execute("UPDATE Courses SET IgotCourseId = NULL WHERE Id IN (SELECT Id FROM Courses ORDER BY Id LIMIT 3)");
        Assert.Equal(3, _db.Scalar("SELECT COUNT(*) FROM Courses WHERE IgotCourseId IS NULL"));
        Assert.ThrowsAny<Exception>(() => _db.Execute(
            "INSERT INTO Courses (Name, CatalogueKey, DurationMinutes, IsMandatory, IsCapacityBuildingProgramme) SELECT Name, CatalogueKey, 60, 0, 0 FROM Courses LIMIT 1"));
        Assert.ThrowsAny<Exception>(() => _db.Execute(
            "INSERT INTO Courses (IgotCourseId, Name, CatalogueKey, DurationMinutes, IsMandatory, IsCapacityBuildingProgramme) VALUES ('do_rti_act', 'x', '|x', 60, 0, 0)"));
    }

    [Fact]
    public async Task Upgrading_a_database_gives_its_existing_courses_their_catalogue_key()
    {
        using var db = new TestDatabaseFile();
        await using var context = new SqlitePortalDbContext(new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite(db.ConnectionString).Options);
        var migrations = context.Database.GetMigrations().ToList();
        var catalogue = migrations.FindIndex(m => m.EndsWith("_CourseCatalogue", StringComparison.Ordinal));
        Assert.True(catalogue > 0);
        var migrator = context.GetService<IMigrator>();
        await migrator.MigrateAsync(migrations[catalogue - 1]);

        // Courses as the code before the catalogue stored them (content id required, no provider), one name written twice.
        db.Execute("""
            INSERT INTO Courses (IgotCourseId, Name, DurationMinutes, IsMandatory, IsCapacityBuildingProgramme) VALUES
              ('do_posh_2023', '  Prevention of Sexual Harassment (POSH)  at the Workplace ', 120, 1, 0),
              ('do_cyber', 'Cyber Security Awareness', 180, 1, 0),
              ('do_cyber_v2', 'CYBER SECURITY   AWARENESS', 180, 0, 0)
            """);
        await migrator.MigrateAsync();

        Assert.Equal(
            [("do_posh_2023", "|prevention of sexual harassment (posh) at the workplace"), ("do_cyber", "|cyber security awareness"), ("do_cyber_v2", "|cyber security awareness#3")],
            db.Rows("SELECT IgotCourseId, CatalogueKey FROM Courses ORDER BY Id", r => (r.GetString(0), r.GetString(1))));
        Assert.Equal(1, db.Scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'IX_Courses_CatalogueKey' AND sql LIKE 'CREATE UNIQUE INDEX%'"));
        Assert.Equal(0, db.Scalar("SELECT COUNT(*) FROM Courses WHERE Provider IS NOT NULL OR ContentType IS NOT NULL"));
        Assert.Empty(await context.Database.GetPendingMigrationsAsync());

        // The upgraded course is found by its name with any provider, and by its content id.
        var loaded = await CourseCatalogue.LoadAsync(context);
        Assert.Equal(1, loaded.Resolve(null, "iGOT Karmayogi", "prevention of sexual harassment (POSH) at the workplace", null, 120).Id);
        Assert.Equal(3, loaded.Resolve("do_cyber_v2", null, "x", null, null).Id);
    }

    [Fact]
    public void The_sql_server_upgrade_fills_the_keys_before_the_unique_index_in_a_script_a_dba_can_run()
    {
        using var sqlServer = new SqlServerPortalDbContext(new DbContextOptionsBuilder<SqlServerPortalDbContext>()
            .UseSqlServer("Server=unused;Database=Portal;TrustServerCertificate=True").Options);
        var script = sqlServer.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        // Wrapped in EXEC: the idempotent script's batch is compiled before the new column exists.
        var fill = script.IndexOf("EXEC(N'UPDATE [Courses] SET [CatalogueKey] = LOWER(LTRIM(RTRIM(COALESCE([Provider], N'''')))) + N''|''", StringComparison.Ordinal);
        var index = script.IndexOf("CREATE UNIQUE INDEX [IX_Courses_CatalogueKey] ON [Courses] ([CatalogueKey])", StringComparison.Ordinal);
        Assert.True(fill > 0 && index > fill, "The keys must be filled before the unique index is created.");
        Assert.Contains("CREATE UNIQUE INDEX [IX_Courses_IgotCourseId] ON [Courses] ([IgotCourseId]) WHERE [IgotCourseId] IS NOT NULL", script);
    }

    /// <summary>An empty SQLite file, not migrated (TestDatabase migrates to the latest at once).</summary>
    private sealed class TestDatabaseFile : IDisposable
    {
        public string File { get; } = Path.Combine(Path.GetTempPath(), $"portal-upgrade-{Guid.NewGuid():N}.db");
        public string ConnectionString => DatabaseSetup.SqliteConnectionString(File);

        public int Execute(string sql)
        {
            using var connection = new Microsoft.Data.Sqlite.SqliteConnection(ConnectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return command.ExecuteNonQuery();
        }

        public long Scalar(string sql)
        {
            using var connection = new Microsoft.Data.Sqlite.SqliteConnection(ConnectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToInt64(command.ExecuteScalar() ?? 0L);
        }

        public List<T> Rows<T>(string sql, Func<Microsoft.Data.Sqlite.SqliteDataReader, T> map)
        {
            using var connection = new Microsoft.Data.Sqlite.SqliteConnection(ConnectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            using var reader = command.ExecuteReader();
            var rows = new List<T>();
            while (reader.Read()) rows.Add(map(reader));
            return rows;
        }

        public void Dispose() => TestDatabase.DeleteFiles(File);
    }
}
