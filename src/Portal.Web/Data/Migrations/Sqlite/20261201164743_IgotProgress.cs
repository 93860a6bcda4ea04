using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class IgotProgress : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "AmbiguousRows",
                table: "ImportBatches",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "MatchedRows",
                table: "ImportBatches",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "NewCompletions",
                table: "ImportBatches",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "NewCourses",
                table: "ImportBatches",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "Onboarded",
                table: "ImportBatches",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "OutsideScopeRows",
                table: "ImportBatches",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "UnmatchedRows",
                table: "ImportBatches",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "UpdatedCompletions",
                table: "ImportBatches",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "WorklistPath",
                table: "ImportBatches",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "IgotUnmatchedUsers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    BatchId = table.Column<int>(type: "INTEGER", nullable: false),
                    UserKey = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    Problem = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Email = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    Phone = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    EmployeeCode = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    Designation = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Organisation = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    Rows = table.Column<int>(type: "INTEGER", nullable: false),
                    Completions = table.Column<int>(type: "INTEGER", nullable: false),
                    Candidates = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IgotUnmatchedUsers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IgotUnmatchedUsers_ImportBatches_BatchId",
                        column: x => x.BatchId,
                        principalTable: "ImportBatches",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "IgotUserLinks",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserKey = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    EmployeeId = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Email = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    Phone = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    LinkedBy = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    LinkedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IgotUserLinks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IgotUserLinks_Employees_EmployeeId",
                        column: x => x.EmployeeId,
                        principalTable: "Employees",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_IgotUnmatchedUsers_BatchId",
                table: "IgotUnmatchedUsers",
                column: "BatchId");

            migrationBuilder.CreateIndex(
                name: "IX_IgotUnmatchedUsers_UserKey_BatchId",
                table: "IgotUnmatchedUsers",
                columns: new[] { "UserKey", "BatchId" });

            migrationBuilder.CreateIndex(
                name: "IX_IgotUserLinks_EmployeeId",
                table: "IgotUserLinks",
                column: "EmployeeId");

            migrationBuilder.CreateIndex(
                name: "IX_IgotUserLinks_UserKey",
                table: "IgotUserLinks",
                column: "UserKey",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "IgotUnmatchedUsers");

            migrationBuilder.DropTable(
                name: "IgotUserLinks");

            migrationBuilder.DropColumn(
                name: "AmbiguousRows",
                table: "ImportBatches");

            migrationBuilder.DropColumn(
                name: "MatchedRows",
                table: "ImportBatches");

            migrationBuilder.DropColumn(
                name: "NewCompletions",
                table: "ImportBatches");

            migrationBuilder.DropColumn(
                name: "NewCourses",
                table: "ImportBatches");

            migrationBuilder.DropColumn(
                name: "Onboarded",
                table: "ImportBatches");

            migrationBuilder.DropColumn(
                name: "OutsideScopeRows",
                table: "ImportBatches");

            migrationBuilder.DropColumn(
                name: "UnmatchedRows",
                table: "ImportBatches");

            migrationBuilder.DropColumn(
                name: "UpdatedCompletions",
                table: "ImportBatches");

            migrationBuilder.DropColumn(
                name: "WorklistPath",
                table: "ImportBatches");
        }
    }
}
