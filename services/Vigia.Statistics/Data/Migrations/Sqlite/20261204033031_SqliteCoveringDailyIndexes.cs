using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vigia.Statistics.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SqliteCoveringDailyIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_daily_counts_by_day",
                table: "daily_counts");

            migrationBuilder.DropIndex(
                name: "IX_daily_counts_by_department",
                table: "daily_counts");

            migrationBuilder.DropIndex(
                name: "IX_daily_counts_by_type",
                table: "daily_counts");

            migrationBuilder.CreateIndex(
                name: "IX_daily_counts_by_day",
                table: "daily_counts",
                columns: new[] { "OccurredOn", "CountryCode", "Admin1", "IncidentType", "Incidents", "Victims" });

            migrationBuilder.CreateIndex(
                name: "IX_daily_counts_by_department",
                table: "daily_counts",
                columns: new[] { "Admin1", "IncidentType", "OccurredOn", "CountryCode", "Incidents", "Victims" });

            migrationBuilder.CreateIndex(
                name: "IX_daily_counts_by_type",
                table: "daily_counts",
                columns: new[] { "IncidentType", "OccurredOn", "CountryCode", "Admin1", "Incidents", "Victims" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_daily_counts_by_day",
                table: "daily_counts");

            migrationBuilder.DropIndex(
                name: "IX_daily_counts_by_department",
                table: "daily_counts");

            migrationBuilder.DropIndex(
                name: "IX_daily_counts_by_type",
                table: "daily_counts");

            migrationBuilder.CreateIndex(
                name: "IX_daily_counts_by_day",
                table: "daily_counts",
                column: "OccurredOn");

            migrationBuilder.CreateIndex(
                name: "IX_daily_counts_by_department",
                table: "daily_counts",
                columns: new[] { "Admin1", "OccurredOn" });

            migrationBuilder.CreateIndex(
                name: "IX_daily_counts_by_type",
                table: "daily_counts",
                columns: new[] { "IncidentType", "OccurredOn" });
        }
    }
}
