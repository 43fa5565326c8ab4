namespace Research.Framework.Tracking.Schema;

/// <summary>The model registry (prompts live here too, as tagged registered models): models, versions, tags and aliases.</summary>
internal static class RegisteredModelTables
{
    public static IReadOnlyList<Table> All { get; } =
    [
        new("registered_models",
            [
                new("name", "VARCHAR(256)", NotNull: true),
                new("creation_time", "BIGINT"),
                new("last_updated_time", "BIGINT"),
                new("description", "VARCHAR(5000)"),
                Column.Workspace,
            ],
            new("registered_model_pk", ["workspace", "name"]))
        {
            Indexes = [new("idx_registered_models_workspace", ["workspace"])],
        },
        new("registered_model_tags",
            [
                new("key", "VARCHAR(250)", NotNull: true),
                new("value", "VARCHAR(5000)"),
                new("name", "VARCHAR(256)", NotNull: true),
                Column.Workspace,
            ],
            new("registered_model_tag_pk", ["workspace", "key", "name"]))
        {
            ForeignKeys =
            [
                new("fk_registered_model_tags_registered_models", ["workspace", "name"], "registered_models", ["workspace", "name"], OnUpdate: "CASCADE"),
            ],
            Indexes = [new("idx_registered_model_tags_workspace_name", ["workspace", "name"])],
        },
        new("registered_model_aliases",
            [
                new("alias", "VARCHAR(256)", NotNull: true),
                new("version", "INTEGER", NotNull: true),
                new("name", "VARCHAR(256)", NotNull: true),
                Column.Workspace,
            ],
            new("registered_model_alias_pk", ["workspace", "name", "alias"]))
        {
            ForeignKeys =
            [
                new("fk_registered_model_aliases_registered_models", ["workspace", "name"], "registered_models", ["workspace", "name"], OnDelete: "CASCADE", OnUpdate: "CASCADE"),
            ],
        },
        new("model_versions",
            [
                new("name", "VARCHAR(256)", NotNull: true),
                new("version", "INTEGER", NotNull: true),
                new("creation_time", "BIGINT"),
                new("last_updated_time", "BIGINT"),
                new("description", "VARCHAR(5000)"),
                new("user_id", "VARCHAR(256)"),
                new("current_stage", "VARCHAR(20)"),
                new("source", "VARCHAR(500)"),
                new("run_id", "VARCHAR(32)"),
                new("status", "VARCHAR(20)"),
                new("status_message", "VARCHAR(500)"),
                new("run_link", "VARCHAR(500)"),
                new("storage_location", "VARCHAR(500)"),
                Column.Workspace,
            ],
            new("model_version_pk", ["workspace", "name", "version"]))
        {
            ForeignKeys =
            [
                new("fk_model_versions_registered_models", ["workspace", "name"], "registered_models", ["workspace", "name"], OnUpdate: "CASCADE"),
            ],
        },
        new("model_version_tags",
            [
                new("key", "VARCHAR(250)", NotNull: true),
                new("value", "TEXT"),
                new("name", "VARCHAR(256)", NotNull: true),
                new("version", "INTEGER", NotNull: true),
                Column.Workspace,
            ],
            new("model_version_tag_pk", ["workspace", "key", "name", "version"]))
        {
            ForeignKeys =
            [
                new("fk_model_version_tags_model_versions", ["workspace", "name", "version"], "model_versions", ["workspace", "name", "version"], OnUpdate: "CASCADE"),
            ],
            Indexes = [new("idx_model_version_tags_workspace_name_version", ["workspace", "name", "version"])],
        },
    ];
}
