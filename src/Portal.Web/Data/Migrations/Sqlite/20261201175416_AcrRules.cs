using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AcrRules : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AcrRuleSets",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Year = table.Column<string>(type: "TEXT", maxLength: 7, nullable: false),
                    MinimumLearningHours = table.Column<decimal>(type: "TEXT", precision: 6, scale: 2, nullable: false),
                    RequireCapacityBuildingProgramme = table.Column<bool>(type: "INTEGER", nullable: false),
                    MinimumPrescribedShare = table.Column<decimal>(type: "TEXT", precision: 5, scale: 2, nullable: false),
                    LateCompletionsCount = table.Column<bool>(type: "INTEGER", nullable: false),
                    PrescribeMandatoryCourses = table.Column<bool>(type: "INTEGER", nullable: false),
                    PrescribeCbPlanAllocations = table.Column<bool>(type: "INTEGER", nullable: false),
                    CbPlanAparOnly = table.Column<bool>(type: "INTEGER", nullable: false),
                    IssuedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    IssuedBy = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AcrRuleSets", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CbPlanAllocations",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EmployeeId = table.Column<int>(type: "INTEGER", nullable: false),
                    CourseId = table.Column<int>(type: "INTEGER", nullable: false),
                    AllocatedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    DueOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    IsApar = table.Column<bool>(type: "INTEGER", nullable: false),
                    BatchId = table.Column<int>(type: "INTEGER", nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CbPlanAllocations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CbPlanAllocations_Courses_CourseId",
                        column: x => x.CourseId,
                        principalTable: "Courses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CbPlanAllocations_Employees_EmployeeId",
                        column: x => x.EmployeeId,
                        principalTable: "Employees",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_CbPlanAllocations_ImportBatches_BatchId",
                        column: x => x.BatchId,
                        principalTable: "ImportBatches",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "AcrVerdictRules",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RuleSetId = table.Column<int>(type: "INTEGER", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Label = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    MinimumShare = table.Column<decimal>(type: "TEXT", precision: 5, scale: 2, nullable: false),
                    MinimumHours = table.Column<decimal>(type: "TEXT", precision: 6, scale: 2, nullable: false),
                    RequiresProgramme = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AcrVerdictRules", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AcrVerdictRules_AcrRuleSets_RuleSetId",
                        column: x => x.RuleSetId,
                        principalTable: "AcrRuleSets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AcrRuleSets_Year",
                table: "AcrRuleSets",
                column: "Year",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AcrVerdictRules_RuleSetId_Position",
                table: "AcrVerdictRules",
                columns: new[] { "RuleSetId", "Position" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CbPlanAllocations_BatchId",
                table: "CbPlanAllocations",
                column: "BatchId");

            migrationBuilder.CreateIndex(
                name: "IX_CbPlanAllocations_CourseId",
                table: "CbPlanAllocations",
                column: "CourseId");

            migrationBuilder.CreateIndex(
                name: "IX_CbPlanAllocations_EmployeeId_CourseId_AllocatedOn",
                table: "CbPlanAllocations",
                columns: new[] { "EmployeeId", "CourseId", "AllocatedOn" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AcrVerdictRules");

            migrationBuilder.DropTable(
                name: "CbPlanAllocations");

            migrationBuilder.DropTable(
                name: "AcrRuleSets");
        }
    }
}
