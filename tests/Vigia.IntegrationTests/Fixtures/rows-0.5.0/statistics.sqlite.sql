-- Statistics' projection of the registry's incident (registry.sqlite.sql).
INSERT INTO "incidents" ("Id", "Version", "OccurredOn", "Precision", "CountryCode", "Admin1", "Admin2", "IncidentType", "Perpetrator",
    "PerpetratorKey", "Retracted", "UpdatedAt")
VALUES ('6D3A1C52-0B5E-4C1E-9A51-3F0A7D0E5001', 1, '2016-03-14', 1, 'SV', 'SV-SS', NULL, 1, 'ms13', 'ms13', 0, '2016-03-15 10:00:00');
INSERT INTO "incident_victims" ("IncidentId", "Category", "Count") VALUES ('6D3A1C52-0B5E-4C1E-9A51-3F0A7D0E5001', 1, 2);
