namespace Research.Framework.Tracking.Schema;

/// <summary>A named UNIQUE table constraint (SQLite backs it with an automatic index, numbered after the primary key's).</summary>
public sealed record UniqueConstraint(string Name, IReadOnlyList<string> Columns);
