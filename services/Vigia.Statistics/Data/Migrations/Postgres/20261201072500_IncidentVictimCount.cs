using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vigia.Statistics.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class IncidentVictimCount : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "VictimCount",
                schema: "statistics",
                table: "incidents",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            // Incidents counted before this column: their victims' total, as CountedIncident.Apply sets it from now on.
            migrationBuilder.Sql("""
                UPDATE statistics.incidents AS i SET "VictimCount" = v.total FROM (SELECT "IncidentId", SUM("Count") AS total FROM statistics.incident_victims WHERE "Count" > 0 GROUP BY "IncidentId") AS v WHERE v."IncidentId" = i."Id";
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "VictimCount",
                schema: "statistics",
                table: "incidents");
        }
    }
}
