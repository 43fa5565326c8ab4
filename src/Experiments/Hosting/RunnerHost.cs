using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Research.Experiments.Progress;
using Research.Experiments.Runner;
using Spectre.Console;

namespace Research.Experiments.Hosting;

/// <summary>
/// The generic host of `research run`: logging (ILogger, single-line console lines; levels can be
/// raised with Logging__LogLevel__Default=Debug), the runner's options and services, and the
/// console lifetime whose Ctrl-C stops the run cleanly through <see cref="IHostApplicationLifetime.ApplicationStopping"/>.
/// </summary>
public static class RunnerHost
{
    /// <summary>Bars when writing to an interactive terminal; plain log lines when output is redirected or CI is set.</summary>
    public static bool UseTerminalProgress() =>
        !Console.IsOutputRedirected
        && Environment.GetEnvironmentVariable("CI") is null or "" or "0" or "false"
        && AnsiConsole.Profile.Capabilities.Interactive;

    public static IHost Build(RunnerOptions options, bool terminal)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ApplicationName = "research" });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss ";
        });
        // On a terminal the bars show progress; the log keeps only warnings so it does not tear them.
        builder.Logging.SetMinimumLevel(terminal ? LogLevel.Warning : LogLevel.Information);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Services.Configure<ConsoleLifetimeOptions>(lifetime => lifetime.SuppressStatusMessages = true);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<IRunProgress>(services => terminal
            ? new TerminalProgress(AnsiConsole.Console)
            : new LogProgress(services.GetRequiredService<ILogger<LogProgress>>(), TimeSpan.FromSeconds(30)));
        builder.Services.AddSingleton<PointRunner>();
        builder.Services.AddSingleton<SweepRunner>();
        builder.Services.AddSingleton<PointTaskRunner>();
        return builder.Build();
    }
}
