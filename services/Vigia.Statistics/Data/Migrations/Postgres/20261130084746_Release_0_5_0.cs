using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Vigia.Statistics.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Release_0_5_0 : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "statistics");

            migrationBuilder.CreateTable(
                name: "inbox_messages",
                schema: "statistics",
                columns: table => new
                {
                    MessageId = table.Column<Guid>(type: "uuid", nullable: false),
                    Consumer = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ProcessedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_inbox_messages", x => new { x.MessageId, x.Consumer });
                });

            migrationBuilder.CreateTable(
                name: "incidents",
                schema: "statistics",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false),
                    OccurredOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Precision = table.Column<int>(type: "integer", nullable: false),
                    CountryCode = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Admin1 = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    Admin2 = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    IncidentType = table.Column<int>(type: "integer", nullable: false),
                    Perpetrator = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    PerpetratorKey = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Retracted = table.Column<bool>(type: "boolean", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_incidents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "known_versions",
                schema: "statistics",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    IncidentId = table.Column<Guid>(type: "uuid", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false),
                    OccurredOn = table.Column<DateOnly>(type: "date", nullable: false),
                    CountryCode = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Admin1 = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    Admin2 = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    IncidentType = table.Column<int>(type: "integer", nullable: false),
                    PerpetratorKey = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Retracted = table.Column<bool>(type: "boolean", nullable: false),
                    KnownFrom = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    KnownUntil = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_known_versions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "outbox_messages",
                schema: "statistics",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MessageId = table.Column<Guid>(type: "uuid", nullable: false),
                    MessageType = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Body = table.Column<string>(type: "text", nullable: false),
                    TraceParent = table.Column<string>(type: "text", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    SentAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    LastError = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_outbox_messages", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "set_aside_items",
                schema: "statistics",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Consumer = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    MessageId = table.Column<Guid>(type: "uuid", nullable: false),
                    ItemKey = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ItemType = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    ItemJson = table.Column<string>(type: "text", nullable: false),
                    Reason = table.Column<string>(type: "text", nullable: false),
                    SetAsideAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_set_aside_items", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "incident_victims",
                schema: "statistics",
                columns: table => new
                {
                    IncidentId = table.Column<Guid>(type: "uuid", nullable: false),
                    Category = table.Column<int>(type: "integer", nullable: false),
                    Count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_incident_victims", x => new { x.IncidentId, x.Category });
                    table.ForeignKey(
                        name: "FK_incident_victims_incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalSchema: "statistics",
                        principalTable: "incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "known_version_victims",
                schema: "statistics",
                columns: table => new
                {
                    VersionId = table.Column<Guid>(type: "uuid", nullable: false),
                    Category = table.Column<int>(type: "integer", nullable: false),
                    Count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_known_version_victims", x => new { x.VersionId, x.Category });
                    table.ForeignKey(
                        name: "FK_known_version_victims_known_versions_VersionId",
                        column: x => x.VersionId,
                        principalSchema: "statistics",
                        principalTable: "known_versions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_incident_victims_Category",
                schema: "statistics",
                table: "incident_victims",
                column: "Category");

            migrationBuilder.CreateIndex(
                name: "IX_incidents_Admin1_OccurredOn",
                schema: "statistics",
                table: "incidents",
                columns: new[] { "Admin1", "OccurredOn" });

            migrationBuilder.CreateIndex(
                name: "IX_incidents_OccurredOn",
                schema: "statistics",
                table: "incidents",
                column: "OccurredOn");

            migrationBuilder.CreateIndex(
                name: "IX_known_versions_IncidentId_Version",
                schema: "statistics",
                table: "known_versions",
                columns: new[] { "IncidentId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_known_versions_OccurredOn_KnownFrom",
                schema: "statistics",
                table: "known_versions",
                columns: new[] { "OccurredOn", "KnownFrom" });

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_MessageId",
                schema: "statistics",
                table: "outbox_messages",
                column: "MessageId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_SentAt",
                schema: "statistics",
                table: "outbox_messages",
                column: "SentAt");

            migrationBuilder.CreateIndex(
                name: "IX_set_aside_items_Consumer_SetAsideAt",
                schema: "statistics",
                table: "set_aside_items",
                columns: new[] { "Consumer", "SetAsideAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "inbox_messages",
                schema: "statistics");

            migrationBuilder.DropTable(
                name: "incident_victims",
                schema: "statistics");

            migrationBuilder.DropTable(
                name: "known_version_victims",
                schema: "statistics");

            migrationBuilder.DropTable(
                name: "outbox_messages",
                schema: "statistics");

            migrationBuilder.DropTable(
                name: "set_aside_items",
                schema: "statistics");

            migrationBuilder.DropTable(
                name: "incidents",
                schema: "statistics");

            migrationBuilder.DropTable(
                name: "known_versions",
                schema: "statistics");
        }
    }
}
