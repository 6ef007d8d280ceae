using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Vigia.ServiceDefaults.Persistence;

namespace Vigia.Registry.Tests.Persistence;

/// <summary>
/// On SQLite, BulkInsert binds values itself (<see cref="SqliteRowWriter"/>) instead of through EF Core's parameters,
/// so what it stores must be what SaveChanges stores, to the byte and the storage class: a GUID in another case or a
/// time in another format would not match the lookups EF Core sends. Each test writes the same values both ways and
/// compares every column with SQLite's own <c>typeof</c> and <c>quote</c>.
/// </summary>
public sealed class BulkInsertSqliteTests : IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private readonly DbContextOptions<AllTypesContext> _options;

    public BulkInsertSqliteTests()
    {
        _connection.Open();
        _options = new DbContextOptionsBuilder<AllTypesContext>().UseSqlite(_connection).Options;
        using var db = new AllTypesContext(_options);
        db.Database.EnsureCreated();
    }

    public void Dispose() => _connection.Dispose();

    public static TheoryData<string> Cases => [.. s_cases.Keys];

    private static readonly Dictionary<string, Func<Guid, AllTypesRow>> s_cases = new()
    {
        ["every value set"] = id => new AllTypesRow
        {
            Id = id,
            Text = "Homicidio en Soyapango — ñandú, ü, 😀",
            Empty = "",
            Missing = "present",
            Flag = true,
            Count32 = -42,
            Count64 = long.MaxValue,
            Small = short.MinValue,
            Byte = 255,
            Ratio = 1.0 / 3,
            Share = 0.1f,
            Amount = 12345.678901234567890123456789m,
            Reference = Guid.Parse("08df52c0-ac71-fb0f-4bdd-0d2e55400000"),
            OtherReference = Guid.Parse("ffffffff-0000-aaaa-bbbb-0123456789ab"),
            When = new DateTime(2026, 12, 5, 11, 12, 38, DateTimeKind.Utc).AddTicks(1_030_928),
            WholeSecond = new DateTime(2025, 12, 1, 5, 0, 0, DateTimeKind.Unspecified),
            MaybeWhen = new DateTime(2017, 6, 11, 23, 59, 59, 999, DateTimeKind.Utc),
            Offset = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(-6)),
            Day = new DateOnly(2017, 6, 11),
            MaybeDay = DateOnly.MinValue,
            Span = new TimeSpan(3, 4, 5, 6, 7),
            Bytes = [0, 1, 2, 254, 255],
            Weekday = DayOfWeek.Saturday,
            MaybeWeekday = DayOfWeek.Monday,
            Tags = ["a", "b, c", "ñ"],
        },
        ["nullable values missing, zeros and empties"] = id => new AllTypesRow
        {
            Id = id,
            Text = " ",
            Empty = "",
            Missing = null,
            Flag = false,
            Ratio = -0.0,
            Amount = 0m,
            Reference = Guid.Empty,
            When = DateTime.MinValue,
            WholeSecond = DateTime.MaxValue,
            Offset = DateTimeOffset.MinValue,
            Day = DateOnly.MaxValue,
            Span = TimeSpan.Zero,
            Bytes = [],
            Weekday = DayOfWeek.Sunday,
            Tags = [],
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BulkInsert_OnSqlite_StoresEveryColumnAsSaveChangesDoes(string name)
    {
        var saved = s_cases[name](Guid.NewGuid());
        var bulk = s_cases[name](Guid.NewGuid());
        await using (var db = new AllTypesContext(_options))
        {
            db.Rows.Add(saved);
            await db.SaveChangesAsync();
        }

        await using (var db = new AllTypesContext(_options))
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await db.BulkInsertAsync([bulk], CancellationToken.None);
            await transaction.CommitAsync();
        }

        var columns = await ColumnsAsync();
        Assert.True(columns.Count >= 25, $"the table has {columns.Count} columns");
        foreach (var column in columns.Where(c => c != nameof(AllTypesRow.Id)))
        {
            Assert.Equal(await StoredAsync(column, saved.Id), await StoredAsync(column, bulk.Id));
        }

        // EF Core finds the bulk row by its key (a lookup matches the GUID's stored text) and reads it as the saved one.
        await using var read = new AllTypesContext(_options);
        var savedBack = await read.Rows.AsNoTracking().SingleAsync(r => r.Id == saved.Id);
        var bulkBack = await read.Rows.AsNoTracking().SingleAsync(r => r.Id == bulk.Id);
        Assert.Equal(JsonSerializer.Serialize(savedBack with { Id = Guid.Empty }), JsonSerializer.Serialize(bulkBack with { Id = Guid.Empty }));
    }

    [Fact]
    public async Task BulkInsert_OnSqlite_ADuplicateKeyFailsWithSqliteConstraintError()
    {
        var row = s_cases["every value set"](Guid.NewGuid());
        await using var db = new AllTypesContext(_options);
        await using var transaction = await db.Database.BeginTransactionAsync();
        await db.BulkInsertAsync([row], CancellationToken.None);

        var error = await Assert.ThrowsAsync<SqliteException>(() => db.BulkInsertAsync([row with { Text = "again" }], CancellationToken.None));

        Assert.Equal(19, error.SqliteErrorCode); // SQLITE_CONSTRAINT: what the services' error handling tells apart
        Assert.Contains("UNIQUE", error.Message, StringComparison.Ordinal);
    }

    private async Task<List<string>> ColumnsAsync()
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = "SELECT name FROM pragma_table_info('all_types')";
        await using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private async Task<string> StoredAsync(string column, Guid id)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = $"SELECT typeof(\"{column}\") || ' ' || quote(\"{column}\") FROM all_types WHERE \"Id\" = $id";
        command.Parameters.AddWithValue("$id", id.ToString().ToUpperInvariant());
        return $"{column}: {await command.ExecuteScalarAsync()}";
    }

    public sealed record AllTypesRow
    {
        public Guid Id { get; init; }

        public string Text { get; init; } = "";

        public string Empty { get; init; } = "";

        public string? Missing { get; init; }

        public bool Flag { get; init; }

        public int Count32 { get; init; }

        public long Count64 { get; init; }

        public short Small { get; init; }

        public byte Byte { get; init; }

        public double Ratio { get; init; }

        public float Share { get; init; }

        public decimal Amount { get; init; }

        public Guid Reference { get; init; }

        public Guid? OtherReference { get; init; }

        public DateTime When { get; init; }

        public DateTime WholeSecond { get; init; }

        public DateTime? MaybeWhen { get; init; }

        public DateTimeOffset Offset { get; init; }

        public DateOnly Day { get; init; }

        public DateOnly? MaybeDay { get; init; }

        public TimeSpan Span { get; init; }

        public byte[] Bytes { get; init; } = [];

        public DayOfWeek Weekday { get; init; }

        public DayOfWeek? MaybeWeekday { get; init; }

        public List<string> Tags { get; init; } = [];
    }

    private sealed class AllTypesContext(DbContextOptions<AllTypesContext> options) : DbContext(options)
    {
        public DbSet<AllTypesRow> Rows => Set<AllTypesRow>();

        protected override void OnModelCreating(ModelBuilder modelBuilder) =>
            modelBuilder.Entity<AllTypesRow>(e =>
            {
                e.ToTable("all_types");
                e.HasKey(r => r.Id);
                e.Property(r => r.Id).ValueGeneratedNever();
                // A converted column, as the services store lists: the converter's provider type is what is bound.
                e.Property(r => r.Tags).HasConversion(
                    tags => JsonSerializer.Serialize(tags, JsonSerializerOptions.Default),
                    json => JsonSerializer.Deserialize<List<string>>(json, JsonSerializerOptions.Default) ?? new List<string>());
            });
    }
}
