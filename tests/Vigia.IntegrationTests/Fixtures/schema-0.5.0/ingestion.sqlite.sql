CREATE TABLE "feed_checkpoints" (
    "Feed" TEXT NOT NULL CONSTRAINT "PK_feed_checkpoints" PRIMARY KEY,
    "ChangesSince" INTEGER NOT NULL,
    "DeletionsSince" INTEGER NOT NULL,
    "LastRunAt" TEXT NULL,
    "LastRunRecords" INTEGER NOT NULL,
    "LastError" TEXT NULL
);


CREATE TABLE "inbox_messages" (
    "MessageId" TEXT NOT NULL,
    "Consumer" TEXT NOT NULL,
    "ProcessedAt" TEXT NOT NULL,
    CONSTRAINT "PK_inbox_messages" PRIMARY KEY ("MessageId", "Consumer")
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


CREATE TABLE "reports" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_reports" PRIMARY KEY,
    "Source" TEXT NOT NULL,
    "SourceRecordId" TEXT NOT NULL,
    "State" TEXT NOT NULL,
    "ReceivedAt" TEXT NOT NULL,
    "Url" TEXT NULL,
    "PublishedAt" TEXT NULL,
    "OccurredOn" TEXT NULL,
    "DatePrecision" INTEGER NOT NULL,
    "CountryCode" TEXT NULL,
    "Admin1" TEXT NULL,
    "Admin1Name" TEXT NULL,
    "Admin2" TEXT NULL,
    "Admin2Name" TEXT NULL,
    "IncidentType" INTEGER NOT NULL,
    "Victims" TEXT NOT NULL,
    "Perpetrator" TEXT NULL,
    "Description" TEXT NULL,
    "Language" TEXT NULL,
    "IncidentId" TEXT NULL,
    "RecordedAt" TEXT NULL,
    "SubmittedJson" TEXT NULL,
    "Violations" TEXT NOT NULL,
    "Revision" INTEGER NOT NULL,
    "Fingerprint" TEXT NULL
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


CREATE UNIQUE INDEX "IX_outbox_messages_MessageId" ON "outbox_messages" ("MessageId");


CREATE INDEX "IX_outbox_messages_SentAt" ON "outbox_messages" ("SentAt");


CREATE UNIQUE INDEX "IX_reports_Source_SourceRecordId" ON "reports" ("Source", "SourceRecordId");


CREATE INDEX "IX_set_aside_items_Consumer_SetAsideAt" ON "set_aside_items" ("Consumer", "SetAsideAt");


