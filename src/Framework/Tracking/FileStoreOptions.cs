namespace Research.Framework.Tracking;

/// <summary>The injectable parts of a <see cref="FileStore"/>: its clock, id and name generators, lock timeout.</summary>
public sealed record FileStoreOptions
{
    public TimeProvider Clock { get; init; } = TimeProvider.System;
    public Func<string> NewRunId { get; init; } = TrackingIds.NewRunId;
    public Func<string> NewExperimentId { get; init; } = TrackingIds.NewExperimentId;
    public Func<string> NewRunName { get; init; } = TrackingIds.NewRunName;

    /// <summary>How long to wait for another process that is creating an experiment in the same store.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
