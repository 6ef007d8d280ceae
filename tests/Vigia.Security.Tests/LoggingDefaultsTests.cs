using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vigia.ServiceDefaults;

namespace Vigia.Security.Tests;

/// <summary>
/// Every service's logging defaults: the categories that log each request, outgoing call and SQL statement are quiet
/// below Warning, the services' own logs are not, and configuration still sets any level.
/// </summary>
public sealed class LoggingDefaultsTests
{
    [Theory]
    [InlineData("Microsoft.AspNetCore.Hosting.Diagnostics")]
    [InlineData("Microsoft.AspNetCore.Routing.EndpointMiddleware")]
    [InlineData("System.Net.Http.HttpClient.StatisticsServiceClient.LogicalHandler")]
    [InlineData("Microsoft.EntityFrameworkCore.Database.Command")]
    public async Task ChattyCategory_ByDefault_LogsWarningsButNotEachRequest(string category)
    {
        await using var app = Build();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(category);
        Assert.False(logger.IsEnabled(LogLevel.Information));
        Assert.True(logger.IsEnabled(LogLevel.Warning));
    }

    [Fact]
    public async Task ServiceCategory_ByDefault_LogsInformation()
    {
        await using var app = Build();
        Assert.True(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Vigia.Alerting.Waves.SeriesJudge").IsEnabled(LogLevel.Information));
    }

    [Fact]
    public async Task ChattyCategory_LevelSetByConfiguration_IsTheLevelUsed()
    {
        await using var app = Build("--Logging:LogLevel:Microsoft.AspNetCore=Debug");
        Assert.True(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Debug));
    }

    private static WebApplication Build(params string[] args)
    {
        // An issuer to check tokens against is all a service needs to be built; nothing here calls it.
        var builder = WebApplication.CreateBuilder(["--Vigia:Auth:Authority=https://issuer.example", .. args]);
        builder.AddServiceDefaults("logging-test");
        return builder.Build();
    }
}
