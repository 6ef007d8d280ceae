using Google.Protobuf.Reflection;
using Google.Rpc;
using Grpc.AspNetCore.HealthChecks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vigia.ServiceDefaults.Auth;
using Vigia.ServiceDefaults.Grpc;
using Vigia.ServiceDefaults.Limits;
using Vigia.ServiceDefaults.Telemetry;

namespace Vigia.ServiceDefaults;

public static class ServiceDefaultsExtensions
{
    // Categories that log every SQL statement, request and outgoing call at Information: thousands of lines a minute
    // under load (statistics answering alerting's GetTimeSeries, alerting calling it), drowning what matters.
    private static readonly Dictionary<string, string?> s_quietCategories = new()
    {
        ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = nameof(LogLevel.Warning),
        ["Logging:LogLevel:Microsoft.AspNetCore"] = nameof(LogLevel.Warning),
        ["Logging:LogLevel:System.Net.Http.HttpClient"] = nameof(LogLevel.Warning),
    };

    /// <summary>
    /// What every Vigia service has: telemetry, gRPC with error mapping, bearer-token authentication
    /// with the RPC scope table and per-caller limits, server reflection, and grpc.health.v1 health
    /// that reports NOT_SERVING while the bus or the database is down.
    /// Listens on the given ports unless --urls / ASPNETCORE_URLS say otherwise: HTTP/2 over TLS when
    /// Kestrel has a default certificate (Kestrel:Certificates:Default), plaintext HTTP/2 (h2c) otherwise.
    /// </summary>
    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder, string serviceName, params int[] defaultPorts)
    {
        builder.AddTelemetry(serviceName);
        // Beneath every other source, so appsettings, the environment (Logging__LogLevel__…) and the command line still
        // set any level.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = s_quietCategories });
        builder.WebHost.ConfigureKestrel(k => k.ConfigureEndpointDefaults(l => l.Protocols = HttpProtocols.Http2));
        if (string.IsNullOrWhiteSpace(builder.Configuration[WebHostDefaults.ServerUrlsKey]) && defaultPorts.Length > 0)
        {
            var scheme = builder.Configuration["Kestrel:Certificates:Default:Path"] is { Length: > 0 } ? "https" : "http";
            builder.WebHost.UseUrls([.. defaultPorts.Select(p => $"{scheme}://0.0.0.0:{p}")]);
        }

        builder.AddCallerAuthentication();
        builder.Services.AddSingleton<CallerLimits>();
        builder.Services.AddSingleton<StreamLimits>();
        builder.Services.AddGrpc(o =>
        {
            // Outermost first: who may call, then how much, then what the service's errors mean.
            o.Interceptors.Add<CallerAuthorizationInterceptor>();
            o.Interceptors.Add<CallerLimitsInterceptor>();
            o.Interceptors.Add<StreamLimitsInterceptor>();
            o.Interceptors.Add<ErrorMappingInterceptor>();
            o.EnableDetailedErrors = builder.Environment.EnvironmentName == "Development";
            o.MaxReceiveMessageSize = 16 * 1024 * 1024;
        }).AddJsonTranscoding(o =>
        {
            // RPCs with google.api.http annotations also answer HTTP/JSON (R, pandas, Excel, Grafana). An error's
            // body is a google.rpc.Status whose details can be written as JSON only if their types are known.
            o.TypeRegistry = TypeRegistry.FromMessages(BadRequest.Descriptor, PreconditionFailure.Descriptor, ResourceInfo.Descriptor);
        });
        builder.Services.AddGrpcReflection();
        builder.Services.AddHealthChecks();
        builder.Services.AddGrpcHealthChecks(o =>
        {
            // "" (the whole server) is ready only when the database and the bus are; "liveness"
            // has no checks, so a broker outage never gets a pod restarted.
            o.Services.Map("", r => r.Tags.Contains(HealthTags.Ready));
            o.Services.Map("liveness", _ => false);
            o.UseHealthChecksCache = false;
        });
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }

    /// <summary>grpc.health.v1.Health and server reflection.</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        return app;
    }
}
