using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vigia.Ingestion.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Release_0_6_0 : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "SetAsideAt",
                schema: "ingestion",
                table: "outbox_messages",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SetAsideReason",
                schema: "ingestion",
                table: "outbox_messages",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "SetAsideAt",
                schema: "ingestion",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "SetAsideReason",
                schema: "ingestion",
                table: "outbox_messages");
        }
    }
}
