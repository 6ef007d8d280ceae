using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Vigia.Registry.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Release_0_5_0 : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "registry");

            migrationBuilder.CreateTable(
                name: "inbox_messages",
                schema: "registry",
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
                name: "incident_versions",
                schema: "registry",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    IncidentId = table.Column<Guid>(type: "uuid", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    ChangedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ChangedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Reason = table.Column<string>(type: "text", nullable: false),
                    Snapshot = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_incident_versions", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "incidents",
                schema: "registry",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false),
                    State = table.Column<int>(type: "integer", nullable: false),
                    OccurredOn = table.Column<DateOnly>(type: "date", nullable: false),
                    DatePrecision = table.Column<int>(type: "integer", nullable: false),
                    CountryCode = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    Admin1 = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    Admin1Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Admin2 = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    Admin2Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    IncidentType = table.Column<int>(type: "integer", nullable: false),
                    Perpetrator = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "text", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_incidents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "outbox_messages",
                schema: "registry",
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
                schema: "registry",
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
                name: "incident_sources",
                schema: "registry",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    IncidentId = table.Column<Guid>(type: "uuid", nullable: false),
                    Source = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    SourceRecordId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ReportId = table.Column<Guid>(type: "uuid", nullable: false),
                    Url = table.Column<string>(type: "text", nullable: true),
                    PublishedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    OccurredOn = table.Column<DateOnly>(type: "date", nullable: false),
                    DatePrecision = table.Column<int>(type: "integer", nullable: false),
                    CountryCode = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    Admin1 = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    Admin1Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Admin2 = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    Admin2Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    IncidentType = table.Column<int>(type: "integer", nullable: false),
                    Victims = table.Column<string>(type: "text", nullable: false),
                    Perpetrator = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "text", nullable: true),
                    AddedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Revision = table.Column<int>(type: "integer", nullable: false),
                    WithdrawnAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LinkReason = table.Column<int>(type: "integer", nullable: false),
                    MergeReason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_incident_sources", x => x.Id);
                    table.ForeignKey(
                        name: "FK_incident_sources_incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalSchema: "registry",
                        principalTable: "incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "incident_victims",
                schema: "registry",
                columns: table => new
                {
                    Category = table.Column<int>(type: "integer", nullable: false),
                    IncidentId = table.Column<Guid>(type: "uuid", nullable: false),
                    Count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_incident_victims", x => new { x.IncidentId, x.Category });
                    table.ForeignKey(
                        name: "FK_incident_victims_incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalSchema: "registry",
                        principalTable: "incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_incident_sources_IncidentId",
                schema: "registry",
                table: "incident_sources",
                column: "IncidentId");

            migrationBuilder.CreateIndex(
                name: "IX_incident_sources_ReportId",
                schema: "registry",
                table: "incident_sources",
                column: "ReportId");

            migrationBuilder.CreateIndex(
                name: "IX_incident_sources_Source_SourceRecordId",
                schema: "registry",
                table: "incident_sources",
                columns: new[] { "Source", "SourceRecordId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_incident_versions_IncidentId_Version",
                schema: "registry",
                table: "incident_versions",
                columns: new[] { "IncidentId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_incident_victims_Category",
                schema: "registry",
                table: "incident_victims",
                column: "Category");

            migrationBuilder.CreateIndex(
                name: "IX_incidents_CountryCode_Admin1_IncidentType_OccurredOn",
                schema: "registry",
                table: "incidents",
                columns: new[] { "CountryCode", "Admin1", "IncidentType", "OccurredOn" });

            migrationBuilder.CreateIndex(
                name: "IX_incidents_OccurredOn_Id",
                schema: "registry",
                table: "incidents",
                columns: new[] { "OccurredOn", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_MessageId",
                schema: "registry",
                table: "outbox_messages",
                column: "MessageId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_SentAt",
                schema: "registry",
                table: "outbox_messages",
                column: "SentAt");

            migrationBuilder.CreateIndex(
                name: "IX_set_aside_items_Consumer_SetAsideAt",
                schema: "registry",
                table: "set_aside_items",
                columns: new[] { "Consumer", "SetAsideAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "inbox_messages",
                schema: "registry");

            migrationBuilder.DropTable(
                name: "incident_sources",
                schema: "registry");

            migrationBuilder.DropTable(
                name: "incident_versions",
                schema: "registry");

            migrationBuilder.DropTable(
                name: "incident_victims",
                schema: "registry");

            migrationBuilder.DropTable(
                name: "outbox_messages",
                schema: "registry");

            migrationBuilder.DropTable(
                name: "set_aside_items",
                schema: "registry");

            migrationBuilder.DropTable(
                name: "incidents",
                schema: "registry");
        }
    }
}
