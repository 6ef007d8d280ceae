using System.Text;
using System.Text.Json;
using Grpc.Core;
using Npgsql;
using RabbitMQ.Client;
using Vigia.Alerting.V1;
using Vigia.Common.V1;
using Vigia.Contracts.Messages;
using Vigia.Ingestion.V1;
using Vigia.IntegrationTests.Support;
using Vigia.Registry.V1;
using Vigia.Statistics.V1;
using Vigia.Testing;

namespace Vigia.IntegrationTests;

/// <summary>
/// Faults an operator meets, with the services as separate processes on RabbitMQ and PostgreSQL (and the embedded
/// default as one process): the database stopped, a service stopped or killed, a fresh broker, a poison outbox row, a
/// message faulted into _error. Each ends with counts that match exactly: reports recorded = accepted, statistics'
/// counts = incidents. Every test keeps to its own years, so they share one platform.
/// </summary>
public sealed class DeliveryFaultTests(SeparatePlatformFixture fixture) : IClassFixture<SeparatePlatformFixture>
{
    private static readonly TimeSpan s_recoveryTimeout = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan s_outage = TimeSpan.FromSeconds(60);
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    [SkippableFact]
    public async Task PostgresStoppedFor60Seconds_During5000Reports_RecordsAndCountsEveryOne()
    {
        TestServers.RequireRabbitMqAndPostgres();
        PostgresControl.RequireControl();
        var platform = await fixture.StartAsync();
        using var clients = new PlatformClients(platform);
        var (reports, period, source) = DailyReports("pg-outage", new DateOnly(2003, 6, 1), 5_000);

        var submitted = 0;
        var submitting = SubmitResendingRefusedAsync(clients, reports, batchSize: 100, () => Interlocked.Increment(ref submitted));
        try
        {
            await Eventually.ReachedAsync("the first batches to be accepted", () => Task.FromResult(Volatile.Read(ref submitted)),
                batches => batches >= 10 || submitting.IsCompleted, TimeSpan.FromMinutes(4), batches => $"{batches} batches", () => platform.DescribeOutput("ingestion"));
            Assert.False(submitting.IsCompleted, $"the submission ended before the outage: {submitting.Exception?.GetBaseException().Message}");
            await PostgresControl.StopAsync();
            await Task.Delay(s_outage);
        }
        finally
        {
            await PostgresControl.StartAsync();
        }

        var statuses = await submitting;
        await AssertRecordedAndCountedAsync(platform, clients, period, source, statuses, reports.Count);
    }

    [SkippableFact]
    public async Task RegistryKilledMidBatch_AndIngestionKilledAfterAccepted_RecordAndCountEveryReport()
    {
        TestServers.RequireRabbitMqAndPostgres();
        var platform = await fixture.StartAsync();
        using var clients = new PlatformClients(platform);
        var (reports, period, source) = DailyReports("kill", new DateOnly(1995, 1, 1), 2_000);

        var submitted = 0;
        var submitting = SubmitResendingRefusedAsync(clients, reports[..1_800], batchSize: 300, () => Interlocked.Increment(ref submitted));
        await Eventually.ReachedAsync(
            "the registry to be part-way through the batches",
            () => clients.ListAllIncidentsAsync(period, source, pageSize: 1000),
            listed => listed.Incidents.Count > 0,
            TimeSpan.FromMinutes(2),
            listed => $"{listed.Incidents.Count} recorded",
            () => platform.DescribeOutput("registry"));
        await platform.StopAsync("registry");
        await platform.StartAsync("registry");
        var statuses = await submitting;

        // Ingestion answers ACCEPTED once its reports and their outbox row are committed: killed right after, it still sends them.
        var answer = await SubmitBatchAsync(clients, reports[1_800..]);
        Assert.All(answer, r => Assert.Equal(ReportStatus.Accepted, r.Status));
        await platform.StopAsync("ingestion");
        await platform.StartAsync("ingestion");
        foreach (var (report, result) in reports[1_800..].Zip(answer))
        {
            statuses[report.SourceRecordId] = result.Status;
        }

        await AssertRecordedAndCountedAsync(platform, clients, period, source, statuses, reports.Count);
    }

    [SkippableFact]
    public async Task StatisticsStoppedFor60Seconds_ThenAWave_OpensTheAlertWhenItReturns()
    {
        TestServers.RequireRabbitMqAndPostgres();
        var platform = await fixture.StartAsync();
        using var clients = new PlatformClients(platform);
        var june11 = new DateOnly(2017, 6, 11);
        Report[] wave =
        [
            SampleReports.Homicide(SampleReports.NewSource("diario"), "2017-06-11-ss-1", june11, "SV-SS", VictimCategory.SecurityForceRelative),
            SampleReports.Homicide(SampleReports.NewSource("prensa"), "nota-8812", june11, "SV-LI", VictimCategory.SecurityForceRelative),
            SampleReports.Homicide(SampleReports.NewSource("boletin"), "pnc-0612-07", june11.AddDays(1), "SV-SM", VictimCategory.SecurityForceRelative),
        ];
        var relatives = new Selector { VictimCategories = { VictimCategory.SecurityForceRelative } };
        var june = Dates.Period(new DateOnly(2017, 6, 1), new DateOnly(2017, 6, 30));

        await platform.StopAsync("statistics");
        try
        {
            foreach (var report in wave)
            {
                Assert.Equal(ReportStatus.Accepted, (await clients.Ingestion.SubmitReportAsync(new SubmitReportRequest { Report = report })).Status);
            }

            await Task.Delay(s_outage);
            var whileAway = await clients.Alerting.ListAlertsAsync(new ListAlertsRequest { Period = june, Selector = relatives });
            Assert.Empty(whileAway.Alerts);
        }
        finally
        {
            await platform.StartAsync("statistics");
        }

        var alerts = await Eventually.ReachedAsync(
            "the wave's alert to open once statistics is back",
            async () => (await clients.Alerting.ListAlertsAsync(new ListAlertsRequest { Period = june, Selector = relatives })).Alerts,
            listed => listed.Count > 0,
            s_recoveryTimeout,
            listed => $"{listed.Count} alerts",
            () => platform.DescribeOutput("statistics", "alerting"));
        var counts = await clients.DailyIncidentCountsAsync(Dates.Period(june11, june11.AddDays(1)), relatives);
        Assert.Single(alerts);
        Assert.Equal(3, counts.Values.Sum());
    }

    [SkippableFact]
    public async Task PoisonOutboxRow_IsSetAside_AndTheReportsBehindItFlow()
    {
        TestServers.RequireRabbitMqAndPostgres();
        var platform = await fixture.StartAsync();
        using var clients = new PlatformClients(platform);
        var (reports, period, source) = DailyReports("poison", new DateOnly(2001, 1, 1), 20);
        var poisonId = Guid.NewGuid();
        await ExecuteAsync(
            "INSERT INTO ingestion.outbox_messages (\"MessageId\", \"MessageType\", \"Body\", \"CreatedAt\", \"Attempts\") " +
            "VALUES (@id, 'Vigia.Contracts.Messages.NoLongerPublished', '{}', now() at time zone 'utc', 0)", ("id", poisonId));

        var statuses = await SubmitResendingRefusedAsync(clients, reports, batchSize: 10, () => { });
        await AssertRecordedAndCountedAsync(platform, clients, period, source, statuses, reports.Count);

        var (setAsideAt, reason, sentAt) = await QuerySingleAsync(
            "SELECT \"SetAsideAt\", \"SetAsideReason\", \"SentAt\" FROM ingestion.outbox_messages WHERE \"MessageId\" = @id", ("id", poisonId),
            r => (r.IsDBNull(0) ? (DateTime?)null : r.GetDateTime(0), r.IsDBNull(1) ? null : r.GetString(1), r.IsDBNull(2) ? (DateTime?)null : r.GetDateTime(2)));
        Assert.NotNull(setAsideAt);
        Assert.Null(sentAt);
        Assert.Contains("does not publish", reason, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task FaultedWithdrawal_IsListedReplayedAndConsumed_WithTheVigiaErrorsCommand()
    {
        TestServers.RequireRabbitMqAndPostgres();
        RabbitMqControl.RequireControl();
        var platform = await fixture.StartAsync();
        using var clients = new PlatformClients(platform);
        var (reports, period, source) = DailyReports("withdrawn", new DateOnly(2003, 3, 3), 1);
        var report = reports[0];

        // A withdrawal ahead of its report: the registry retries it, then gives up and MassTransit moves it to _error.
        var messageId = Guid.NewGuid();
        await PublishToQueueAsync("registry-reports-withdrawn", messageId, new ReportsWithdrawn
        {
            BatchId = Guid.NewGuid(),
            Reports = [new WithdrawnReport { ReportId = Guid.NewGuid(), Source = source, SourceRecordId = report.SourceRecordId, Revision = 2, Reason = "deleted by source" }],
        });
        await Eventually.ReachedAsync(
            "the withdrawal to land in registry-reports-withdrawn_error",
            () => MessageCountAsync("registry-reports-withdrawn_error"),
            count => count == 1,
            TimeSpan.FromMinutes(2),
            count => $"{count} message(s)",
            () => platform.DescribeOutput("registry"));
        var statuses = await SubmitResendingRefusedAsync(clients, reports, batchSize: 1, () => { });
        await AssertRecordedAndCountedAsync(platform, clients, period, source, statuses, 1);
        // Read before the replay: once the withdrawal lands, the retracted incident leaves the listing.
        var incidentId = (await clients.ListAllIncidentsAsync(period, source)).Incidents.Single().IncidentId;

        var broker = new Dictionary<string, string?>();
        var list = await ServiceCommand.RunAsync("Vigia.Cli", ["errors", "list", "--rabbitmq", fixture.RabbitMqUri], broker, TimeSpan.FromMinutes(1), "vigia");
        var replay = await ServiceCommand.RunAsync("Vigia.Cli",
            ["errors", "replay", "registry-reports-withdrawn_error", "--message-id", messageId.ToString(), "--rabbitmq", fixture.RabbitMqUri],
            broker, TimeSpan.FromMinutes(1), "vigia");

        Assert.True(list.ExitCode == 0, list.Output);
        Assert.Contains("registry-reports-withdrawn_error\t1 message(s)", list.Output, StringComparison.Ordinal);
        var line = Assert.Single(list.Output.Split('\n'), l => l.Contains(messageId.ToString(), StringComparison.Ordinal));
        Assert.Contains("Vigia.Contracts.Messages:ReportsWithdrawn", line, StringComparison.Ordinal);
        Assert.Contains("InvalidOperationException", line, StringComparison.Ordinal);
        Assert.True(replay.ExitCode == 0, replay.Output);
        Assert.Contains("Replayed 1 message(s)", replay.Output, StringComparison.Ordinal);
        await Eventually.ReachedAsync(
            "the replayed withdrawal to retract the incident",
            async () => (await clients.Registry.GetIncidentAsync(new GetIncidentRequest { IncidentId = incidentId })).Incident.State,
            state => state == IncidentState.Retracted,
            TimeSpan.FromMinutes(1),
            state => state.ToString(),
            () => platform.DescribeOutput("registry"));
        Assert.Equal(0u, await MessageCountAsync("registry-reports-withdrawn_error"));
    }

    [SkippableFact]
    public async Task IngestionAloneOnAFreshVirtualHost_Takes100Reports_AllRecordedAndCountedOnceTheOthersStart()
    {
        TestServers.RequireRabbitMqAndPostgres();
        RabbitMqControl.RequireControl();
        await using var virtualHost = await RabbitMqControl.OwnVirtualHostAsync("vigia-fresh");
        var database = await TestServers.CreateDatabaseAsync("vigia_fresh");
        await using var platform = await PlatformProcesses.StartSeparateAsync(virtualHost.Uri, database, settings: null, tls: null, startNow: ["ingestion"]);
        using var clients = new PlatformClients(platform);
        var (reports, period, source) = DailyReports("fresh", new DateOnly(2005, 1, 1), 100);
        var statuses = await SubmitResendingRefusedAsync(clients, reports, batchSize: 25, () => { });

        // No queue is bound for ReportsAccepted yet: the relay's mandatory publishes come back, and the rows wait.
        await Task.Delay(TimeSpan.FromSeconds(5));
        var pending = await QuerySingleAsync(
            "SELECT count(*) FROM ingestion.outbox_messages WHERE \"SentAt\" IS NULL AND \"SetAsideAt\" IS NULL", null, r => r.GetInt64(0), database);
        Assert.True(pending > 0, "ingestion marked its rows sent although no queue was bound for them");

        foreach (var service in new[] { "registry", "statistics", "alerting" })
        {
            await platform.StartAsync(service);
        }

        await AssertRecordedAndCountedAsync(platform, clients, period, source, statuses, reports.Count);
    }

    [Fact]
    public async Task StandaloneKilledDuring20000Reports_CountsEveryAcceptedReportAfterRestart()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "vigia-it-standalone-kill", Guid.NewGuid().ToString("N"));
        await using var platform = await PlatformProcesses.StartStandaloneAsync(dataDirectory);
        using var clients = new PlatformClients(platform);
        var (reports, period, source) = DailyReports("embedded", new DateOnly(1990, 1, 1), 20_000, perDay: 2);

        var submitted = 0;
        var submitting = SubmitResendingRefusedAsync(clients, reports, batchSize: 500, () => Interlocked.Increment(ref submitted));
        await Eventually.ReachedAsync("a quarter of the load to be accepted", () => Task.FromResult(Volatile.Read(ref submitted)),
            batches => batches >= 10, TimeSpan.FromMinutes(3), batches => $"{batches} batches", () => platform.DescribeOutput());
        await platform.StopAsync("standalone");
        await platform.StartAsync("standalone");
        var statuses = await submitting;

        await AssertRecordedAndCountedAsync(platform, clients, period, source, statuses, reports.Count);
        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean with the rest of the temp folder.
        }
    }

    /// <summary>
    /// One report a day (or <paramref name="perDay"/>, each in another department) from one source from
    /// <paramref name="first"/>: nothing to merge, so N reports are N incidents. Incidents start in 1990 (IncidentChecks).
    /// </summary>
    private static (List<Report> Reports, Period Period, string Source) DailyReports(string name, DateOnly first, int count, int perDay = 1)
    {
        var source = SampleReports.NewSource(name);
        var reports = Enumerable.Range(0, count)
            .Select(i => SampleReports.Homicide(source, $"rec-{i:00000}", first.AddDays(i / perDay), SampleReports.Departments[i % SampleReports.Departments.Length]))
            .ToList();
        return (reports, Dates.Period(first, first.AddDays((count - 1) / perDay)), source);
    }

    /// <summary>
    /// Submits in batches the way a desk's client does: a batch the service refuses (unreachable, or any record
    /// answered other than accepted or duplicate) is sent again, with the same keys, until it is taken. Returns each
    /// record's last answer.
    /// </summary>
    private static async Task<Dictionary<string, ReportStatus>> SubmitResendingRefusedAsync(
        PlatformClients clients, IReadOnlyList<Report> reports, int batchSize, Action batchTaken)
    {
        await Task.Yield();
        var statuses = new Dictionary<string, ReportStatus>();
        var deadline = DateTime.UtcNow + s_recoveryTimeout;
        var lastRefusal = "";
        foreach (var batch in reports.Chunk(batchSize))
        {
            while (true)
            {
                try
                {
                    var results = await SubmitBatchAsync(clients, batch);
                    if (results.Count == batch.Length && results.All(r => r.Status is ReportStatus.Accepted or ReportStatus.Duplicate))
                    {
                        foreach (var (report, result) in batch.Zip(results))
                        {
                            // A resent report answers DUPLICATE: it was accepted by the attempt whose answer was lost.
                            statuses[report.SourceRecordId] = ReportStatus.Accepted;
                        }

                        batchTaken();
                        break;
                    }

                    lastRefusal = string.Join("; ", results.Where(r => r.Status is not (ReportStatus.Accepted or ReportStatus.Duplicate)).Take(3));
                    Assert.False(results.Any(r => r.Status == ReportStatus.Rejected), $"the test's own reports were rejected: {lastRefusal}");
                }
                catch (RpcException ex) when (DateTime.UtcNow < deadline)
                {
                    // Refused while a dependency is away: send it again.
                    lastRefusal = $"{ex.StatusCode}: {ex.Status.Detail}";
                }

                Assert.True(DateTime.UtcNow < deadline, $"a batch was still refused after {s_recoveryTimeout.TotalMinutes:0} min; last: {lastRefusal}");
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }

        return statuses;
    }

    private static async Task<List<ReportResult>> SubmitBatchAsync(PlatformClients clients, IReadOnlyList<Report> batch)
    {
        using var call = clients.Ingestion.SubmitReports(deadline: DateTime.UtcNow.AddSeconds(60));
        await call.RequestStream.WriteAsync(new SubmitReportsRequest { Reports = { batch } });
        await call.RequestStream.CompleteAsync();
        var results = new List<ReportResult>();
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            results.AddRange(call.ResponseStream.Current.Results);
        }

        return results;
    }

    /// <summary>Every accepted report recorded as its own incident exactly once, and every incident counted by statistics.</summary>
    private static async Task AssertRecordedAndCountedAsync(
        PlatformProcesses platform, PlatformClients clients, Period period, string source, Dictionary<string, ReportStatus> statuses, int expected)
    {
        var accepted = statuses.Count(s => s.Value == ReportStatus.Accepted);
        Assert.Equal(expected, accepted);
        var (incidents, _) = await Eventually.ReachedAsync(
            $"all {accepted} accepted reports to be recorded",
            () => clients.ListAllIncidentsAsync(period, source, pageSize: 1000),
            listed => listed.Incidents.Count >= accepted,
            s_recoveryTimeout,
            listed => $"{listed.Incidents.Count} of {accepted} recorded",
            () => platform.DescribeOutput());
        Assert.Equal(accepted, incidents.Count);
        Assert.Equal(accepted, incidents.SelectMany(i => i.Sources).Select(s => s.SourceRecordId).Distinct().Count());

        var counted = await Eventually.ReachedAsync(
            $"all {accepted} incidents to be counted",
            () => TotalIncidentsAsync(clients, period),
            total => total >= accepted,
            s_recoveryTimeout,
            total => $"{total} of {accepted} counted",
            () => platform.DescribeOutput());
        Assert.Equal(accepted, counted);
    }

    // Yearly: a daily series over decades would be tens of thousands of points.
    private static async Task<double> TotalIncidentsAsync(PlatformClients clients, Period period)
    {
        var response = await clients.Statistics.GetTimeSeriesAsync(
            new GetTimeSeriesRequest { Selector = new Selector(), Measure = Measure.Incidents, Granularity = Granularity.Year, Period = period, GroupBy = GroupBy.None },
            deadline: DateTime.UtcNow.AddSeconds(30));
        return response.Series.SelectMany(s => s.Points).Sum(p => p.Value);
    }

    private async Task ExecuteAsync(string sql, (string Name, object Value) parameter)
    {
        await using var connection = new NpgsqlConnection(fixture.PostgresConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue(parameter.Name, parameter.Value);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<T> QuerySingleAsync<T>(string sql, (string Name, object Value)? parameter, Func<NpgsqlDataReader, T> read, string? database = null)
    {
        await using var connection = new NpgsqlConnection(database ?? fixture.PostgresConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        if (parameter is { } p)
        {
            command.Parameters.AddWithValue(p.Name, p.Value);
        }

        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"no row for {sql}");
        return read(reader);
    }

    /// <summary>Sends <paramref name="message"/> to a consumer's queue as MassTransit would (its JSON envelope), with RabbitMQ.Client.</summary>
    private async Task PublishToQueueAsync<T>(string queue, Guid messageId, T message)
    {
        var envelope = new Dictionary<string, object>
        {
            ["messageId"] = messageId,
            ["messageType"] = new[] { $"urn:message:{typeof(T).Namespace}:{typeof(T).Name}" },
            ["message"] = message!,
            ["sentTime"] = DateTime.UtcNow,
        };
        var factory = new ConnectionFactory { Uri = new Uri(fixture.RabbitMqUri) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var properties = new BasicProperties { MessageId = messageId.ToString(), ContentType = "application/vnd.masstransit+json", Persistent = true };
        await channel.BasicPublishAsync("", queue, mandatory: true, properties,
            Encoding.UTF8.GetBytes(JsonSerializer.Serialize(envelope, s_json)));
    }

    private async Task<uint> MessageCountAsync(string queue)
    {
        var factory = new ConnectionFactory { Uri = new Uri(fixture.RabbitMqUri) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            // Not declared yet: MassTransit declares an _error queue when it first moves a message there.
            return 0;
        }
    }
}
