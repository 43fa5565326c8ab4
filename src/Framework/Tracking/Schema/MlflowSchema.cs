namespace Research.Framework.Tracking.Schema;

/// <summary>
/// MLflow's SQLite tracking schema at alembic revision <see cref="Revision"/> (MLflow 3.11), declared
/// table by table: the 48 tables MLflow's own migrations leave there, with every key, check, index
/// and trigger. Checked against a store the real MLflow created (the schema tests).
/// </summary>
public static class MlflowSchema
{
    /// <summary>The alembic revision of MLflow 3.11's schema head.</summary>
    public const string Revision = "7d34483879f0";

    public static IReadOnlyList<Table> Tables { get; } =
    [
        .. RunTables.All,
        .. DatasetTables.All,
        .. LoggedModelTables.All,
        .. TraceTables.All,
        .. RegisteredModelTables.All,
        .. ScorerTables.All,
        .. GatewayTables.All,
        .. ServiceTables.All,
    ];
}
