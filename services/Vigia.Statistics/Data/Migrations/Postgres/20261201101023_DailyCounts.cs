using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vigia.Statistics.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DailyCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "daily_counts",
                schema: "statistics",
                columns: table => new
                {
                    Admin1 = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    OccurredOn = table.Column<DateOnly>(type: "date", nullable: false),
                    CountryCode = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    IncidentType = table.Column<int>(type: "integer", nullable: false),
                    Incidents = table.Column<int>(type: "integer", nullable: false),
                    Victims = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_daily_counts", x => new { x.Admin1, x.OccurredOn, x.CountryCode, x.IncidentType });
                });

            migrationBuilder.CreateIndex(
                name: "IX_daily_counts_by_day",
                schema: "statistics",
                table: "daily_counts",
                column: "OccurredOn")
                .Annotation("Npgsql:IndexInclude", new[] { "CountryCode", "Admin1", "IncidentType", "Incidents", "Victims" });

            migrationBuilder.CreateIndex(
                name: "IX_daily_counts_by_department",
                schema: "statistics",
                table: "daily_counts",
                columns: new[] { "Admin1", "OccurredOn" })
                .Annotation("Npgsql:IndexInclude", new[] { "CountryCode", "IncidentType", "Incidents", "Victims" });

            migrationBuilder.CreateIndex(
                name: "IX_daily_counts_by_type",
                schema: "statistics",
                table: "daily_counts",
                columns: new[] { "IncidentType", "OccurredOn" })
                .Annotation("Npgsql:IndexInclude", new[] { "CountryCode", "Admin1", "Incidents", "Victims" });

            // The incidents counted before this table: their rollup, as the projection keeps it from now on.
            migrationBuilder.Sql("""
                INSERT INTO statistics.daily_counts ("Admin1", "OccurredOn", "CountryCode", "IncidentType", "Incidents", "Victims")
                SELECT COALESCE("Admin1", ''), "OccurredOn", "CountryCode", "IncidentType", COUNT(*), SUM("VictimCount")
                FROM statistics.incidents WHERE NOT "Retracted"
                GROUP BY COALESCE("Admin1", ''), "OccurredOn", "CountryCode", "IncidentType";
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "daily_counts",
                schema: "statistics");
        }
    }
}
