using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vigia.Alerting.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Release_0_6_0 : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Version",
                schema: "alerting",
                table: "wave_states",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "SetAsideAt",
                schema: "alerting",
                table: "outbox_messages",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SetAsideReason",
                schema: "alerting",
                table: "outbox_messages",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "ProvisionalUntil",
                schema: "alerting",
                table: "alerts",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Version",
                schema: "alerting",
                table: "alerts",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "reporting_delays",
                schema: "alerting",
                columns: table => new
                {
                    RuleId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    SeriesKey = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    DayCounts = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reporting_delays", x => new { x.RuleId, x.SeriesKey });
                });

            migrationBuilder.CreateIndex(
                name: "IX_alerts_ProvisionalUntil",
                schema: "alerting",
                table: "alerts",
                column: "ProvisionalUntil");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "reporting_delays",
                schema: "alerting");

            migrationBuilder.DropIndex(
                name: "IX_alerts_ProvisionalUntil",
                schema: "alerting",
                table: "alerts");

            migrationBuilder.DropColumn(
                name: "Version",
                schema: "alerting",
                table: "wave_states");

            migrationBuilder.DropColumn(
                name: "SetAsideAt",
                schema: "alerting",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "SetAsideReason",
                schema: "alerting",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "ProvisionalUntil",
                schema: "alerting",
                table: "alerts");

            migrationBuilder.DropColumn(
                name: "Version",
                schema: "alerting",
                table: "alerts");
        }
    }
}
