namespace Research.Framework.Tracking.Schema;

/// <summary>Traces (GenAI tracing): trace info with its tags, metadata and metrics, spans, and the assessments and issues raised on them.</summary>
internal static class TraceTables
{
    public static IReadOnlyList<Table> All { get; } =
    [
        new("trace_info",
            [
                new("request_id", "VARCHAR(50)", NotNull: true),
                new("experiment_id", "INTEGER", NotNull: true),
                new("timestamp_ms", "BIGINT", NotNull: true),
                new("execution_time_ms", "BIGINT"),
                new("status", "VARCHAR(50)", NotNull: true),
                new("client_request_id", "VARCHAR(50)"),
                new("request_preview", "VARCHAR(1000)"),
                new("response_preview", "VARCHAR(1000)"),
            ],
            new("trace_info_pk", ["request_id"]))
        {
            ForeignKeys = [new("fk_trace_info_experiment_id", ["experiment_id"], "experiments", ["experiment_id"])],
            Indexes = [new("index_trace_info_experiment_id_timestamp_ms", ["experiment_id", "timestamp_ms"])],
        },
        new("trace_tags",
            [
                new("key", "VARCHAR(250)", NotNull: true),
                new("value", "VARCHAR(8000)"),
                new("request_id", "VARCHAR(50)", NotNull: true),
            ],
            new("trace_tag_pk", ["key", "request_id"]))
        {
            ForeignKeys = [new("fk_trace_tags_request_id", ["request_id"], "trace_info", ["request_id"], OnDelete: "CASCADE")],
            Indexes = [new("index_trace_tags_request_id", ["request_id"])],
        },
        new("trace_request_metadata",
            [
                new("key", "VARCHAR(250)", NotNull: true),
                new("value", "VARCHAR(8000)"),
                new("request_id", "VARCHAR(50)", NotNull: true),
            ],
            new("trace_request_metadata_pk", ["key", "request_id"]))
        {
            ForeignKeys = [new("fk_trace_request_metadata_request_id", ["request_id"], "trace_info", ["request_id"], OnDelete: "CASCADE")],
            Indexes = [new("index_trace_request_metadata_request_id", ["request_id"])],
        },
        new("trace_metrics",
            [
                new("request_id", "VARCHAR(50)", NotNull: true),
                new("key", "VARCHAR(250)", NotNull: true),
                new("value", "FLOAT"),
            ],
            new("trace_metrics_pk", ["request_id", "key"]))
        {
            ForeignKeys = [new("fk_trace_metrics_request_id", ["request_id"], "trace_info", ["request_id"], OnDelete: "CASCADE")],
            Indexes = [new("index_trace_metrics_request_id", ["request_id"])],
        },
        new("spans",
            [
                new("trace_id", "VARCHAR(50)", NotNull: true),
                new("experiment_id", "INTEGER", NotNull: true),
                new("span_id", "VARCHAR(50)", NotNull: true),
                new("parent_span_id", "VARCHAR(50)"),
                new("name", "TEXT"),
                new("type", "VARCHAR(500)"),
                new("status", "VARCHAR(50)", NotNull: true),
                new("start_time_unix_nano", "BIGINT", NotNull: true),
                new("end_time_unix_nano", "BIGINT"),
                new("duration_ns", "BIGINT", GeneratedAs: "end_time_unix_nano - start_time_unix_nano"),
                new("content", "TEXT", NotNull: true),
                new("dimension_attributes", "JSON"),
            ],
            new("spans_pk", ["trace_id", "span_id"]))
        {
            ForeignKeys =
            [
                new("fk_spans_trace_id", ["trace_id"], "trace_info", ["request_id"], OnDelete: "CASCADE"),
                new("fk_spans_experiment_id", ["experiment_id"], "experiments", ["experiment_id"]),
            ],
            Indexes =
            [
                new("index_spans_experiment_id", ["experiment_id"]),
                new("index_spans_experiment_id_duration", ["experiment_id", "duration_ns"]),
                new("index_spans_experiment_id_status_type", ["experiment_id", "status", "type"]),
                new("index_spans_experiment_id_type_status", ["experiment_id", "type", "status"]),
            ],
        },
        new("span_metrics",
            [
                new("trace_id", "VARCHAR(50)", NotNull: true),
                new("span_id", "VARCHAR(50)", NotNull: true),
                new("key", "VARCHAR(250)", NotNull: true),
                new("value", "FLOAT"),
            ],
            new("span_metrics_pk", ["trace_id", "span_id", "key"]))
        {
            ForeignKeys = [new("fk_span_metrics_span", ["trace_id", "span_id"], "spans", ["trace_id", "span_id"], OnDelete: "CASCADE")],
            Indexes = [new("index_span_metrics_trace_id_span_id", ["trace_id", "span_id"])],
        },
        new("assessments",
            [
                new("assessment_id", "VARCHAR(50)", NotNull: true),
                new("trace_id", "VARCHAR(50)", NotNull: true),
                new("name", "VARCHAR(250)", NotNull: true),
                new("assessment_type", "VARCHAR(20)", NotNull: true),
                new("value", "TEXT", NotNull: true),
                new("error", "TEXT"),
                new("created_timestamp", "BIGINT", NotNull: true),
                new("last_updated_timestamp", "BIGINT", NotNull: true),
                new("source_type", "VARCHAR(50)", NotNull: true),
                new("source_id", "VARCHAR(250)"),
                new("run_id", "VARCHAR(32)"),
                new("span_id", "VARCHAR(50)"),
                new("rationale", "TEXT"),
                new("overrides", "VARCHAR(50)"),
                new("valid", "BOOLEAN", NotNull: true),
                new("assessment_metadata", "TEXT"),
            ],
            new("assessments_pk", ["assessment_id"]))
        {
            ForeignKeys = [new("fk_assessments_trace_id", ["trace_id"], "trace_info", ["request_id"], OnDelete: "CASCADE")],
            Indexes =
            [
                new("index_assessments_assessment_type", ["assessment_type"]),
                new("index_assessments_last_updated_timestamp", ["last_updated_timestamp"]),
                new("index_assessments_run_id_created_timestamp", ["run_id", "created_timestamp"]),
                new("index_assessments_trace_id_created_timestamp", ["trace_id", "created_timestamp"]),
            ],
        },
        new("issues",
            [
                new("issue_id", "VARCHAR(36)", NotNull: true),
                new("experiment_id", "INTEGER", NotNull: true),
                new("name", "VARCHAR(250)", NotNull: true),
                new("description", "TEXT", NotNull: true),
                new("status", "VARCHAR(50)", NotNull: true),
                new("severity", "VARCHAR(50)"),
                new("root_causes", "TEXT"),
                new("source_run_id", "VARCHAR(32)"),
                new("categories", "TEXT"),
                new("created_timestamp", "BIGINT", NotNull: true),
                new("last_updated_timestamp", "BIGINT", NotNull: true),
                new("created_by", "VARCHAR(255)"),
            ],
            new("issues_pk", ["issue_id"]))
        {
            ForeignKeys =
            [
                new("fk_issues_experiment_id", ["experiment_id"], "experiments", ["experiment_id"], OnDelete: "CASCADE"),
                new("fk_issues_source_run_id", ["source_run_id"], "runs", ["run_uuid"], OnDelete: "SET NULL"),
            ],
            Indexes =
            [
                new("index_issues_experiment_id", ["experiment_id"]),
                new("index_issues_source_run_id", ["source_run_id"]),
                new("index_issues_status", ["status"]),
            ],
        },
    ];
}
