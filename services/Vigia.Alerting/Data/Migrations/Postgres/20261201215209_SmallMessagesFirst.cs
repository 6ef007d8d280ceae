using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vigia.Alerting.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SmallMessagesFirst : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "Version",
                schema: "alerting",
                table: "series_incidents",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<int>(
                name: "ChangeCount",
                schema: "alerting",
                table: "pending_series_changes",
                type: "integer",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Version",
                schema: "alerting",
                table: "series_incidents");

            migrationBuilder.DropColumn(
                name: "ChangeCount",
                schema: "alerting",
                table: "pending_series_changes");
        }
    }
}
