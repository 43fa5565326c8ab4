using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Research.Framework.Tracking;

/// <summary>
/// The JSON of MLflow's REST API, as the recorded exchanges show it: snake_case fields, ids as
/// strings, times as integers (also accepted as strings), empty lists left out, and non-finite
/// metric values sent as the strings "NaN", "Infinity" and "-Infinity" (a bare NaN token is
/// accepted by the server but silently stored as 0).
/// </summary>
internal static class RestJson
{
    public static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    public static void WriteTags(Utf8JsonWriter writer, string name, IReadOnlyList<RunTag> tags)
    {
        if (tags.Count == 0) return;
        writer.WriteStartArray(name);
        foreach (var tag in tags)
        {
            writer.WriteStartObject();
            writer.WriteString("key", tag.Key);
            writer.WriteString("value", tag.Value);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    public static void WriteParams(Utf8JsonWriter writer, IReadOnlyList<Param> parameters)
    {
        if (parameters.Count == 0) return;
        writer.WriteStartArray("params");
        foreach (var p in parameters)
        {
            writer.WriteStartObject();
            writer.WriteString("key", p.Key);
            writer.WriteString("value", p.Value);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    public static void WriteMetrics(Utf8JsonWriter writer, IReadOnlyList<Metric> metrics)
    {
        if (metrics.Count == 0) return;
        writer.WriteStartArray("metrics");
        foreach (var m in metrics)
        {
            writer.WriteStartObject();
            writer.WriteString("key", m.Key);
            WriteMetricValue(writer, m.Value);
            writer.WriteNumber("timestamp", m.TimestampMs);
            writer.WriteNumber("step", m.Step);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    public static void WriteMetricValue(Utf8JsonWriter writer, double value)
    {
        if (double.IsNaN(value)) writer.WriteString("value", "NaN");
        else if (double.IsPositiveInfinity(value)) writer.WriteString("value", "Infinity");
        else if (double.IsNegativeInfinity(value)) writer.WriteString("value", "-Infinity");
        else writer.WriteNumber("value", value);
    }

    public static byte[] LogBatchBody(string runId, LogBatch batch) => Write(w =>
    {
        w.WriteString("run_id", runId);
        WriteMetrics(w, batch.Metrics);
        WriteParams(w, batch.Params);
        WriteTags(w, "tags", batch.Tags);
    });

    // ---- reading -------------------------------------------------------------------------------

    public static string? String(JsonElement e, string name) =>
        e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;

    public static long? Long(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var p)) return null;
        return p.ValueKind switch
        {
            JsonValueKind.Number => p.GetInt64(),
            JsonValueKind.String => long.Parse(p.GetString()!, CultureInfo.InvariantCulture),
            _ => null,
        };
    }

    /// <summary>
    /// A metric value: a number, or "NaN"/"Infinity"/"-Infinity"/a numeric string. An SQL-backed
    /// server answers ±Infinity as ±1.7976931348623157e+308 (double.MaxValue): read back as ±Infinity.
    /// </summary>
    public static double MetricValue(JsonElement e)
    {
        if (!e.TryGetProperty("value", out var p)) return 0;
        var value = p.ValueKind == JsonValueKind.String ? PythonFloat.Parse(p.GetString()!) : p.GetDouble();
        return value == double.MaxValue ? double.PositiveInfinity : value == double.MinValue ? double.NegativeInfinity : value;
    }

    public static Dictionary<string, string> KeyValues(JsonElement e, string name)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (e.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array)
            foreach (var item in list.EnumerateArray())
                result[String(item, "key") ?? ""] = String(item, "value") ?? "";
        return result;
    }

    public static Experiment Experiment(JsonElement e) => new(
        String(e, "experiment_id") ?? "",
        String(e, "name") ?? "",
        String(e, "artifact_location") ?? "",
        String(e, "lifecycle_stage") ?? LifecycleStages.Active,
        Long(e, "creation_time") ?? 0,
        Long(e, "last_update_time") ?? 0,
        KeyValues(e, "tags"));

    public static RunInfo RunInfo(JsonElement e) => new(
        String(e, "run_id") ?? String(e, "run_uuid") ?? "",
        String(e, "experiment_id") ?? "",
        String(e, "run_name") ?? "",
        String(e, "user_id") ?? "",
        String(e, "status") is { } status ? RunStatusNames.Parse(status) : RunStatus.Running,
        Long(e, "start_time") ?? 0,
        Long(e, "end_time"),
        String(e, "artifact_uri") ?? "",
        String(e, "lifecycle_stage") ?? LifecycleStages.Active);

    public static Metric Metric(JsonElement e) =>
        new(String(e, "key") ?? "", MetricValue(e), Long(e, "timestamp") ?? 0, Long(e, "step") ?? 0);

    public static Run Run(JsonElement e)
    {
        var info = RunInfo(e.GetProperty("info"));
        var data = e.TryGetProperty("data", out var d) ? d : default;
        var metrics = new SortedDictionary<string, Metric>(StringComparer.Ordinal);
        var parameters = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var tags = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (data.ValueKind == JsonValueKind.Object)
        {
            if (data.TryGetProperty("metrics", out var list) && list.ValueKind == JsonValueKind.Array)
                foreach (var m in list.EnumerateArray()) { var metric = Metric(m); metrics[metric.Key] = metric; }
            foreach (var (k, v) in KeyValues(data, "params")) parameters[k] = v;
            foreach (var (k, v) in KeyValues(data, "tags")) tags[k] = v;
        }
        return new Run(info, parameters, tags, metrics);
    }
}
