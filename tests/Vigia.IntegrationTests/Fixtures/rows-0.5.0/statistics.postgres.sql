-- Statistics' projection of the registry's incident (registry.postgres.sql).
INSERT INTO statistics.incidents ("Id", "Version", "OccurredOn", "Precision", "CountryCode", "Admin1", "Admin2", "IncidentType", "Perpetrator",
    "PerpetratorKey", "Retracted", "UpdatedAt")
VALUES ('6d3a1c52-0b5e-4c1e-9a51-3f0a7d0e5001', 1, DATE '2016-03-14', 1, 'SV', 'SV-SS', NULL, 1, 'ms13', 'ms13', FALSE, TIMESTAMPTZ '2016-03-15 10:00:00+00');
INSERT INTO statistics.incident_victims ("IncidentId", "Category", "Count") VALUES ('6d3a1c52-0b5e-4c1e-9a51-3f0a7d0e5001', 1, 2);
