namespace Research.Framework.Tracking.Schema;

/// <summary>Experiments and runs with their params, tags and metrics: the tables this project writes.</summary>
internal static class RunTables
{
    public static IReadOnlyList<Table> All { get; } =
    [
        new("experiments",
            [
                new("experiment_id", "INTEGER", NotNull: true),
                new("name", "VARCHAR(256)", NotNull: true),
                new("artifact_location", "VARCHAR(256)"),
                new("lifecycle_stage", "VARCHAR(32)"),
                new("creation_time", "BIGINT"),
                new("last_update_time", "BIGINT"),
                Column.Workspace,
            ],
            new("experiment_pk", ["experiment_id"]))
        {
            Checks = [CheckConstraint.In("experiments_lifecycle_stage", "lifecycle_stage", "active", "deleted")],
            Uniques = [new("uq_experiments_workspace_name", ["workspace", "name"])],
            Indexes =
            [
                new("idx_experiments_workspace", ["workspace"]),
                new("idx_experiments_workspace_creation_time", ["workspace", "creation_time"]),
            ],
        },
        new("experiment_tags",
            [
                new("key", "VARCHAR(250)", NotNull: true),
                new("value", "VARCHAR(5000)"),
                new("experiment_id", "INTEGER", NotNull: true),
            ],
            new("experiment_tag_pk", ["key", "experiment_id"]))
        {
            ForeignKeys = [new(null, ["experiment_id"], "experiments", ["experiment_id"])],
        },
        new("runs",
            [
                new("run_uuid", "VARCHAR(32)", NotNull: true),
                new("name", "VARCHAR(250)"),
                new("source_type", "VARCHAR(20)"),
                new("source_name", "VARCHAR(500)"),
                new("entry_point_name", "VARCHAR(50)"),
                new("user_id", "VARCHAR(256)"),
                new("status", "VARCHAR(9)"),
                new("start_time", "BIGINT"),
                new("end_time", "BIGINT"),
                new("source_version", "VARCHAR(50)"),
                new("lifecycle_stage", "VARCHAR(20)"),
                new("artifact_uri", "VARCHAR(200)"),
                new("experiment_id", "INTEGER"),
                new("deleted_time", "BIGINT"),
            ],
            new("run_pk", ["run_uuid"]))
        {
            Checks =
            [
                CheckConstraint.In("runs_lifecycle_stage", "lifecycle_stage", "active", "deleted"),
                CheckConstraint.In("source_type", "source_type", "NOTEBOOK", "JOB", "LOCAL", "UNKNOWN", "PROJECT"),
                CheckConstraint.In(null, "status", "SCHEDULED", "FAILED", "FINISHED", "RUNNING", "KILLED"),
            ],
            ForeignKeys = [new(null, ["experiment_id"], "experiments", ["experiment_id"])],
        },
        new("params",
            [
                new("key", "VARCHAR(250)", NotNull: true),
                new("value", "VARCHAR(8000)", NotNull: true),
                new("run_uuid", "VARCHAR(32)", NotNull: true),
            ],
            new("param_pk", ["key", "run_uuid"]))
        {
            ForeignKeys = [new(null, ["run_uuid"], "runs", ["run_uuid"])],
            Indexes = [new("index_params_run_uuid", ["run_uuid"])],
        },
        new("tags",
            [
                new("key", "VARCHAR(250)", NotNull: true),
                new("value", "VARCHAR(8000)"),
                new("run_uuid", "VARCHAR(32)", NotNull: true),
            ],
            new("tag_pk", ["key", "run_uuid"]))
        {
            ForeignKeys = [new(null, ["run_uuid"], "runs", ["run_uuid"])],
            Indexes = [new("index_tags_run_uuid", ["run_uuid"])],
        },
        new("metrics",
            [
                new("key", "VARCHAR(250)", NotNull: true),
                new("value", "FLOAT", NotNull: true),
                new("timestamp", "BIGINT", NotNull: true),
                new("run_uuid", "VARCHAR(32)", NotNull: true),
                new("step", "BIGINT", NotNull: true, Default: "'0'"),
                new("is_nan", "BOOLEAN", NotNull: true, Default: "'0'"),
            ],
            new("metric_pk", ["key", "timestamp", "step", "run_uuid", "value", "is_nan"]))
        {
            Checks = [CheckConstraint.Boolean("is_nan")],
            ForeignKeys = [new(null, ["run_uuid"], "runs", ["run_uuid"])],
            Indexes =
            [
                new("index_metrics_run_uuid", ["run_uuid"]),
                new("index_metrics_run_uuid_key_step", ["run_uuid", "key", "step"]),
            ],
        },
        new("latest_metrics",
            [
                new("key", "VARCHAR(250)", NotNull: true),
                new("value", "FLOAT", NotNull: true),
                new("timestamp", "BIGINT"),
                new("step", "BIGINT", NotNull: true),
                new("is_nan", "BOOLEAN", NotNull: true),
                new("run_uuid", "VARCHAR(32)", NotNull: true),
            ],
            new("latest_metric_pk", ["key", "run_uuid"]))
        {
            Checks = [CheckConstraint.Boolean("is_nan")],
            ForeignKeys = [new(null, ["run_uuid"], "runs", ["run_uuid"])],
            Indexes = [new("index_latest_metrics_run_uuid", ["run_uuid"])],
        },
    ];
}
