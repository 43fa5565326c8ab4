namespace Research.Framework.Tracking.Schema;

/// <summary>Logged models (MLflow 3) with their params, tags and metrics.</summary>
internal static class LoggedModelTables
{
    public static IReadOnlyList<Table> All { get; } =
    [
        new("logged_models",
            [
                new("model_id", "VARCHAR(36)", NotNull: true),
                new("experiment_id", "INTEGER", NotNull: true),
                new("name", "VARCHAR(500)", NotNull: true),
                new("artifact_location", "VARCHAR(1000)", NotNull: true),
                new("creation_timestamp_ms", "BIGINT", NotNull: true),
                new("last_updated_timestamp_ms", "BIGINT", NotNull: true),
                new("status", "INTEGER", NotNull: true),
                new("lifecycle_stage", "VARCHAR(32)"),
                new("model_type", "VARCHAR(500)"),
                new("source_run_id", "VARCHAR(32)"),
                new("status_message", "VARCHAR(1000)"),
            ],
            new("logged_models_pk", ["model_id"]))
        {
            Checks = [CheckConstraint.In("logged_models_lifecycle_stage_check", "lifecycle_stage", "active", "deleted")],
            ForeignKeys = [new("fk_logged_models_experiment_id", ["experiment_id"], "experiments", ["experiment_id"], OnDelete: "CASCADE")],
        },
        new("logged_model_params",
            [
                new("model_id", "VARCHAR(36)", NotNull: true),
                new("experiment_id", "INTEGER", NotNull: true),
                new("param_key", "VARCHAR(255)", NotNull: true),
                new("param_value", "TEXT", NotNull: true),
            ],
            new("logged_model_params_pk", ["model_id", "param_key"]))
        {
            ForeignKeys =
            [
                new("fk_logged_model_params_experiment_id", ["experiment_id"], "experiments", ["experiment_id"]),
                new("fk_logged_model_params_model_id", ["model_id"], "logged_models", ["model_id"], OnDelete: "CASCADE"),
            ],
        },
        new("logged_model_tags",
            [
                new("model_id", "VARCHAR(36)", NotNull: true),
                new("experiment_id", "INTEGER", NotNull: true),
                new("tag_key", "VARCHAR(255)", NotNull: true),
                new("tag_value", "TEXT", NotNull: true),
            ],
            new("logged_model_tags_pk", ["model_id", "tag_key"]))
        {
            ForeignKeys =
            [
                new("fk_logged_model_tags_experiment_id", ["experiment_id"], "experiments", ["experiment_id"]),
                new("fk_logged_model_tags_model_id", ["model_id"], "logged_models", ["model_id"], OnDelete: "CASCADE"),
            ],
        },
        new("logged_model_metrics",
            [
                new("model_id", "VARCHAR(36)", NotNull: true),
                new("metric_name", "VARCHAR(500)", NotNull: true),
                new("metric_timestamp_ms", "BIGINT", NotNull: true),
                new("metric_step", "BIGINT", NotNull: true),
                new("metric_value", "FLOAT"),
                new("experiment_id", "INTEGER", NotNull: true),
                new("run_id", "VARCHAR(32)", NotNull: true),
                new("dataset_uuid", "VARCHAR(36)"),
                new("dataset_name", "VARCHAR(500)"),
                new("dataset_digest", "VARCHAR(36)"),
            ],
            new("logged_model_metrics_pk", ["model_id", "metric_name", "metric_timestamp_ms", "metric_step", "run_id"]))
        {
            ForeignKeys =
            [
                new("fk_logged_model_metrics_experiment_id", ["experiment_id"], "experiments", ["experiment_id"]),
                new("fk_logged_model_metrics_model_id", ["model_id"], "logged_models", ["model_id"], OnDelete: "CASCADE"),
                new("fk_logged_model_metrics_run_id", ["run_id"], "runs", ["run_uuid"], OnDelete: "CASCADE"),
            ],
            Indexes = [new("index_logged_model_metrics_model_id", ["model_id"])],
        },
    ];
}
