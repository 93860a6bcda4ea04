using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class CourseCatalogue : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Courses_IgotCourseId",
                table: "Courses");

            migrationBuilder.AlterColumn<string>(
                name: "IgotCourseId",
                table: "Courses",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "nvarchar(100)",
                oldMaxLength: 100);

            migrationBuilder.AddColumn<string>(
                name: "CatalogueKey",
                table: "Courses",
                type: "nvarchar(501)",
                maxLength: 501,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "ContentType",
                table: "Courses",
                type: "nvarchar(50)",
                maxLength: 50,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Provider",
                table: "Courses",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);

            // EXEC: an idempotent script runs this migration as one batch, which SQL Server compiles before the new column exists.
            // Existing courses get their key as Course.KeyOf makes it (the provider is not known yet: "|name"; runs of up
            // to 16 spaces collapsed), before the unique index. Should two existing courses share a name, the later ones
            // keep their rows with "#id" appended rather than fail the upgrade.
            migrationBuilder.Sql("""
                EXEC(N'UPDATE [Courses] SET [CatalogueKey] = LOWER(LTRIM(RTRIM(COALESCE([Provider], N'''')))) + N''|'' + REPLACE(REPLACE(REPLACE(REPLACE(LOWER(LTRIM(RTRIM([Name]))), N''  '', N'' ''), N''  '', N'' ''), N''  '', N'' ''), N''  '', N'' '');');
                """);

            migrationBuilder.Sql("""
                EXEC(N'UPDATE [Courses] SET [CatalogueKey] = [CatalogueKey] + N''#'' + CAST([Id] AS nvarchar(11)) WHERE [Id] NOT IN (SELECT MIN([Id]) FROM [Courses] GROUP BY [CatalogueKey]);');
                """);

            migrationBuilder.CreateIndex(
                name: "IX_Courses_CatalogueKey",
                table: "Courses",
                column: "CatalogueKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Courses_IgotCourseId",
                table: "Courses",
                column: "IgotCourseId",
                unique: true,
                filter: "[IgotCourseId] IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Courses_CatalogueKey",
                table: "Courses");

            migrationBuilder.DropIndex(
                name: "IX_Courses_IgotCourseId",
                table: "Courses");

            migrationBuilder.DropColumn(
                name: "CatalogueKey",
                table: "Courses");

            migrationBuilder.DropColumn(
                name: "ContentType",
                table: "Courses");

            migrationBuilder.DropColumn(
                name: "Provider",
                table: "Courses");

            migrationBuilder.AlterColumn<string>(
                name: "IgotCourseId",
                table: "Courses",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "nvarchar(100)",
                oldMaxLength: 100,
                oldNullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Courses_IgotCourseId",
                table: "Courses",
                column: "IgotCourseId",
                unique: true);
        }
    }
}
