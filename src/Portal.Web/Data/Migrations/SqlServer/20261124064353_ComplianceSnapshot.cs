using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Web.Data.Migrations.SqlServer
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
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    DistrictId = table.Column<int>(type: "int", nullable: false),
                    DepartmentId = table.Column<int>(type: "int", nullable: false),
                    OfficeId = table.Column<int>(type: "int", nullable: true),
                    DesignationId = table.Column<int>(type: "int", nullable: false),
                    Group = table.Column<int>(type: "int", nullable: false),
                    Workforce = table.Column<int>(type: "int", nullable: false),
                    Onboarded = table.Column<int>(type: "int", nullable: false),
                    Learners = table.Column<int>(type: "int", nullable: false),
                    Completions = table.Column<int>(type: "int", nullable: false),
                    LearningMinutes = table.Column<long>(type: "bigint", nullable: false),
                    MandatoryCompliant = table.Column<int>(type: "int", nullable: false),
                    OnboardedWeekAgo = table.Column<int>(type: "int", nullable: false),
                    LearnersWeekAgo = table.Column<int>(type: "int", nullable: false),
                    CompletionsWeekAgo = table.Column<int>(type: "int", nullable: false),
                    LearningMinutesWeekAgo = table.Column<long>(type: "bigint", nullable: false),
                    MandatoryCompliantWeekAgo = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ComplianceCells", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ComplianceSnapshots",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    ComputedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    AsOfDate = table.Column<DateOnly>(type: "date", nullable: false),
                    Seconds = table.Column<double>(type: "float", nullable: false),
                    Reason = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Employees = table.Column<int>(type: "int", nullable: false),
                    Completions = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ComplianceSnapshots", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ComplianceWeeks",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    DistrictId = table.Column<int>(type: "int", nullable: false),
                    DepartmentId = table.Column<int>(type: "int", nullable: false),
                    WeekEnding = table.Column<DateOnly>(type: "date", nullable: false),
                    Workforce = table.Column<int>(type: "int", nullable: false),
                    Onboarded = table.Column<int>(type: "int", nullable: false),
                    Learners = table.Column<int>(type: "int", nullable: false)
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
