namespace Research.Framework.Tracking.Schema;

/// <summary>The server's own tables: the alembic revision, workspaces, webhooks and their events, and background jobs.</summary>
internal static class ServiceTables
{
    public static IReadOnlyList<Table> All { get; } =
    [
        new("alembic_version",
            [
                new("version_num", "VARCHAR(32)", NotNull: true),
            ],
            new("alembic_version_pkc", ["version_num"])),
        new("workspaces",
            [
                new("name", "VARCHAR(63)", NotNull: true),
                new("description", "TEXT"),
                new("default_artifact_root", "TEXT"),
            ],
            new("workspaces_pk", ["name"])),
        new("webhooks",
            [
                new("webhook_id", "VARCHAR(256)", NotNull: true),
                new("name", "VARCHAR(256)", NotNull: true),
                new("description", "VARCHAR(1000)"),
                new("url", "VARCHAR(500)", NotNull: true),
                new("status", "VARCHAR(20)", NotNull: true, Default: "'ACTIVE'"),
                new("secret", "VARCHAR(1000)"),
                new("creation_timestamp", "BIGINT"),
                new("last_updated_timestamp", "BIGINT"),
                new("deleted_timestamp", "BIGINT"),
                Column.Workspace,
            ],
            new("webhook_pk", ["webhook_id"]))
        {
            Indexes =
            [
                new("idx_webhooks_name", ["name"]),
                new("idx_webhooks_status", ["status"]),
                new("idx_webhooks_workspace", ["workspace"]),
            ],
        },
        new("webhook_events",
            [
                new("webhook_id", "VARCHAR(256)", NotNull: true),
                new("entity", "VARCHAR(50)", NotNull: true),
                new("action", "VARCHAR(50)", NotNull: true),
            ],
            new("webhook_event_pk", ["webhook_id", "entity", "action"]))
        {
            ForeignKeys = [new(null, ["webhook_id"], "webhooks", ["webhook_id"], OnDelete: "CASCADE")],
            Indexes =
            [
                new("idx_webhook_events_action", ["action"]),
                new("idx_webhook_events_entity", ["entity"]),
                new("idx_webhook_events_entity_action", ["entity", "action"]),
            ],
        },
        new("jobs",
            [
                new("id", "VARCHAR(36)", NotNull: true),
                new("creation_time", "BIGINT", NotNull: true),
                new("job_name", "VARCHAR(500)", NotNull: true),
                new("params", "TEXT", NotNull: true),
                new("timeout", "FLOAT"),
                new("status", "INTEGER", NotNull: true),
                new("result", "TEXT"),
                new("retry_count", "INTEGER", NotNull: true),
                new("last_update_time", "BIGINT", NotNull: true),
                Column.Workspace,
                new("status_details", "JSON"),
            ],
            new("jobs_pk", ["id"]))
        {
            Indexes = [new("index_jobs_name_status_creation_time", ["job_name", "workspace", "status", "creation_time"])],
        },
    ];
}
