using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class AcrIssuedMandatoryCourses : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AcrIssuedMandatoryCourses",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    RuleSetId = table.Column<int>(type: "int", nullable: false),
                    CourseId = table.Column<int>(type: "int", nullable: false),
                    DesignationId = table.Column<int>(type: "int", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AcrIssuedMandatoryCourses", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AcrIssuedMandatoryCourses_AcrRuleSets_RuleSetId",
                        column: x => x.RuleSetId,
                        principalTable: "AcrRuleSets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AcrIssuedMandatoryCourses_Courses_CourseId",
                        column: x => x.CourseId,
                        principalTable: "Courses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_AcrIssuedMandatoryCourses_Designations_DesignationId",
                        column: x => x.DesignationId,
                        principalTable: "Designations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AcrIssuedMandatoryCourses_CourseId",
                table: "AcrIssuedMandatoryCourses",
                column: "CourseId");

            migrationBuilder.CreateIndex(
                name: "IX_AcrIssuedMandatoryCourses_DesignationId",
                table: "AcrIssuedMandatoryCourses",
                column: "DesignationId");

            migrationBuilder.CreateIndex(
                name: "IX_AcrIssuedMandatoryCourses_RuleSetId_CourseId_DesignationId",
                table: "AcrIssuedMandatoryCourses",
                columns: new[] { "RuleSetId", "CourseId", "DesignationId" },
                unique: true,
                filter: "[DesignationId] IS NOT NULL");

            // Rules issued before this table existed record the catalogue's mandatory courses as they are at the upgrade:
            // a course with listed designations once per designation, one with none once for every designation.
            migrationBuilder.Sql("""
                INSERT INTO "AcrIssuedMandatoryCourses" ("RuleSetId", "CourseId", "DesignationId")
                SELECT r."Id", c."Id", cd."ApplicableDesignationsId"
                FROM "AcrRuleSets" r CROSS JOIN "Courses" c
                JOIN "CourseDesignations" cd ON cd."CourseId" = c."Id"
                WHERE r."IssuedAt" IS NOT NULL AND c."IsMandatory" = 1
                """);
            migrationBuilder.Sql("""
                INSERT INTO "AcrIssuedMandatoryCourses" ("RuleSetId", "CourseId", "DesignationId")
                SELECT r."Id", c."Id", NULL
                FROM "AcrRuleSets" r CROSS JOIN "Courses" c
                WHERE r."IssuedAt" IS NOT NULL AND c."IsMandatory" = 1
                  AND NOT EXISTS (SELECT 1 FROM "CourseDesignations" cd WHERE cd."CourseId" = c."Id")
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AcrIssuedMandatoryCourses");
        }
    }
}
