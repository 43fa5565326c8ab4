using System.Text.RegularExpressions;

namespace Research.Framework.Tracking;

/// <summary>
/// Picks the store for a tracking URI, as MLflow does: the given URI (<c>--tracking-uri</c>), else
/// the <c>MLFLOW_TRACKING_URI</c> variable, else <c>sqlite:///mlflow.db</c> (MLflow's own default
/// since 3.7). <c>sqlite:</c> gives a <see cref="SqliteStore"/>; a path or <c>file:</c> URI gives a
/// <see cref="FileStore"/> (the <c>./mlruns</c> layout MLflow 2.x reads); <c>http://</c> or
/// <c>https://</c> gives a <see cref="RestStore"/> with credentials from
/// <c>MLFLOW_TRACKING_USERNAME</c>/<c>MLFLOW_TRACKING_PASSWORD</c>, <c>MLFLOW_TRACKING_TOKEN</c>, or the URI's own <c>user:password@</c>,
/// and a durable outbox in <see cref="DefaultOutboxRoot"/> for what the server cannot take when it is away.
/// </summary>
public static partial class TrackingStores
{
    public const string UriVariable = "MLFLOW_TRACKING_URI";
    public const string DefaultUri = "sqlite:///mlflow.db";

    /// <summary>The file store MLflow 2.x reads (and MLflow 3 only with MLFLOW_ALLOW_FILE_STORE=true).</summary>
    public const string FileStoreUri = "./mlruns";

    /// <summary>Where a REST store keeps, per server, the writes it could not deliver (relative to the working folder).</summary>
    public const string DefaultOutboxRoot = ".cache/outbox";

    private const string SqliteScheme = "sqlite:";

    [GeneratedRegex("^(?<scheme>[a-zA-Z][a-zA-Z0-9+.-]+):")]
    private static partial Regex Scheme();

    /// <param name="uri">The <c>--tracking-uri</c> value, or null.</param>
    /// <param name="environment">Reads environment variables (default: the process environment).</param>
    /// <param name="report">Told what a REST store queues while its server is away, and where (e.g. the runner's log).</param>
    public static ITrackingStore FromUri(string? uri, Func<string, string?>? environment = null,
        FileStoreOptions? fileOptions = null, RestStoreOptions? restOptions = null, SqliteStoreOptions? sqliteOptions = null,
        Action<string>? report = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var resolved = ResolveUri(uri, environment);
        if (resolved.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || resolved.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            var options = restOptions ?? new RestStoreOptions();
            if (options.Credentials.Kind == "none") options = options with { Credentials = RestCredentials.FromEnvironment(environment) };
            options = options with
            {
                OutboxRoot = options.OutboxRoot ?? Path.GetFullPath(DefaultOutboxRoot),
                Report = options.Report ?? report,
            };
            return new RestStore(new Uri(resolved), options);
        }
        if (resolved.StartsWith(SqliteScheme, StringComparison.OrdinalIgnoreCase))
            return new SqliteStore(SqlitePath(resolved), sqliteOptions);
        // A plain path to a database file (mlflow.db, runs.sqlite) means that SQLite store, not a store folder of that name.
        if (!resolved.Contains("://", StringComparison.Ordinal) && IsDatabaseFile(resolved))
            return new SqliteStore(Path.GetFullPath(resolved), sqliteOptions);
        return new FileStore(LocalPath(resolved), fileOptions);
    }

    /// <summary>Whether a plain path names a SQLite database file by its extension (and is not an existing folder).</summary>
    public static bool IsDatabaseFile(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is ".db" or ".sqlite" or ".sqlite3" && !Directory.Exists(path);

    /// <summary>The URI that <see cref="FromUri"/> would use.</summary>
    public static string ResolveUri(string? uri, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (!string.IsNullOrWhiteSpace(uri)) return uri.Trim();
        var fromEnvironment = environment(UriVariable);
        return string.IsNullOrWhiteSpace(fromEnvironment) ? DefaultUri : fromEnvironment.Trim();
    }

    /// <summary>
    /// The database file of a <c>sqlite:</c> URI, as SQLAlchemy reads it: <c>sqlite:///mlflow.db</c> is
    /// relative to the working folder, <c>sqlite:////abs/mlflow.db</c> absolute; a query is ignored.
    /// </summary>
    public static string SqlitePath(string uri)
    {
        var rest = uri[SqliteScheme.Length..];
        var query = rest.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0) rest = rest[..query];
        if (!rest.StartsWith("///", StringComparison.Ordinal) || rest.Length == 3 || rest.Contains(":memory:", StringComparison.Ordinal))
            throw new NotSupportedException(
                $"Tracking URI '{uri}' names no SQLite file: use sqlite:///mlflow.db (relative to the working folder) or sqlite:////absolute/path/mlflow.db.");
        return Path.GetFullPath(Uri.UnescapeDataString(rest[3..]));
    }

    /// <summary>The directory of a path or <c>file:</c> URI; other schemes (databricks, s3, ...) are not supported.</summary>
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
                $"Tracking URI '{match.Groups["scheme"].Value}:...' is not supported: use sqlite:///mlflow.db (the default), a directory (./mlruns), a file: URI, or an http(s):// MLflow server.");
        return Path.GetFullPath(uri);
    }
}
