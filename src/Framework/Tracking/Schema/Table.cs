namespace Research.Framework.Tracking.Schema;

/// <summary>
/// One table of the schema: its columns in order (the order is part of the schema: <c>PRAGMA
/// table_info</c> numbers them), its primary key, and the constraints, indexes and triggers on it.
/// </summary>
public sealed record Table(string Name, IReadOnlyList<Column> Columns, PrimaryKey PrimaryKey)
{
    public IReadOnlyList<CheckConstraint> Checks { get; init; } = [];

    public IReadOnlyList<ForeignKey> ForeignKeys { get; init; } = [];

    public IReadOnlyList<UniqueConstraint> Uniques { get; init; } = [];

    public IReadOnlyList<TableIndex> Indexes { get; init; } = [];

    public IReadOnlyList<Trigger> Triggers { get; init; } = [];
}
