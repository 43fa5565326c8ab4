using System.Text;

namespace Research.Experiments.Runner;

/// <summary>
/// The folder a spec's checkpoints live in, under the checkpoint root. The spec's name is checked
/// for separators when it loads; the folder name is sanitized anyway, so no name (an old spec, a
/// name from a tracking store) can place files outside the root.
/// </summary>
public static class CheckpointFolder
{
    public static string Of(string checkpointRoot, string specName) => Path.Combine(checkpointRoot, SafeName(specName));

    /// <summary>Letters, digits, '-', '_' and '.' kept, anything else '_'; no leading dot; "experiment" when nothing is left.</summary>
    public static string SafeName(string name)
    {
        var safe = new StringBuilder(name.Length);
        foreach (var c in name)
            safe.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_');
        var text = safe.ToString().TrimStart('.');
        return text.Length > 0 ? text : "experiment";
    }
}
