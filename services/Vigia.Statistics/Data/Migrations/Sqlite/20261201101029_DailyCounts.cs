using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vigia.Statistics.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DailyCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "daily_counts",
                columns: table => new
                {
                    Admin1 = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    OccurredOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    CountryCode = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    IncidentType = table.Column<int>(type: "INTEGER", nullable: false),
                    Incidents = table.Column<int>(type: "INTEGER", nullable: false),
                    Victims = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_daily_counts", x => new { x.Admin1, x.OccurredOn, x.CountryCode, x.IncidentType });
                });

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

            // The incidents counted before this table: their rollup, as the projection keeps it from now on.
            migrationBuilder.Sql("""
                INSERT INTO daily_counts ("Admin1", "OccurredOn", "CountryCode", "IncidentType", "Incidents", "Victims")
                SELECT COALESCE("Admin1", ''), "OccurredOn", "CountryCode", "IncidentType", COUNT(*), SUM("VictimCount")
                FROM incidents WHERE NOT "Retracted"
                GROUP BY COALESCE("Admin1", ''), "OccurredOn", "CountryCode", "IncidentType";
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "daily_counts");
        }
    }
}
