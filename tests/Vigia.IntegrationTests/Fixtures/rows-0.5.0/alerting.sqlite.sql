-- A setting as release 0.5.0 kept it.
INSERT INTO "settings" ("Key", "Value") VALUES ('release-0-5-0-marker', 'kept');
