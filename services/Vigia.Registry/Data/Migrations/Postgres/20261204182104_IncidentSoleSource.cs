using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vigia.Registry.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class IncidentSoleSource : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "SoleSource",
                schema: "registry",
                table: "incidents",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            // Incidents already stored: the name of the one source that fed each (null for several, as the query
            // then reads the sources).
            migrationBuilder.Sql("""
                UPDATE registry.incidents AS i SET "SoleSource" = s."Source"
                FROM (SELECT "IncidentId", min("Source") AS "Source" FROM registry.incident_sources
                      GROUP BY "IncidentId" HAVING count(DISTINCT "Source") = 1) AS s
                WHERE i."Id" = s."IncidentId";
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "SoleSource",
                schema: "registry",
                table: "incidents");
        }
    }
}
