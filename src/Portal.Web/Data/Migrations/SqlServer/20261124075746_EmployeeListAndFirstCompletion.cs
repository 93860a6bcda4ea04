using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class EmployeeListAndFirstCompletion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "FirstCompletedOn",
                table: "Employees",
                type: "date",
                nullable: true);

            // Existing learners get their first completion date from the enrolments already stored.
            migrationBuilder.Sql("""
                UPDATE "Employees" SET "FirstCompletedOn" =
                    (SELECT MIN(x."CompletedOn") FROM "Enrolments" AS x WHERE x."EmployeeId" = "Employees"."Id" AND x."Status" = 2)
                """);

            migrationBuilder.CreateIndex(
                name: "IX_Employees_List",
                table: "Employees",
                columns: new[] { "DistrictId", "Status", "Name", "OnboardedOn", "FirstCompletedOn", "EmployeeCode", "DepartmentId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Employees_List",
                table: "Employees");

            migrationBuilder.DropColumn(
                name: "FirstCompletedOn",
                table: "Employees");
        }
    }
}
