using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SnapshotRowsAndDirtyDistricts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // SQLite drops a plain column in place (3.35 and later); EF's DropColumn would rebuild the table, which cannot
            // run inside the migration's transaction. The counted campaigns are not carried over: the next snapshot
            // (asked for by the first campaign page that finds its campaign not counted) records them as rows.
            migrationBuilder.Sql("ALTER TABLE \"ComplianceSnapshots\" DROP COLUMN \"CountedCampaigns\";");

            migrationBuilder.AddColumn<int>(
                name: "DistrictsRecounted",
                table: "ComplianceSnapshots",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "SnapshotCampaigns",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SnapshotId = table.Column<int>(type: "INTEGER", nullable: false),
                    CampaignId = table.Column<int>(type: "INTEGER", nullable: false),
                    Definition = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false)
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DistrictId = table.Column<int>(type: "INTEGER", nullable: false),
                    MarkedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
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
                type: "TEXT",
                nullable: false,
                defaultValue: "");
        }
    }
}
