using System.Text.RegularExpressions;

namespace Research.Framework.Tracking;

/// <summary>
/// MLflow's rules for metric, param and tag keys, and for the ids and artifact paths that become
/// folder names. A key is at most 250 characters of letters, digits, <c>_ - . / :</c> and spaces
/// (no colon on Windows) and is a normalized relative path: each <c>/</c> makes a sub-folder in the
/// file store, so <c>..</c>, <c>.</c>, a leading <c>/</c>, a trailing <c>/</c> and <c>//</c> are
/// refused (no key can escape its run's folder).
/// </summary>
public static partial class KeyValidator
{
    [GeneratedRegex(@"^[/\w.\- :]*$")]
    private static partial Regex KeyCharacters();

    [GeneratedRegex(@"^[/\w.\- ]*$")]
    private static partial Regex KeyCharactersWindows();

    [GeneratedRegex(@"^[a-zA-Z0-9][\w\-]{0,255}$")]
    private static partial Regex RunIdPattern();

    [GeneratedRegex(@"^[0-9]{1,32}$")]
    private static partial Regex ExperimentIdPattern();

    /// <summary>Throws <see cref="TrackingException"/> (INVALID_PARAMETER_VALUE) unless <paramref name="key"/> is a valid key.</summary>
    /// <param name="kind">"metric", "param" or "tag": named in the message.</param>
    public static void Validate(string key, string kind)
    {
        if (Problem(key, OperatingSystem.IsWindows()) is { } problem)
            throw new TrackingException(MlflowErrorCodes.InvalidParameterValue, $"Invalid {kind} key '{key}': {problem}");
    }

    /// <summary>Why <paramref name="key"/> is not a valid key, or null if it is.</summary>
    public static string? Problem(string key, bool windows = false)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length > MlflowLimits.MaxKeyLength)
            return $"longer than {MlflowLimits.MaxKeyLength} characters ({key.Length}).";
        if (!(windows ? KeyCharactersWindows() : KeyCharacters()).IsMatch(key))
            return "keys may only contain letters, digits, underscores (_), dashes (-), periods (.), spaces ( ), slashes (/)"
                + (windows ? "." : " and colons (:).");
        return PathProblem(key);
    }

    /// <summary>
    /// Why <paramref name="path"/> is not a normalized relative path (empty, absolute, with
    /// <c>.</c>, <c>..</c> or empty segments), or null if it is one.
    /// </summary>
    public static string? PathProblem(string path)
    {
        if (path.Length == 0) return "it is empty.";
        if (path.StartsWith('/')) return "it must be a relative path (it starts with '/').";
        if (path.StartsWith("..", StringComparison.Ordinal)) return "it must not start with '..'.";
        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0) return "it must not contain '//' or end with '/'.";
            if (segment is "." or "..") return $"it must be a normalized path (no '{segment}' segment).";
        }
        return null;
    }

    /// <summary>Checks an artifact path: a normalized relative path that stays inside the run's artifact folder.</summary>
    public static void ValidateArtifactPath(string path)
    {
        var problem = path.Contains('\\') ? "use '/' as the separator." : path.Contains(':') ? "it must not contain ':'." : PathProblem(path);
        if (problem is not null)
            throw new TrackingException(MlflowErrorCodes.InvalidParameterValue, $"Invalid artifact path '{path}': {problem}");
    }

    /// <summary>Checks a run id before it becomes a folder name (letters, digits, '_' and '-').</summary>
    public static void ValidateRunId(string runId)
    {
        if (!RunIdPattern().IsMatch(runId))
            throw new TrackingException(MlflowErrorCodes.InvalidParameterValue, $"Invalid run id '{runId}'.");
    }

    /// <summary>Checks an experiment id before it becomes a folder name (decimal digits).</summary>
    public static void ValidateExperimentId(string experimentId)
    {
        if (!ExperimentIdPattern().IsMatch(experimentId))
            throw new TrackingException(MlflowErrorCodes.InvalidParameterValue, $"Invalid experiment id '{experimentId}'.");
    }
}
