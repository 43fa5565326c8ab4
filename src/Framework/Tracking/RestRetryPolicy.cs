using System.Net;

namespace Research.Framework.Tracking;

/// <summary>
/// How the REST store retries: on 429, any 5xx, connection failures and timeouts, with
/// exponential backoff (<see cref="InitialDelay"/> times <see cref="Multiplier"/>^(attempt-1),
/// capped at <see cref="MaxDelay"/>, at least a 429's Retry-After), with up to 25 % jitter.
/// Other errors are answers, not outages, and are never retried. <see cref="Delay"/> is injectable
/// so tests need not wait.
/// </summary>
public sealed record RestRetryPolicy
{
    public int MaxAttempts { get; init; } = 6;
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromMilliseconds(500);
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(20);
    public double Multiplier { get; init; } = 2.0;
    public bool Jitter { get; init; } = true;

    /// <summary>The limit for one attempt (request and response); past it the attempt counts as a timeout.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>While the server is known to be down, buffered data is retried at most this often, with one attempt.</summary>
    public TimeSpan OutageProbeInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Waits between attempts; replace with a no-op or a recorder in tests.</summary>
    public Func<TimeSpan, CancellationToken, Task> Delay { get; init; } = Task.Delay;

    public static RestRetryPolicy Default { get; } = new();

    /// <summary>True for the statuses that mean "try again later": 429 and 5xx.</summary>
    public static bool IsRetryable(HttpStatusCode status) => status == HttpStatusCode.TooManyRequests || (int)status >= 500;

    /// <summary>The wait after failed attempt number <paramref name="attempt"/> (1-based).</summary>
    public TimeSpan DelayAfter(int attempt, TimeSpan? retryAfter = null)
    {
        var ms = InitialDelay.TotalMilliseconds * Math.Pow(Multiplier, attempt - 1);
        ms = Math.Min(ms, MaxDelay.TotalMilliseconds);
        if (Jitter) ms *= 1.0 - 0.25 * Random.Shared.NextDouble();
        if (retryAfter is { } floor) ms = Math.Max(ms, Math.Min(floor.TotalMilliseconds, MaxDelay.TotalMilliseconds));
        return TimeSpan.FromMilliseconds(ms);
    }
}
