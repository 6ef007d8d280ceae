using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vigia.Statistics.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DailyVictimCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "daily_victim_counts",
                schema: "statistics",
                columns: table => new
                {
                    Category = table.Column<int>(type: "integer", nullable: false),
                    OccurredOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Admin1 = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    CountryCode = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    IncidentType = table.Column<int>(type: "integer", nullable: false),
                    Incidents = table.Column<int>(type: "integer", nullable: false),
                    Victims = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_daily_victim_counts", x => new { x.Category, x.OccurredOn, x.Admin1, x.CountryCode, x.IncidentType });
                });

            // The incidents counted before this table: their rollup by victim category, as the projection keeps it from now on.
            migrationBuilder.Sql("""
                INSERT INTO statistics.daily_victim_counts ("Category", "OccurredOn", "Admin1", "CountryCode", "IncidentType", "Incidents", "Victims")
                SELECT v."Category", i."OccurredOn", COALESCE(i."Admin1", ''), i."CountryCode", i."IncidentType", COUNT(*), SUM(v."Count")
                FROM statistics.incident_victims v JOIN statistics.incidents i ON i."Id" = v."IncidentId"
                WHERE NOT i."Retracted" AND v."Count" > 0
                GROUP BY v."Category", i."OccurredOn", COALESCE(i."Admin1", ''), i."CountryCode", i."IncidentType";
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "daily_victim_counts",
                schema: "statistics");
        }
    }
}
