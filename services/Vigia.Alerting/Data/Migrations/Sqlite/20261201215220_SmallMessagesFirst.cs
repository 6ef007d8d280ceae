using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vigia.Alerting.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SmallMessagesFirst : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "Version",
                table: "series_incidents",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<int>(
                name: "ChangeCount",
                table: "pending_series_changes",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Version",
                table: "series_incidents");

            migrationBuilder.DropColumn(
                name: "ChangeCount",
                table: "pending_series_changes");
        }
    }
}
