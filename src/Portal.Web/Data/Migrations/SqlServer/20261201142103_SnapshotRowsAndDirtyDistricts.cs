using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class SnapshotRowsAndDirtyDistricts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CountedCampaigns",
                table: "ComplianceSnapshots");

            migrationBuilder.AddColumn<int>(
                name: "DistrictsRecounted",
                table: "ComplianceSnapshots",
                type: "int",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "SnapshotCampaigns",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    SnapshotId = table.Column<int>(type: "int", nullable: false),
                    CampaignId = table.Column<int>(type: "int", nullable: false),
                    Definition = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SnapshotCampaigns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SnapshotCampaigns_ComplianceSnapshots_SnapshotId",
                        column: x => x.SnapshotId,
                        principalTable: "ComplianceSnapshots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SnapshotDirtyDistricts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    DistrictId = table.Column<int>(type: "int", nullable: false),
                    MarkedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SnapshotDirtyDistricts", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SnapshotCampaigns_SnapshotId_CampaignId",
                table: "SnapshotCampaigns",
                columns: new[] { "SnapshotId", "CampaignId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SnapshotDirtyDistricts_DistrictId",
                table: "SnapshotDirtyDistricts",
                column: "DistrictId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SnapshotCampaigns");

            migrationBuilder.DropTable(
                name: "SnapshotDirtyDistricts");

            migrationBuilder.DropColumn(
                name: "DistrictsRecounted",
                table: "ComplianceSnapshots");

            migrationBuilder.AddColumn<string>(
                name: "CountedCampaigns",
                table: "ComplianceSnapshots",
                type: "nvarchar(max)",
                nullable: false,
                defaultValue: "");
        }
    }
}
