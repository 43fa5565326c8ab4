namespace Research.Framework.Tracking.Schema;

/// <summary>Datasets and the inputs that link them to runs and models, plus the evaluation datasets and their records.</summary>
internal static class DatasetTables
{
    public static IReadOnlyList<Table> All { get; } =
    [
        new("datasets",
            [
                new("dataset_uuid", "VARCHAR(36)", NotNull: true),
                new("experiment_id", "INTEGER", NotNull: true),
                new("name", "VARCHAR(500)", NotNull: true),
                new("digest", "VARCHAR(36)", NotNull: true),
                new("dataset_source_type", "VARCHAR(36)", NotNull: true),
                new("dataset_source", "TEXT", NotNull: true),
                new("dataset_schema", "TEXT"),
                new("dataset_profile", "TEXT"),
            ],
            new("dataset_pk", ["experiment_id", "name", "digest"]))
        {
            ForeignKeys = [new("fk_datasets_experiment_id_experiments", ["experiment_id"], "experiments", ["experiment_id"], OnDelete: "CASCADE")],
            Indexes =
            [
                new("index_datasets_dataset_uuid", ["dataset_uuid"]),
                new("index_datasets_experiment_id_dataset_source_type", ["experiment_id", "dataset_source_type"]),
            ],
        },
        new("inputs",
            [
                new("input_uuid", "VARCHAR(36)", NotNull: true),
                new("source_type", "VARCHAR(36)", NotNull: true),
                new("source_id", "VARCHAR(36)", NotNull: true),
                new("destination_type", "VARCHAR(36)", NotNull: true),
                new("destination_id", "VARCHAR(36)", NotNull: true),
                new("step", "BIGINT", NotNull: true, Default: "'0'"),
            ],
            new("inputs_pk", ["source_type", "source_id", "destination_type", "destination_id"]))
        {
            Indexes =
            [
                new("index_inputs_destination_type_destination_id_source_type", ["destination_type", "destination_id", "source_type"]),
                new("index_inputs_input_uuid", ["input_uuid"]),
            ],
        },
        new("input_tags",
            [
                new("input_uuid", "VARCHAR(36)", NotNull: true),
                new("name", "VARCHAR(255)", NotNull: true),
                new("value", "VARCHAR(500)", NotNull: true),
            ],
            new("input_tags_pk", ["input_uuid", "name"])),
        new("entity_associations",
            [
                new("association_id", "VARCHAR(36)", NotNull: true),
                new("source_type", "VARCHAR(36)", NotNull: true),
                new("source_id", "VARCHAR(36)", NotNull: true),
                new("destination_type", "VARCHAR(36)", NotNull: true),
                new("destination_id", "VARCHAR(36)", NotNull: true),
                new("created_time", "BIGINT"),
            ],
            new("entity_associations_pk", ["source_type", "source_id", "destination_type", "destination_id"]))
        {
            Indexes =
            [
                new("index_entity_associations_association_id", ["association_id"]),
                new("index_entity_associations_reverse_lookup", ["destination_type", "destination_id", "source_type", "source_id"]),
            ],
        },
        new("evaluation_datasets",
            [
                new("dataset_id", "VARCHAR(36)", NotNull: true),
                new("name", "VARCHAR(255)", NotNull: true),
                new("schema", "TEXT"),
                new("profile", "TEXT"),
                new("digest", "VARCHAR(64)"),
                new("created_time", "BIGINT"),
                new("last_update_time", "BIGINT"),
                new("created_by", "VARCHAR(255)"),
                new("last_updated_by", "VARCHAR(255)"),
                Column.Workspace,
            ],
            new("evaluation_datasets_pk", ["dataset_id"]))
        {
            Indexes =
            [
                new("idx_evaluation_datasets_workspace", ["workspace"]),
                new("index_evaluation_datasets_created_time", ["created_time"]),
                new("index_evaluation_datasets_name", ["name"]),
            ],
        },
        new("evaluation_dataset_tags",
            [
                new("dataset_id", "VARCHAR(36)", NotNull: true),
                new("key", "VARCHAR(255)", NotNull: true),
                new("value", "VARCHAR(5000)"),
            ],
            new("evaluation_dataset_tags_pk", ["dataset_id", "key"]))
        {
            ForeignKeys = [new("fk_evaluation_dataset_tags_dataset_id", ["dataset_id"], "evaluation_datasets", ["dataset_id"], OnDelete: "CASCADE")],
            Indexes = [new("index_evaluation_dataset_tags_dataset_id", ["dataset_id"])],
        },
        new("evaluation_dataset_records",
            [
                new("dataset_record_id", "VARCHAR(36)", NotNull: true),
                new("dataset_id", "VARCHAR(36)", NotNull: true),
                new("inputs", "JSON", NotNull: true),
                new("expectations", "JSON"),
                new("tags", "JSON"),
                new("source", "JSON"),
                new("source_id", "VARCHAR(36)"),
                new("source_type", "VARCHAR(255)"),
                new("created_time", "BIGINT"),
                new("last_update_time", "BIGINT"),
                new("created_by", "VARCHAR(255)"),
                new("last_updated_by", "VARCHAR(255)"),
                new("input_hash", "VARCHAR(64)", NotNull: true),
                new("outputs", "JSON"),
            ],
            new("evaluation_dataset_records_pk", ["dataset_record_id"]))
        {
            ForeignKeys =
            [
                new("fk_evaluation_dataset_records_dataset_id", ["dataset_id"], "evaluation_datasets", ["dataset_id"], OnDelete: "CASCADE"),
            ],
            Uniques = [new("unique_dataset_input", ["dataset_id", "input_hash"])],
            Indexes = [new("index_evaluation_dataset_records_dataset_id", ["dataset_id"])],
        },
    ];
}
