using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vigia.Ingestion.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class BulkPacing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_reports_unrecorded",
                schema: "ingestion",
                table: "reports",
                column: "ReceivedAt",
                filter: "\"State\" = 'Accepted'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_reports_unrecorded",
                schema: "ingestion",
                table: "reports");
        }
    }
}
