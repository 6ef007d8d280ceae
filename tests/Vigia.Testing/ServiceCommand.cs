using System.Diagnostics;
using System.Text;

namespace Vigia.Testing;

/// <summary>
/// One run of a service's executable to its end, e.g. <c>dotnet Vigia.Registry.dll migrate</c>, or a
/// start that is expected to fail: its exit code and everything it wrote.
/// </summary>
public static class ServiceCommand
{
    public sealed record Result(int ExitCode, string Output);

    /// <param name="project">"Vigia.Registry" and the like; the project must be built.</param>
    /// <param name="settings">Environment variables for the run.</param>
    /// <param name="assemblyName">The project's assembly when it is named otherwise ("vigia" for Vigia.Cli).</param>
    public static async Task<Result> RunAsync(
        string project, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?> settings, TimeSpan timeout, string? assemblyName = null)
    {
        var assembly = PlatformProcesses.LocateAssembly(project, assemblyName);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(assembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in PlatformProcesses.BaseEnvironment().Concat(settings))
        {
            start.Environment[key] = value;
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {project} {string.Join(' ', arguments)} did not end within {timeout}:\n{Text(output)}");
        }

        return new Result(process.ExitCode, Text(output));
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
