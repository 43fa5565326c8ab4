namespace Research.Framework.Tracking.Schema;

/// <summary>
/// A foreign key from <paramref name="Columns"/> to <paramref name="References"/> of <paramref name="Table"/>.
/// <paramref name="Name"/> is null where MLflow left it unnamed; a null action is SQLite's NO ACTION.
/// </summary>
public sealed record ForeignKey(
    string? Name, IReadOnlyList<string> Columns, string Table, IReadOnlyList<string> References, string? OnDelete = null, string? OnUpdate = null);
