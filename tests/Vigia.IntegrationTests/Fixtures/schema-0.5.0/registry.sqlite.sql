CREATE TABLE "inbox_messages" (
    "MessageId" TEXT NOT NULL,
    "Consumer" TEXT NOT NULL,
    "ProcessedAt" TEXT NOT NULL,
    CONSTRAINT "PK_inbox_messages" PRIMARY KEY ("MessageId", "Consumer")
);


CREATE TABLE "incident_versions" (
    "Sequence" INTEGER NOT NULL CONSTRAINT "PK_incident_versions" PRIMARY KEY AUTOINCREMENT,
    "IncidentId" TEXT NOT NULL,
    "Version" INTEGER NOT NULL,
    "Kind" INTEGER NOT NULL,
    "ChangedBy" TEXT NOT NULL,
    "ChangedAt" TEXT NOT NULL,
    "Reason" TEXT NOT NULL,
    "Snapshot" TEXT NOT NULL
);


CREATE TABLE "incidents" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_incidents" PRIMARY KEY,
    "Version" INTEGER NOT NULL,
    "State" INTEGER NOT NULL,
    "OccurredOn" TEXT NOT NULL,
    "DatePrecision" INTEGER NOT NULL,
    "CountryCode" TEXT NOT NULL,
    "Admin1" TEXT NULL,
    "Admin1Name" TEXT NULL,
    "Admin2" TEXT NULL,
    "Admin2Name" TEXT NULL,
    "IncidentType" INTEGER NOT NULL,
    "Perpetrator" TEXT NOT NULL,
    "Description" TEXT NULL,
    "CreatedAt" TEXT NOT NULL,
    "UpdatedAt" TEXT NOT NULL
);


CREATE TABLE "outbox_messages" (
    "Sequence" INTEGER NOT NULL CONSTRAINT "PK_outbox_messages" PRIMARY KEY AUTOINCREMENT,
    "MessageId" TEXT NOT NULL,
    "MessageType" TEXT NOT NULL,
    "Body" TEXT NOT NULL,
    "TraceParent" TEXT NULL,
    "CreatedAt" TEXT NOT NULL,
    "SentAt" TEXT NULL,
    "Attempts" INTEGER NOT NULL,
    "LastError" TEXT NULL
);


CREATE TABLE "set_aside_items" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_set_aside_items" PRIMARY KEY,
    "Consumer" TEXT NOT NULL,
    "MessageId" TEXT NOT NULL,
    "ItemKey" TEXT NOT NULL,
    "ItemType" TEXT NOT NULL,
    "ItemJson" TEXT NOT NULL,
    "Reason" TEXT NOT NULL,
    "SetAsideAt" TEXT NOT NULL
);


CREATE TABLE "incident_sources" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_incident_sources" PRIMARY KEY,
    "IncidentId" TEXT NOT NULL,
    "Source" TEXT NOT NULL,
    "SourceRecordId" TEXT NOT NULL,
    "ReportId" TEXT NOT NULL,
    "Url" TEXT NULL,
    "PublishedAt" TEXT NULL,
    "OccurredOn" TEXT NOT NULL,
    "DatePrecision" INTEGER NOT NULL,
    "CountryCode" TEXT NOT NULL,
    "Admin1" TEXT NULL,
    "Admin1Name" TEXT NULL,
    "Admin2" TEXT NULL,
    "Admin2Name" TEXT NULL,
    "IncidentType" INTEGER NOT NULL,
    "Victims" TEXT NOT NULL,
    "Perpetrator" TEXT NOT NULL,
    "Description" TEXT NULL,
    "AddedAt" TEXT NOT NULL,
    "Revision" INTEGER NOT NULL,
    "WithdrawnAt" TEXT NULL,
    "LinkReason" INTEGER NOT NULL,
    "MergeReason" TEXT NOT NULL,
    CONSTRAINT "FK_incident_sources_incidents_IncidentId" FOREIGN KEY ("IncidentId") REFERENCES "incidents" ("Id") ON DELETE CASCADE
);


CREATE TABLE "incident_victims" (
    "Category" INTEGER NOT NULL,
    "IncidentId" TEXT NOT NULL,
    "Count" INTEGER NOT NULL,
    CONSTRAINT "PK_incident_victims" PRIMARY KEY ("IncidentId", "Category"),
    CONSTRAINT "FK_incident_victims_incidents_IncidentId" FOREIGN KEY ("IncidentId") REFERENCES "incidents" ("Id") ON DELETE CASCADE
);


CREATE INDEX "IX_incident_sources_IncidentId" ON "incident_sources" ("IncidentId");


CREATE INDEX "IX_incident_sources_ReportId" ON "incident_sources" ("ReportId");


CREATE UNIQUE INDEX "IX_incident_sources_Source_SourceRecordId" ON "incident_sources" ("Source", "SourceRecordId");


CREATE UNIQUE INDEX "IX_incident_versions_IncidentId_Version" ON "incident_versions" ("IncidentId", "Version");


CREATE INDEX "IX_incident_victims_Category" ON "incident_victims" ("Category");


CREATE INDEX "IX_incidents_CountryCode_Admin1_IncidentType_OccurredOn" ON "incidents" ("CountryCode", "Admin1", "IncidentType", "OccurredOn");


CREATE INDEX "IX_incidents_OccurredOn_Id" ON "incidents" ("OccurredOn", "Id");


CREATE UNIQUE INDEX "IX_outbox_messages_MessageId" ON "outbox_messages" ("MessageId");


CREATE INDEX "IX_outbox_messages_SentAt" ON "outbox_messages" ("SentAt");


CREATE INDEX "IX_set_aside_items_Consumer_SetAsideAt" ON "set_aside_items" ("Consumer", "SetAsideAt");


