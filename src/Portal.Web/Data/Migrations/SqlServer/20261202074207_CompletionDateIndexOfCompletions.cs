using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class CompletionDateIndexOfCompletions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Enrolments_CompletedOn",
                table: "Enrolments");

            migrationBuilder.CreateIndex(
                name: "IX_Enrolments_CompletedOn",
                table: "Enrolments",
                column: "CompletedOn",
                filter: "[CompletedOn] IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Enrolments_CompletedOn",
                table: "Enrolments");

            migrationBuilder.CreateIndex(
                name: "IX_Enrolments_CompletedOn",
                table: "Enrolments",
                column: "CompletedOn");
        }
    }
}
