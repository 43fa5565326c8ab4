namespace Research.Framework.Tracking.Schema;

/// <summary>Scorers (GenAI judges), their versions, and the online scoring that runs them on new traces.</summary>
internal static class ScorerTables
{
    public static IReadOnlyList<Table> All { get; } =
    [
        new("scorers",
            [
                new("experiment_id", "INTEGER", NotNull: true),
                new("scorer_name", "VARCHAR(256)", NotNull: true),
                new("scorer_id", "VARCHAR(36)", NotNull: true),
            ],
            new("scorer_pk", ["scorer_id"]))
        {
            ForeignKeys = [new("fk_scorers_experiment_id", ["experiment_id"], "experiments", ["experiment_id"], OnDelete: "CASCADE")],
            Indexes = [new("index_scorers_experiment_id_scorer_name", ["experiment_id", "scorer_name"], Unique: true)],
        },
        new("scorer_versions",
            [
                new("scorer_id", "VARCHAR(36)", NotNull: true),
                new("scorer_version", "INTEGER", NotNull: true),
                new("serialized_scorer", "TEXT", NotNull: true),
                new("creation_time", "BIGINT"),
            ],
            new("scorer_version_pk", ["scorer_id", "scorer_version"]))
        {
            ForeignKeys = [new("fk_scorer_versions_scorer_id", ["scorer_id"], "scorers", ["scorer_id"], OnDelete: "CASCADE")],
            Indexes = [new("index_scorer_versions_scorer_id", ["scorer_id"])],
        },
        new("online_scoring_configs",
            [
                new("online_scoring_config_id", "VARCHAR(36)", NotNull: true),
                new("scorer_id", "VARCHAR(36)", NotNull: true),
                new("sample_rate", "FLOAT", NotNull: true),
                new("experiment_id", "INTEGER", NotNull: true),
                new("filter_string", "TEXT"),
            ],
            new("online_scoring_config_pk", ["online_scoring_config_id"]))
        {
            ForeignKeys =
            [
                new("fk_online_scoring_configs_scorer_id", ["scorer_id"], "scorers", ["scorer_id"], OnDelete: "CASCADE"),
                new("fk_online_scoring_configs_experiment_id", ["experiment_id"], "experiments", ["experiment_id"]),
            ],
        },
    ];
}
