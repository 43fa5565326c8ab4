namespace Research.Framework.Tracking;

/// <summary>
/// One value of a metric's history. NaN and infinities are legal values (MLflow stores them);
/// <paramref name="TimestampMs"/> is milliseconds since the Unix epoch.
/// </summary>
public sealed record Metric(string Key, double Value, long TimestampMs, long Step);
