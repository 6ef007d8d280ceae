using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vigia.Statistics.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class IncidentVictimCount : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "VictimCount",
                table: "incidents",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            // Incidents counted before this column: their victims' total, as CountedIncident.Apply sets it from now on.
            migrationBuilder.Sql("""
                UPDATE incidents SET "VictimCount" = COALESCE((SELECT SUM("Count") FROM incident_victims WHERE incident_victims."IncidentId" = incidents."Id" AND "Count" > 0), 0);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "VictimCount",
                table: "incidents");
        }
    }
}
