namespace Research.Framework.Tracking.Schema;

/// <summary>A table's primary key, named as MLflow names it (alembic finds constraints by name when it migrates).</summary>
public sealed record PrimaryKey(string Name, IReadOnlyList<string> Columns);
