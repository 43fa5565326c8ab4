using System.Text;

namespace Research.Framework.Tracking;

/// <summary>Conveniences over <see cref="ITrackingStore"/>.</summary>
public static class TrackingStoreExtensions
{
    /// <summary>Logs params whose values are formatted by <see cref="ParamValues.Format"/> (numbers invariant, plain).</summary>
    public static Task LogParamsAsync(this ITrackingStore store, string runId, IEnumerable<KeyValuePair<string, object?>> parameters,
        CancellationToken cancellationToken = default) =>
        store.LogBatchAsync(runId, parameters: parameters.Select(p => Param.Of(p.Key, p.Value)).ToList(), cancellationToken: cancellationToken);

    public static Task LogParamAsync(this ITrackingStore store, string runId, string key, object? value, CancellationToken cancellationToken = default) =>
        store.LogBatchAsync(runId, parameters: [Param.Of(key, value)], cancellationToken: cancellationToken);

    public static Task LogMetricAsync(this ITrackingStore store, string runId, Metric metric, CancellationToken cancellationToken = default) =>
        store.LogBatchAsync(runId, metrics: [metric], cancellationToken: cancellationToken);

    /// <summary>Stores text (UTF-8, no byte-order mark) as an artifact: a resolved spec, a report.</summary>
    public static Task LogTextArtifactAsync(this ITrackingStore store, string runId, string artifactPath, string text,
        CancellationToken cancellationToken = default) =>
        store.LogArtifactAsync(runId, artifactPath, Encoding.UTF8.GetBytes(text), cancellationToken);

    /// <summary>Copies every file under <paramref name="localDirectory"/> to the artifacts under <paramref name="artifactDirectory"/> (or the root).</summary>
    public static async Task LogArtifactDirectoryAsync(this ITrackingStore store, string runId, string localDirectory, string? artifactDirectory = null,
        CancellationToken cancellationToken = default)
    {
        foreach (var file in Directory.EnumerateFiles(localDirectory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(localDirectory, file).Replace(Path.DirectorySeparatorChar, '/');
            var target = string.IsNullOrEmpty(artifactDirectory) ? relative : artifactDirectory.TrimEnd('/') + "/" + relative;
            await store.LogArtifactFileAsync(runId, file, target, cancellationToken).ConfigureAwait(false);
        }
    }
}
