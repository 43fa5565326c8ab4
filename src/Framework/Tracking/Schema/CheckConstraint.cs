namespace Research.Framework.Tracking.Schema;

/// <summary>
/// A CHECK table constraint; <paramref name="Name"/> is null where MLflow left it unnamed. MLflow's checks
/// are SQLAlchemy enums and booleans, so the two factories write them the way it does.
/// </summary>
public sealed record CheckConstraint(string? Name, string Expression)
{
    /// <summary>An enum column: <c>column IN ('a', 'b')</c>.</summary>
    public static CheckConstraint In(string? name, string column, params string[] values) =>
        new(name, $"{column} IN ({string.Join(", ", values.Select(v => $"'{v.Replace("'", "''", StringComparison.Ordinal)}'"))})");

    /// <summary>A boolean column, which SQLite stores as an integer: <c>column IN (0, 1)</c> (unnamed, as MLflow's are).</summary>
    public static CheckConstraint Boolean(string column) => new(null, $"{column} IN (0, 1)");
}
