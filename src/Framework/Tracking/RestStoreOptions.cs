namespace Research.Framework.Tracking;

/// <summary>The injectable parts of a <see cref="RestStore"/>.</summary>
public sealed record RestStoreOptions
{
    public RestCredentials Credentials { get; init; } = RestCredentials.None;
    public RestRetryPolicy Retry { get; init; } = RestRetryPolicy.Default;
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>An HttpClient to use (not disposed by the store); by default the store owns one.</summary>
    public HttpClient? HttpClient { get; init; }
}
