using System.Text.RegularExpressions;

namespace Research.Framework.Tracking;

/// <summary>
/// Hides secrets in values before they are logged (params, tags, text artifacts): the
/// <c>user:password@</c> of any URI, and the values of the secret variables MLflow reads
/// (<c>MLFLOW_TRACKING_PASSWORD</c>, <c>MLFLOW_TRACKING_TOKEN</c>). A spec's <c>tracking.uri</c> of
/// <c>http://me:pw@host</c> is logged as <c>http://***@host</c>.
/// </summary>
public sealed partial record SecretMask(IReadOnlyList<string> Secrets)
{
    public const string Hidden = "***";

    /// <summary>
    /// Shorter secret values are not masked: masking "1" would hide every param equal to 1, and a
    /// secret that short protects nothing anyway.
    /// </summary>
    public const int MinimumSecretLength = 4;

    /// <summary>Masks URI credentials only.</summary>
    public static SecretMask UriCredentialsOnly { get; } = new([]);

    // The authority's user info: after "scheme://", before '@', with no '/', '?', '#' or space in between.
    [GeneratedRegex(@"(?<=[a-zA-Z][a-zA-Z0-9+.-]*://)[^/?#\s@]+@")]
    private static partial Regex UserInfo();

    /// <summary>The mask of this process's secrets, read through <paramref name="environment"/> (default: the process environment).</summary>
    public static SecretMask FromEnvironment(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        return new([.. new[] { RestCredentials.PasswordVariable, RestCredentials.TokenVariable }
            .Select(environment)
            .OfType<string>()
            .Where(v => v.Length >= MinimumSecretLength)
            .Distinct(StringComparer.Ordinal)
            // Longest first: a secret that contains another is hidden whole.
            .OrderByDescending(v => v.Length)]);
    }

    /// <summary>The value with every secret replaced by <see cref="Hidden"/>.</summary>
    public string Apply(string value)
    {
        var masked = UserInfo().Replace(value, Hidden + "@");
        foreach (var secret in Secrets) masked = masked.Replace(secret, Hidden, StringComparison.Ordinal);
        return masked;
    }

    public override string ToString() => $"SecretMask({Secrets.Count} secret values, hidden)";
}
