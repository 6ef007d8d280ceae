using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vigia.Registry.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CoarseDatesIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_incidents_coarse_dates",
                table: "incidents",
                columns: new[] { "CountryCode", "Admin1", "IncidentType", "OccurredOn" },
                filter: "\"DatePrecision\" <> 1");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_incidents_coarse_dates",
                table: "incidents");
        }
    }
}
