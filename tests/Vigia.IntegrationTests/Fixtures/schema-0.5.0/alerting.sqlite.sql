CREATE TABLE "alert_events" (
    "Sequence" INTEGER NOT NULL CONSTRAINT "PK_alert_events" PRIMARY KEY AUTOINCREMENT,
    "EventId" TEXT NOT NULL,
    "AlertId" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "Body" TEXT NOT NULL,
    "EmittedAt" TEXT NOT NULL,
    "PublishedAt" TEXT NULL,
    "TraceParent" TEXT NULL,
    "Suppressed" INTEGER NOT NULL
);


CREATE TABLE "alerts" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_alerts" PRIMARY KEY AUTOINCREMENT,
    "AlertId" TEXT NOT NULL,
    "RuleId" TEXT NOT NULL,
    "SeriesKey" TEXT NOT NULL,
    "State" INTEGER NOT NULL,
    "WindowStart" TEXT NOT NULL,
    "WindowEnd" TEXT NOT NULL,
    "Severity" INTEGER NOT NULL,
    "Body" BLOB NOT NULL
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


CREATE TABLE "rules" (
    "RuleId" TEXT NOT NULL CONSTRAINT "PK_rules" PRIMARY KEY,
    "Enabled" INTEGER NOT NULL,
    "Body" BLOB NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "UpdatedAt" TEXT NOT NULL,
    "FailingReason" TEXT NULL,
    "FailingSince" TEXT NULL,
    "NextRetryAt" TEXT NULL,
    "Failures" INTEGER NOT NULL,
    "SkippedFrom" TEXT NULL
);


CREATE TABLE "series_incidents" (
    "RuleId" TEXT NOT NULL,
    "SeriesKey" TEXT NOT NULL,
    "IncidentId" TEXT NOT NULL,
    "OccurredOn" TEXT NOT NULL,
    CONSTRAINT "PK_series_incidents" PRIMARY KEY ("RuleId", "SeriesKey", "IncidentId")
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


CREATE TABLE "settings" (
    "Key" TEXT NOT NULL CONSTRAINT "PK_settings" PRIMARY KEY,
    "Value" TEXT NOT NULL
);


CREATE TABLE "silences" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_silences" PRIMARY KEY AUTOINCREMENT,
    "SilenceId" TEXT NOT NULL,
    "StartsAt" TEXT NOT NULL,
    "EndsAt" TEXT NULL,
    "Body" BLOB NOT NULL
);


CREATE TABLE "wave_states" (
    "RuleId" TEXT NOT NULL,
    "SeriesKey" TEXT NOT NULL,
    "Series" BLOB NOT NULL,
    "AlertId" TEXT NULL,
    "WindowStart" TEXT NULL,
    "WindowEnd" TEXT NULL,
    "LastAlarmDay" TEXT NULL,
    "Observed" REAL NOT NULL,
    "Expected" REAL NOT NULL,
    "UpperBound" REAL NOT NULL,
    "Score" REAL NOT NULL,
    "Method" TEXT NULL,
    "ClosedThrough" TEXT NULL,
    "ResolvedOn" TEXT NULL,
    CONSTRAINT "PK_wave_states" PRIMARY KEY ("RuleId", "SeriesKey")
);


CREATE UNIQUE INDEX "IX_alert_events_EventId" ON "alert_events" ("EventId");


CREATE INDEX "IX_alert_events_PublishedAt" ON "alert_events" ("PublishedAt");


CREATE UNIQUE INDEX "IX_alerts_AlertId" ON "alerts" ("AlertId");


CREATE INDEX "IX_alerts_RuleId_State" ON "alerts" ("RuleId", "State");


CREATE UNIQUE INDEX "IX_outbox_messages_MessageId" ON "outbox_messages" ("MessageId");


CREATE INDEX "IX_outbox_messages_SentAt" ON "outbox_messages" ("SentAt");


CREATE INDEX "IX_series_incidents_RuleId_IncidentId" ON "series_incidents" ("RuleId", "IncidentId");


CREATE INDEX "IX_series_incidents_RuleId_SeriesKey_OccurredOn" ON "series_incidents" ("RuleId", "SeriesKey", "OccurredOn");


CREATE INDEX "IX_set_aside_items_Consumer_SetAsideAt" ON "set_aside_items" ("Consumer", "SetAsideAt");


CREATE UNIQUE INDEX "IX_silences_SilenceId" ON "silences" ("SilenceId");


CREATE INDEX "IX_wave_states_AlertId" ON "wave_states" ("AlertId");


