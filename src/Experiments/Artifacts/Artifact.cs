using System.Text;

namespace Research.Experiments.Artifacts;

/// <summary>
/// One file to log with a run: <see cref="Path"/> is relative and '/'-separated
/// ("figures/learning_curves.svg"), <see cref="Content"/> its bytes. Rendering returns these as
/// values; writing them (to MLflow or a folder) is the runner's job.
/// </summary>
public sealed record Artifact(string Path, byte[] Content)
{
    /// <summary>A text file, UTF-8 without a byte-order mark (SVG, Markdown, CSV).</summary>
    public static Artifact Text(string path, string text) => new(path, Encoding.UTF8.GetBytes(text));
}
