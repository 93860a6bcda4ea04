using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ComplianceSnapshot : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ComplianceCells",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DistrictId = table.Column<int>(type: "INTEGER", nullable: false),
                    DepartmentId = table.Column<int>(type: "INTEGER", nullable: false),
                    OfficeId = table.Column<int>(type: "INTEGER", nullable: true),
                    DesignationId = table.Column<int>(type: "INTEGER", nullable: false),
                    Group = table.Column<int>(type: "INTEGER", nullable: false),
                    Workforce = table.Column<int>(type: "INTEGER", nullable: false),
                    Onboarded = table.Column<int>(type: "INTEGER", nullable: false),
                    Learners = table.Column<int>(type: "INTEGER", nullable: false),
                    Completions = table.Column<int>(type: "INTEGER", nullable: false),
                    LearningMinutes = table.Column<long>(type: "INTEGER", nullable: false),
                    MandatoryCompliant = table.Column<int>(type: "INTEGER", nullable: false),
                    OnboardedWeekAgo = table.Column<int>(type: "INTEGER", nullable: false),
                    LearnersWeekAgo = table.Column<int>(type: "INTEGER", nullable: false),
                    CompletionsWeekAgo = table.Column<int>(type: "INTEGER", nullable: false),
                    LearningMinutesWeekAgo = table.Column<long>(type: "INTEGER", nullable: false),
                    MandatoryCompliantWeekAgo = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ComplianceCells", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ComplianceSnapshots",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ComputedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    AsOfDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Seconds = table.Column<double>(type: "REAL", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Employees = table.Column<int>(type: "INTEGER", nullable: false),
                    Completions = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ComplianceSnapshots", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ComplianceWeeks",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DistrictId = table.Column<int>(type: "INTEGER", nullable: false),
                    DepartmentId = table.Column<int>(type: "INTEGER", nullable: false),
                    WeekEnding = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Workforce = table.Column<int>(type: "INTEGER", nullable: false),
                    Onboarded = table.Column<int>(type: "INTEGER", nullable: false),
                    Learners = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ComplianceWeeks", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ComplianceCells_DepartmentId_DistrictId",
                table: "ComplianceCells",
                columns: new[] { "DepartmentId", "DistrictId" });

            migrationBuilder.CreateIndex(
                name: "IX_ComplianceCells_DistrictId_DepartmentId",
                table: "ComplianceCells",
                columns: new[] { "DistrictId", "DepartmentId" });

            migrationBuilder.CreateIndex(
                name: "IX_ComplianceWeeks_DistrictId_DepartmentId_WeekEnding",
                table: "ComplianceWeeks",
                columns: new[] { "DistrictId", "DepartmentId", "WeekEnding" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ComplianceCells");

            migrationBuilder.DropTable(
                name: "ComplianceSnapshots");

            migrationBuilder.DropTable(
                name: "ComplianceWeeks");
        }
    }
}
