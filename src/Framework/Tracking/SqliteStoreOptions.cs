namespace Research.Framework.Tracking;

/// <summary>The injectable parts of a <see cref="SqliteStore"/>: its clock, id and name generators, and how long a writer waits for another.</summary>
public sealed record SqliteStoreOptions
{
    public TimeProvider Clock { get; init; } = TimeProvider.System;
    public Func<string> NewRunId { get; init; } = TrackingIds.NewRunId;
    public Func<string> NewRunName { get; init; } = TrackingIds.NewRunName;

    /// <summary>
    /// How long a write waits while another process or thread holds the database's write lock
    /// (SQLite's busy timeout); several sweep points logging at once queue up within it.
    /// </summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The folder of artifacts; by default <c>mlartifacts</c> next to the database, as MLflow's own server keeps them.</summary>
    public string? ArtifactRoot { get; init; }
}
