namespace Research.Framework.Tracking.Schema;

/// <summary>The AI gateway: encrypted secrets, model definitions, endpoints with their bindings, mappings and tags, guardrails and budgets.</summary>
internal static class GatewayTables
{
    /// <summary>Who made and last changed a gateway entity, and when (ms since epoch); declared before <see cref="All"/>, which reads it.</summary>
    private static readonly Column[] Audit =
    [
        new("created_by", "VARCHAR(255)"),
        new("created_at", "BIGINT", NotNull: true),
        new("last_updated_by", "VARCHAR(255)"),
        new("last_updated_at", "BIGINT", NotNull: true),
    ];

    public static IReadOnlyList<Table> All { get; } =
    [
        new("secrets",
            [
                new("secret_id", "VARCHAR(36)", NotNull: true),
                new("secret_name", "VARCHAR(255)", NotNull: true),
                new("encrypted_value", "BLOB", NotNull: true),
                new("wrapped_dek", "BLOB", NotNull: true),
                new("kek_version", "INTEGER", NotNull: true),
                new("masked_value", "VARCHAR(500)", NotNull: true),
                new("provider", "VARCHAR(64)"),
                new("auth_config", "TEXT"),
                new("description", "TEXT"),
                .. Audit,
                Column.Workspace,
            ],
            new("secrets_pk", ["secret_id"]))
        {
            Uniques = [new("uq_secrets_workspace_secret_name", ["workspace", "secret_name"])],
            Indexes = [new("idx_secrets_workspace", ["workspace"])],
            // The id and name are the associated data of the value's encryption: changing either would make it undecryptable.
            Triggers =
            [
                new("prevent_secrets_aad_mutation", "BEFORE UPDATE", "OLD.secret_id != NEW.secret_id OR OLD.secret_name != NEW.secret_name",
                    "SELECT RAISE(ABORT, 'secret_id and secret_name are immutable (used as AAD in encryption)')"),
            ],
        },
        new("model_definitions",
            [
                new("model_definition_id", "VARCHAR(36)", NotNull: true),
                new("name", "VARCHAR(255)", NotNull: true),
                new("secret_id", "VARCHAR(36)"),
                new("provider", "VARCHAR(64)", NotNull: true),
                new("model_name", "VARCHAR(256)", NotNull: true),
                .. Audit,
                Column.Workspace,
            ],
            new("model_definitions_pk", ["model_definition_id"]))
        {
            ForeignKeys = [new("fk_model_definitions_secret_id", ["secret_id"], "secrets", ["secret_id"], OnDelete: "SET NULL")],
            Uniques = [new("uq_model_definitions_workspace_name", ["workspace", "name"])],
            Indexes =
            [
                new("idx_model_definitions_workspace", ["workspace"]),
                new("index_model_definitions_provider", ["provider"]),
                new("index_model_definitions_secret_id", ["secret_id"]),
            ],
        },
        new("endpoints",
            [
                new("endpoint_id", "VARCHAR(36)", NotNull: true),
                new("name", "VARCHAR(255)"),
                .. Audit,
                new("routing_strategy", "VARCHAR(64)"),
                new("fallback_config_json", "TEXT"),
                new("experiment_id", "INTEGER"),
                new("usage_tracking", "BOOLEAN", NotNull: true, Default: "'0'"),
                Column.Workspace,
            ],
            new("endpoints_pk", ["endpoint_id"]))
        {
            ForeignKeys = [new("fk_endpoints_experiment_id", ["experiment_id"], "experiments", ["experiment_id"], OnDelete: "SET NULL")],
            Uniques = [new("uq_endpoints_workspace_name", ["workspace", "name"])],
            Indexes = [new("idx_endpoints_workspace", ["workspace"])],
        },
        new("endpoint_model_mappings",
            [
                new("mapping_id", "VARCHAR(36)", NotNull: true),
                new("endpoint_id", "VARCHAR(36)", NotNull: true),
                new("model_definition_id", "VARCHAR(36)", NotNull: true),
                new("weight", "FLOAT", NotNull: true),
                new("created_by", "VARCHAR(255)"),
                new("created_at", "BIGINT", NotNull: true),
                new("linkage_type", "VARCHAR(64)", NotNull: true, Default: "'PRIMARY'"),
                new("fallback_order", "INTEGER"),
            ],
            new("endpoint_model_mappings_pk", ["mapping_id"]))
        {
            ForeignKeys =
            [
                new("fk_endpoint_model_mappings_endpoint_id", ["endpoint_id"], "endpoints", ["endpoint_id"], OnDelete: "CASCADE"),
                new("fk_endpoint_model_mappings_model_definition_id", ["model_definition_id"], "model_definitions", ["model_definition_id"]),
            ],
            Indexes =
            [
                new("index_endpoint_model_mappings_endpoint_id", ["endpoint_id"]),
                new("index_endpoint_model_mappings_model_definition_id", ["model_definition_id"]),
                new("unique_endpoint_model_linkage_mapping", ["endpoint_id", "model_definition_id", "linkage_type"], Unique: true),
            ],
        },
        new("endpoint_bindings",
            [
                new("endpoint_id", "VARCHAR(36)", NotNull: true),
                new("resource_type", "VARCHAR(50)", NotNull: true),
                new("resource_id", "VARCHAR(255)", NotNull: true),
                new("created_at", "BIGINT", NotNull: true),
                new("created_by", "VARCHAR(255)"),
                new("last_updated_at", "BIGINT", NotNull: true),
                new("last_updated_by", "VARCHAR(255)"),
                new("display_name", "VARCHAR(255)"),
            ],
            new("endpoint_bindings_pk", ["endpoint_id", "resource_type", "resource_id"]))
        {
            ForeignKeys = [new("fk_endpoint_bindings_endpoint_id", ["endpoint_id"], "endpoints", ["endpoint_id"], OnDelete: "CASCADE")],
        },
        new("endpoint_tags",
            [
                new("key", "VARCHAR(250)", NotNull: true),
                new("value", "VARCHAR(5000)"),
                new("endpoint_id", "VARCHAR(36)", NotNull: true),
            ],
            new("endpoint_tag_pk", ["key", "endpoint_id"]))
        {
            ForeignKeys = [new("fk_endpoint_tags_endpoint_id", ["endpoint_id"], "endpoints", ["endpoint_id"], OnDelete: "CASCADE")],
            Indexes = [new("index_endpoint_tags_endpoint_id", ["endpoint_id"])],
        },
        new("guardrails",
            [
                new("guardrail_id", "VARCHAR(36)", NotNull: true),
                new("name", "VARCHAR(255)", NotNull: true),
                new("scorer_id", "VARCHAR(36)", NotNull: true),
                new("scorer_version", "INTEGER", NotNull: true),
                new("stage", "VARCHAR(32)", NotNull: true),
                new("action", "VARCHAR(32)", NotNull: true),
                new("action_endpoint_id", "VARCHAR(36)"),
                .. Audit,
                Column.Workspace,
            ],
            new("guardrails_pk", ["guardrail_id"]))
        {
            ForeignKeys =
            [
                new("fk_guardrails_scorer_version", ["scorer_id", "scorer_version"], "scorer_versions", ["scorer_id", "scorer_version"]),
                new("fk_guardrails_action_endpoint_id", ["action_endpoint_id"], "endpoints", ["endpoint_id"], OnDelete: "SET NULL"),
            ],
            Indexes =
            [
                new("idx_guardrails_scorer", ["scorer_id", "scorer_version"]),
                new("idx_guardrails_workspace", ["workspace"]),
            ],
        },
        new("guardrail_configs",
            [
                new("endpoint_id", "VARCHAR(36)", NotNull: true),
                new("guardrail_id", "VARCHAR(36)", NotNull: true),
                new("execution_order", "INTEGER"),
                new("created_by", "VARCHAR(255)"),
                new("created_at", "BIGINT", NotNull: true),
                Column.Workspace,
            ],
            new("guardrail_configs_pk", ["endpoint_id", "guardrail_id"]))
        {
            ForeignKeys =
            [
                new("fk_guardrail_configs_endpoint_id", ["endpoint_id"], "endpoints", ["endpoint_id"], OnDelete: "CASCADE"),
                new("fk_guardrail_configs_guardrail_id", ["guardrail_id"], "guardrails", ["guardrail_id"], OnDelete: "CASCADE"),
            ],
            Indexes =
            [
                new("idx_guardrail_configs_endpoint_id", ["endpoint_id"]),
                new("idx_guardrail_configs_guardrail_id", ["guardrail_id"]),
            ],
        },
        new("budget_policies",
            [
                new("budget_policy_id", "VARCHAR(36)", NotNull: true),
                new("budget_unit", "VARCHAR(32)", NotNull: true),
                new("budget_amount", "FLOAT", NotNull: true),
                new("duration_unit", "VARCHAR(32)", NotNull: true),
                new("duration_value", "INTEGER", NotNull: true),
                new("target_scope", "VARCHAR(32)", NotNull: true),
                new("budget_action", "VARCHAR(32)", NotNull: true),
                .. Audit,
                Column.Workspace,
            ],
            new("budget_policies_pk", ["budget_policy_id"]))
        {
            Indexes = [new("idx_budget_policies_workspace", ["workspace"])],
        },
    ];
}
