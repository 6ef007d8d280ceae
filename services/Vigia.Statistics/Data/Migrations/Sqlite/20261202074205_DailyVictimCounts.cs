using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vigia.Statistics.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DailyVictimCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "daily_victim_counts",
                columns: table => new
                {
                    Category = table.Column<int>(type: "INTEGER", nullable: false),
                    OccurredOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Admin1 = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CountryCode = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    IncidentType = table.Column<int>(type: "INTEGER", nullable: false),
                    Incidents = table.Column<int>(type: "INTEGER", nullable: false),
                    Victims = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_daily_victim_counts", x => new { x.Category, x.OccurredOn, x.Admin1, x.CountryCode, x.IncidentType });
                });

            // The incidents counted before this table: their rollup by victim category, as the projection keeps it from now on.
            migrationBuilder.Sql("""
                INSERT INTO daily_victim_counts ("Category", "OccurredOn", "Admin1", "CountryCode", "IncidentType", "Incidents", "Victims")
                SELECT v."Category", i."OccurredOn", COALESCE(i."Admin1", ''), i."CountryCode", i."IncidentType", COUNT(*), SUM(v."Count")
                FROM incident_victims v JOIN incidents i ON i."Id" = v."IncidentId"
                WHERE NOT i."Retracted" AND v."Count" > 0
                GROUP BY v."Category", i."OccurredOn", COALESCE(i."Admin1", ''), i."CountryCode", i."IncidentType";
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "daily_victim_counts");
        }
    }
}
