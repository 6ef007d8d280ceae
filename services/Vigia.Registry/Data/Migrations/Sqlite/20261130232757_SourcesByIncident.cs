using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vigia.Registry.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SourcesByIncident : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_incident_sources_IncidentId",
                table: "incident_sources");

            migrationBuilder.CreateIndex(
                name: "IX_incident_sources_IncidentId_Source",
                table: "incident_sources",
                columns: new[] { "IncidentId", "Source" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_incident_sources_IncidentId_Source",
                table: "incident_sources");

            migrationBuilder.CreateIndex(
                name: "IX_incident_sources_IncidentId",
                table: "incident_sources",
                column: "IncidentId");
        }
    }
}
