-- One incident as release 0.5.0 stored it: a homicide of two civilians in San Salvador on 2016-03-14, from one source.
INSERT INTO "incidents" ("Id", "Version", "State", "OccurredOn", "DatePrecision", "CountryCode", "Admin1", "Admin1Name", "Admin2", "Admin2Name",
    "IncidentType", "Perpetrator", "Description", "CreatedAt", "UpdatedAt")
VALUES ('6D3A1C52-0B5E-4C1E-9A51-3F0A7D0E5001', 1, 1, '2016-03-14', 1, 'SV', 'SV-SS', 'San Salvador', NULL, NULL,
    1, 'ms13', 'recorded by release 0.5.0', '2016-03-15 10:00:00', '2016-03-15 10:00:00');
INSERT INTO "incident_victims" ("IncidentId", "Category", "Count") VALUES ('6D3A1C52-0B5E-4C1E-9A51-3F0A7D0E5001', 1, 2);
INSERT INTO "incident_sources" ("Id", "IncidentId", "Source", "SourceRecordId", "ReportId", "Url", "PublishedAt", "OccurredOn", "DatePrecision",
    "CountryCode", "Admin1", "Admin1Name", "Admin2", "Admin2Name", "IncidentType", "Victims", "Perpetrator", "Description", "AddedAt", "Revision",
    "WithdrawnAt", "LinkReason", "MergeReason")
VALUES ('6D3A1C52-0B5E-4C1E-9A51-3F0A7D0E5002', '6D3A1C52-0B5E-4C1E-9A51-3F0A7D0E5001', 'release-0-5-0', 'r-1', '6D3A1C52-0B5E-4C1E-9A51-3F0A7D0E5003',
    NULL, NULL, '2016-03-14', 1, 'SV', 'SV-SS', 'San Salvador', NULL, NULL, 1, '[{"category":1,"count":2}]', 'ms13', NULL,
    '2016-03-15 10:00:00', 1, NULL, 1, '');
