using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vigia.Alerting.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SeriesIncidentsByIncident : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_series_incidents_RuleId_IncidentId",
                table: "series_incidents");

            migrationBuilder.CreateIndex(
                name: "IX_series_incidents_IncidentId",
                table: "series_incidents",
                column: "IncidentId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_series_incidents_IncidentId",
                table: "series_incidents");

            migrationBuilder.CreateIndex(
                name: "IX_series_incidents_RuleId_IncidentId",
                table: "series_incidents",
                columns: new[] { "RuleId", "IncidentId" });
        }
    }
}
