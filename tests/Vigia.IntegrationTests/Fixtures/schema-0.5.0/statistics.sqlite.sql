CREATE TABLE "inbox_messages" (
    "MessageId" TEXT NOT NULL,
    "Consumer" TEXT NOT NULL,
    "ProcessedAt" TEXT NOT NULL,
    CONSTRAINT "PK_inbox_messages" PRIMARY KEY ("MessageId", "Consumer")
);


CREATE TABLE "incidents" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_incidents" PRIMARY KEY,
    "Version" INTEGER NOT NULL,
    "OccurredOn" TEXT NOT NULL,
    "Precision" INTEGER NOT NULL,
    "CountryCode" TEXT NOT NULL,
    "Admin1" TEXT NULL,
    "Admin2" TEXT NULL,
    "IncidentType" INTEGER NOT NULL,
    "Perpetrator" TEXT NOT NULL,
    "PerpetratorKey" TEXT NOT NULL,
    "Retracted" INTEGER NOT NULL,
    "UpdatedAt" TEXT NOT NULL
);


CREATE TABLE "known_versions" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_known_versions" PRIMARY KEY,
    "IncidentId" TEXT NOT NULL,
    "Version" INTEGER NOT NULL,
    "OccurredOn" TEXT NOT NULL,
    "CountryCode" TEXT NOT NULL,
    "Admin1" TEXT NULL,
    "Admin2" TEXT NULL,
    "IncidentType" INTEGER NOT NULL,
    "PerpetratorKey" TEXT NOT NULL,
    "Retracted" INTEGER NOT NULL,
    "KnownFrom" TEXT NOT NULL,
    "KnownUntil" TEXT NULL
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


CREATE TABLE "incident_victims" (
    "IncidentId" TEXT NOT NULL,
    "Category" INTEGER NOT NULL,
    "Count" INTEGER NOT NULL,
    CONSTRAINT "PK_incident_victims" PRIMARY KEY ("IncidentId", "Category"),
    CONSTRAINT "FK_incident_victims_incidents_IncidentId" FOREIGN KEY ("IncidentId") REFERENCES "incidents" ("Id") ON DELETE CASCADE
);


CREATE TABLE "known_version_victims" (
    "VersionId" TEXT NOT NULL,
    "Category" INTEGER NOT NULL,
    "Count" INTEGER NOT NULL,
    CONSTRAINT "PK_known_version_victims" PRIMARY KEY ("VersionId", "Category"),
    CONSTRAINT "FK_known_version_victims_known_versions_VersionId" FOREIGN KEY ("VersionId") REFERENCES "known_versions" ("Id") ON DELETE CASCADE
);


CREATE INDEX "IX_incident_victims_Category" ON "incident_victims" ("Category");


CREATE INDEX "IX_incidents_Admin1_OccurredOn" ON "incidents" ("Admin1", "OccurredOn");


CREATE INDEX "IX_incidents_OccurredOn" ON "incidents" ("OccurredOn");


CREATE UNIQUE INDEX "IX_known_versions_IncidentId_Version" ON "known_versions" ("IncidentId", "Version");


CREATE INDEX "IX_known_versions_OccurredOn_KnownFrom" ON "known_versions" ("OccurredOn", "KnownFrom");


CREATE UNIQUE INDEX "IX_outbox_messages_MessageId" ON "outbox_messages" ("MessageId");


CREATE INDEX "IX_outbox_messages_SentAt" ON "outbox_messages" ("SentAt");


CREATE INDEX "IX_set_aside_items_Consumer_SetAsideAt" ON "set_aside_items" ("Consumer", "SetAsideAt");


