using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vigia.Alerting.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Release_0_6_0 : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "wave_states",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "SetAsideAt",
                table: "outbox_messages",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SetAsideReason",
                table: "outbox_messages",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "ProvisionalUntil",
                table: "alerts",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "alerts",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "reporting_delays",
                columns: table => new
                {
                    RuleId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    SeriesKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    DayCounts = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reporting_delays", x => new { x.RuleId, x.SeriesKey });
                });

            migrationBuilder.CreateIndex(
                name: "IX_alerts_ProvisionalUntil",
                table: "alerts",
                column: "ProvisionalUntil");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "reporting_delays");

            migrationBuilder.DropIndex(
                name: "IX_alerts_ProvisionalUntil",
                table: "alerts");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "wave_states");

            migrationBuilder.DropColumn(
                name: "SetAsideAt",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "SetAsideReason",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "ProvisionalUntil",
                table: "alerts");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "alerts");
        }
    }
}
