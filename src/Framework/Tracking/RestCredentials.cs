using System.Net.Http.Headers;
using System.Text;

namespace Research.Framework.Tracking;

/// <summary>
/// Credentials for an MLflow server, as MLflow's own client takes them: basic auth from
/// <c>MLFLOW_TRACKING_USERNAME</c> and <c>MLFLOW_TRACKING_PASSWORD</c>, else a bearer token from
/// <c>MLFLOW_TRACKING_TOKEN</c>, or from the tracking URI's <c>user:password@</c>. They are never written anywhere: <see cref="ToString"/> hides them.
/// </summary>
public sealed class RestCredentials
{
    public const string UsernameVariable = "MLFLOW_TRACKING_USERNAME";
    public const string PasswordVariable = "MLFLOW_TRACKING_PASSWORD";
    public const string TokenVariable = "MLFLOW_TRACKING_TOKEN";

    private readonly string? _username;
    private readonly string? _password;
    private readonly string? _token;

    private RestCredentials(string? username, string? password, string? token)
    {
        _username = username;
        _password = password;
        _token = token;
    }

    public static RestCredentials None { get; } = new(null, null, null);

    public static RestCredentials Basic(string username, string password) => new(username, password, null);

    public static RestCredentials Bearer(string token) => new(null, null, token);

    /// <summary>Reads the MLflow variables through <paramref name="environment"/> (default: the process environment).</summary>
    public static RestCredentials FromEnvironment(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var username = environment(UsernameVariable);
        var password = environment(PasswordVariable);
        var token = environment(TokenVariable);
        if (!string.IsNullOrEmpty(username) && !string.IsNullOrEmpty(password)) return Basic(username, password);
        if (!string.IsNullOrEmpty(token)) return Bearer(token);
        return None;
    }

    /// <summary>
    /// Basic auth from a URI's <c>user:password@</c> (percent-decoded; a user alone has an empty
    /// password), or null when the URI carries none.
    /// </summary>
    public static RestCredentials? FromUserInfo(Uri uri)
    {
        if (string.IsNullOrEmpty(uri.UserInfo)) return null;
        var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
        var user = colon < 0 ? uri.UserInfo : uri.UserInfo[..colon];
        var password = colon < 0 ? "" : uri.UserInfo[(colon + 1)..];
        return Basic(Uri.UnescapeDataString(user), Uri.UnescapeDataString(password));
    }

    /// <summary>"basic", "bearer" or "none": safe to show.</summary>
    public string Kind => _token is not null ? "bearer" : _username is not null ? "basic" : "none";

    /// <summary>The Authorization header value, or null without credentials.</summary>
    internal AuthenticationHeaderValue? Header =>
        _token is not null ? new AuthenticationHeaderValue("Bearer", _token)
        : _username is not null ? new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_username}:{_password}")))
        : null;

    public override string ToString() => $"RestCredentials({Kind}, secrets hidden)";
}
