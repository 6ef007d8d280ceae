using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vigia.Alerting.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class FastCompression : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<byte[]>(
                name: "Body",
                schema: "alerting",
                table: "pending_series_changes",
                type: "bytea",
                nullable: false,
                oldClrType: typeof(byte[]),
                oldType: "bytea")
                .Annotation("Npgsql:Compression:", "lz4");

            migrationBuilder.AlterColumn<string>(
                name: "Body",
                schema: "alerting",
                table: "outbox_messages",
                type: "text",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "text")
                .Annotation("Npgsql:Compression:", "lz4");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<byte[]>(
                name: "Body",
                schema: "alerting",
                table: "pending_series_changes",
                type: "bytea",
                nullable: false,
                oldClrType: typeof(byte[]),
                oldType: "bytea")
                .OldAnnotation("Npgsql:Compression:", "lz4");

            migrationBuilder.AlterColumn<string>(
                name: "Body",
                schema: "alerting",
                table: "outbox_messages",
                type: "text",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "text")
                .OldAnnotation("Npgsql:Compression:", "lz4");
        }
    }
}
