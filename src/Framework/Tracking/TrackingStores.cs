using System.Text.RegularExpressions;

namespace Research.Framework.Tracking;

/// <summary>
/// Picks the store for a tracking URI, as MLflow does: the given URI (<c>--tracking-uri</c>), else
/// the <c>MLFLOW_TRACKING_URI</c> variable, else <c>./mlruns</c>. A path or <c>file:</c> URI gives a
/// <see cref="FileStore"/>; <c>http://</c> or <c>https://</c> gives a <see cref="RestStore"/> with
/// credentials from <c>MLFLOW_TRACKING_USERNAME</c>/<c>MLFLOW_TRACKING_PASSWORD</c> or <c>MLFLOW_TRACKING_TOKEN</c>.
/// </summary>
public static partial class TrackingStores
{
    public const string UriVariable = "MLFLOW_TRACKING_URI";
    public const string DefaultUri = "./mlruns";

    [GeneratedRegex("^(?<scheme>[a-zA-Z][a-zA-Z0-9+.-]+):")]
    private static partial Regex Scheme();

    /// <param name="uri">The <c>--tracking-uri</c> value, or null.</param>
    /// <param name="environment">Reads environment variables (default: the process environment).</param>
    public static ITrackingStore FromUri(string? uri, Func<string, string?>? environment = null,
        FileStoreOptions? fileOptions = null, RestStoreOptions? restOptions = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var resolved = ResolveUri(uri, environment);
        if (resolved.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || resolved.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            var options = restOptions ?? new RestStoreOptions();
            if (options.Credentials.Kind == "none") options = options with { Credentials = RestCredentials.FromEnvironment(environment) };
            return new RestStore(new Uri(resolved), options);
        }
        return new FileStore(LocalPath(resolved), fileOptions);
    }

    /// <summary>The URI that <see cref="FromUri"/> would use.</summary>
    public static string ResolveUri(string? uri, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (!string.IsNullOrWhiteSpace(uri)) return uri.Trim();
        var fromEnvironment = environment(UriVariable);
        return string.IsNullOrWhiteSpace(fromEnvironment) ? DefaultUri : fromEnvironment.Trim();
    }

    /// <summary>The directory of a path or <c>file:</c> URI; other schemes (sqlite:, databricks, ...) are not supported.</summary>
    public static string LocalPath(string uri)
    {
        if (uri.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            var rest = uri["file:".Length..];
            return Path.GetFullPath(rest.StartsWith("//", StringComparison.Ordinal) ? new Uri(uri).LocalPath : Uri.UnescapeDataString(rest));
        }
        // "C:\runs" is a Windows path, not a scheme: a scheme has two or more letters.
        if (Scheme().Match(uri) is { Success: true } match)
            throw new NotSupportedException(
                $"Tracking URI '{match.Groups["scheme"].Value}:...' is not supported: use a directory (./mlruns), a file: URI, or an http(s):// MLflow server.");
        return Path.GetFullPath(uri);
    }
}
