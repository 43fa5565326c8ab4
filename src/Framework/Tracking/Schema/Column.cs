namespace Research.Framework.Tracking.Schema;

/// <summary>
/// One column of a table. <paramref name="Type"/> is spelled as MLflow's models emit it (<c>VARCHAR(32)</c>,
/// <c>BIGINT</c>, <c>JSON</c>): SQLite keeps the spelling and <c>PRAGMA table_info</c> reports it, so
/// MLflow's reflection reads back what it would have written. <paramref name="Default"/> is an SQL
/// literal (<c>'0'</c>, quoted as MLflow writes it); <paramref name="GeneratedAs"/> makes a stored
/// generated column computed from that expression.
/// </summary>
public sealed record Column(string Name, string Type, bool NotNull = false, string? Default = null, string? GeneratedAs = null)
{
    /// <summary>The workspace column every workspace-scoped MLflow table carries (rows without one belong to 'default').</summary>
    public static Column Workspace { get; } = new("workspace", "VARCHAR(63)", NotNull: true, Default: "'default'");
}
