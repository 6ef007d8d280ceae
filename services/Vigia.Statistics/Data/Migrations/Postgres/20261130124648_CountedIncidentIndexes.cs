using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vigia.Statistics.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CountedIncidentIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_incidents_Admin1_OccurredOn",
                schema: "statistics",
                table: "incidents");

            migrationBuilder.DropIndex(
                name: "IX_incidents_OccurredOn",
                schema: "statistics",
                table: "incidents");

            migrationBuilder.CreateIndex(
                name: "IX_incidents_counted_by_day",
                schema: "statistics",
                table: "incidents",
                columns: new[] { "OccurredOn", "CountryCode", "Admin1", "Admin2", "IncidentType" },
                filter: "NOT \"Retracted\"");

            migrationBuilder.CreateIndex(
                name: "IX_incidents_counted_by_department",
                schema: "statistics",
                table: "incidents",
                columns: new[] { "Admin1", "OccurredOn", "CountryCode", "IncidentType" },
                filter: "NOT \"Retracted\"");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_incidents_counted_by_day",
                schema: "statistics",
                table: "incidents");

            migrationBuilder.DropIndex(
                name: "IX_incidents_counted_by_department",
                schema: "statistics",
                table: "incidents");

            migrationBuilder.CreateIndex(
                name: "IX_incidents_Admin1_OccurredOn",
                schema: "statistics",
                table: "incidents",
                columns: new[] { "Admin1", "OccurredOn" });

            migrationBuilder.CreateIndex(
                name: "IX_incidents_OccurredOn",
                schema: "statistics",
                table: "incidents",
                column: "OccurredOn");
        }
    }
}
