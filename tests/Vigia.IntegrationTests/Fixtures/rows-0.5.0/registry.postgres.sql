-- One incident as release 0.5.0 stored it: a homicide of two civilians in San Salvador on 2016-03-14, from one source.
INSERT INTO registry.incidents ("Id", "Version", "State", "OccurredOn", "DatePrecision", "CountryCode", "Admin1", "Admin1Name", "Admin2", "Admin2Name",
    "IncidentType", "Perpetrator", "Description", "CreatedAt", "UpdatedAt")
VALUES ('6d3a1c52-0b5e-4c1e-9a51-3f0a7d0e5001', 1, 1, DATE '2016-03-14', 1, 'SV', 'SV-SS', 'San Salvador', NULL, NULL,
    1, 'ms13', 'recorded by release 0.5.0', TIMESTAMPTZ '2016-03-15 10:00:00+00', TIMESTAMPTZ '2016-03-15 10:00:00+00');
INSERT INTO registry.incident_victims ("IncidentId", "Category", "Count") VALUES ('6d3a1c52-0b5e-4c1e-9a51-3f0a7d0e5001', 1, 2);
INSERT INTO registry.incident_sources ("Id", "IncidentId", "Source", "SourceRecordId", "ReportId", "Url", "PublishedAt", "OccurredOn", "DatePrecision",
    "CountryCode", "Admin1", "Admin1Name", "Admin2", "Admin2Name", "IncidentType", "Victims", "Perpetrator", "Description", "AddedAt", "Revision",
    "WithdrawnAt", "LinkReason", "MergeReason")
VALUES ('6d3a1c52-0b5e-4c1e-9a51-3f0a7d0e5002', '6d3a1c52-0b5e-4c1e-9a51-3f0a7d0e5001', 'release-0-5-0', 'r-1', '6d3a1c52-0b5e-4c1e-9a51-3f0a7d0e5003',
    NULL, NULL, DATE '2016-03-14', 1, 'SV', 'SV-SS', 'San Salvador', NULL, NULL, 1, '[{"category":1,"count":2}]', 'ms13', NULL,
    TIMESTAMPTZ '2016-03-15 10:00:00+00', 1, NULL, 1, '');
