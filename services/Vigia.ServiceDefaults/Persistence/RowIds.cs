using MassTransit;

namespace Vigia.ServiceDefaults.Persistence;

/// <summary>
/// Ids for the rows and messages the services create: NewId in its sequential form, whose byte and text order (how
/// PostgreSQL's uuid and SQLite's text columns sort them) and whose <see cref="Guid.CompareTo(Guid)"/> order are the
/// order they were made in. A bulk load's new rows then land at the end of every index keyed on them, a few pages a
/// batch. NewId's default form starts with the machine's id and the low bits of its clock, so each batch of 500 fell
/// on about 500 leaf pages of every such index (fourteen per report across the services) and rewrote them all.
/// Rows written before keep their ids; where rows of one batch are ordered by id to break a tie, such older rows now
/// order by the Guid rather than by NewId's own order (a tie between reports recorded in one batch either way).
/// </summary>
public static class RowIds
{
    public static Guid Next() => NewId.NextSequentialGuid();
}
