-- A feed's checkpoint as release 0.5.0 kept it.
INSERT INTO "feed_checkpoints" ("Feed", "ChangesSince", "DeletionsSince", "LastRunAt", "LastRunRecords", "LastError")
VALUES ('acled', 1457913600, 1457913600, '2016-03-15 10:00:00', 12, NULL);
