namespace Research.Framework.Tracking;

/// <summary>The injectable parts of a <see cref="RestStore"/>.</summary>
public sealed record RestStoreOptions
{
    public RestCredentials Credentials { get; init; } = RestCredentials.None;
    public RestRetryPolicy Retry { get; init; } = RestRetryPolicy.Default;
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>An HttpClient to use (not disposed by the store); by default the store owns one.</summary>
    public HttpClient? HttpClient { get; init; }

    /// <summary>
    /// Where writes the server could not take are kept on disk (<see cref="Outbox"/>, one folder per
    /// server under it); null keeps them in memory only, lost when the process ends.
    /// </summary>
    public string? OutboxRoot { get; init; }

    /// <summary>
    /// After a run's final status is queued, the store probes the server this many times,
    /// <see cref="RestRetryPolicy.OutageProbeInterval"/> apart (30 x 10 s: five minutes), to deliver it
    /// while the process still runs; 0 never.
    /// </summary>
    public int BackgroundDeliveryProbes { get; init; } = 30;

    /// <summary>Told what is queued and where, and what was delivered (the runner logs it); the library itself never prints.</summary>
    public Action<string>? Report { get; init; }
}
