using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Web.Data.Migrations.SqlServer
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
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "MatchedRows",
                table: "ImportBatches",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "NewCompletions",
                table: "ImportBatches",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "NewCourses",
                table: "ImportBatches",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "Onboarded",
                table: "ImportBatches",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "OutsideScopeRows",
                table: "ImportBatches",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "UnmatchedRows",
                table: "ImportBatches",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "UpdatedCompletions",
                table: "ImportBatches",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "WorklistPath",
                table: "ImportBatches",
                type: "nvarchar(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "IgotUnmatchedUsers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    BatchId = table.Column<int>(type: "int", nullable: false),
                    UserKey = table.Column<string>(type: "nvarchar(320)", maxLength: 320, nullable: false),
                    Problem = table.Column<int>(type: "int", nullable: false),
                    Name = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    Email = table.Column<string>(type: "nvarchar(254)", maxLength: 254, nullable: true),
                    Phone = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: true),
                    EmployeeCode = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: true),
                    Designation = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    Organisation = table.Column<string>(type: "nvarchar(300)", maxLength: 300, nullable: true),
                    Rows = table.Column<int>(type: "int", nullable: false),
                    Completions = table.Column<int>(type: "int", nullable: false),
                    Candidates = table.Column<int>(type: "int", nullable: false)
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
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    UserKey = table.Column<string>(type: "nvarchar(320)", maxLength: 320, nullable: false),
                    EmployeeId = table.Column<int>(type: "int", nullable: false),
                    Name = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    Email = table.Column<string>(type: "nvarchar(254)", maxLength: 254, nullable: true),
                    Phone = table.Column<string>(type: "nvarchar(10)", maxLength: 10, nullable: true),
                    LinkedBy = table.Column<string>(type: "nvarchar(254)", maxLength: 254, nullable: false),
                    LinkedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
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
