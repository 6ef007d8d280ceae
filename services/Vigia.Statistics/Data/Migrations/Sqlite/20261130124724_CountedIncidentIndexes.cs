using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vigia.Statistics.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CountedIncidentIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_incidents_Admin1_OccurredOn",
                table: "incidents");

            migrationBuilder.DropIndex(
                name: "IX_incidents_OccurredOn",
                table: "incidents");

            migrationBuilder.CreateIndex(
                name: "IX_incidents_counted_by_day",
                table: "incidents",
                columns: new[] { "OccurredOn", "CountryCode", "Admin1", "Admin2", "IncidentType" },
                filter: "NOT \"Retracted\"");

            migrationBuilder.CreateIndex(
                name: "IX_incidents_counted_by_department",
                table: "incidents",
                columns: new[] { "Admin1", "OccurredOn", "CountryCode", "IncidentType" },
                filter: "NOT \"Retracted\"");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_incidents_counted_by_day",
                table: "incidents");

            migrationBuilder.DropIndex(
                name: "IX_incidents_counted_by_department",
                table: "incidents");

            migrationBuilder.CreateIndex(
                name: "IX_incidents_Admin1_OccurredOn",
                table: "incidents",
                columns: new[] { "Admin1", "OccurredOn" });

            migrationBuilder.CreateIndex(
                name: "IX_incidents_OccurredOn",
                table: "incidents",
                column: "OccurredOn");
        }
    }
}
