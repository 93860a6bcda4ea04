using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class RosterImports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "CompleteRoster",
                table: "ImportBatches",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "ErrorCount",
                table: "ImportBatches",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "IgnoredColumns",
                table: "ImportBatches",
                type: "nvarchar(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "StoredFilePath",
                table: "ImportBatches",
                type: "nvarchar(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "UploadedByUserId",
                table: "ImportBatches",
                type: "int",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "NameAliases",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Kind = table.Column<int>(type: "int", nullable: false),
                    Alias = table.Column<string>(type: "nvarchar(150)", maxLength: 150, nullable: false),
                    TargetId = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NameAliases", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ImportBatches_UploadedByUserId",
                table: "ImportBatches",
                column: "UploadedByUserId");

            migrationBuilder.CreateIndex(
                name: "IX_NameAliases_Kind_Alias",
                table: "NameAliases",
                columns: new[] { "Kind", "Alias" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "NameAliases");

            migrationBuilder.DropIndex(
                name: "IX_ImportBatches_UploadedByUserId",
                table: "ImportBatches");

            migrationBuilder.DropColumn(
                name: "CompleteRoster",
                table: "ImportBatches");

            migrationBuilder.DropColumn(
                name: "ErrorCount",
                table: "ImportBatches");

            migrationBuilder.DropColumn(
                name: "IgnoredColumns",
                table: "ImportBatches");

            migrationBuilder.DropColumn(
                name: "StoredFilePath",
                table: "ImportBatches");

            migrationBuilder.DropColumn(
                name: "UploadedByUserId",
                table: "ImportBatches");
        }
    }
}
