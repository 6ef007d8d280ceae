using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vigia.Registry.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class IncidentSoleSource : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "SoleSource",
                table: "incidents",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            // Incidents already stored: the name of the one source that fed each (null for several, as the query
            // then reads the sources).
            migrationBuilder.Sql("""
                UPDATE incidents SET "SoleSource" = (
                    SELECT min(s."Source") FROM incident_sources AS s WHERE s."IncidentId" = incidents."Id"
                    GROUP BY s."IncidentId" HAVING count(DISTINCT s."Source") = 1);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "SoleSource",
                table: "incidents");
        }
    }
}
