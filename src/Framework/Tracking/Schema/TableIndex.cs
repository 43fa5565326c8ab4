namespace Research.Framework.Tracking.Schema;

/// <summary>An explicit index on a table's columns, in order (the automatic ones come from keys and unique constraints).</summary>
public sealed record TableIndex(string Name, IReadOnlyList<string> Columns, bool Unique = false);
