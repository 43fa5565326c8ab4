using Research.Framework.Tracking;

namespace Research.Experiments.Slurm;

/// <summary>
/// The tracking URI that array tasks on other nodes use: the same store as this process, with a
/// SQLite file or file-store folder as an absolute path (tasks start in a folder of their own), a
/// server URI as given.
/// </summary>
public static class SharedTrackingUri
{
    public static string Of(string resolvedUri)
    {
        if (resolvedUri.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || resolvedUri.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            return resolvedUri;
        if (resolvedUri.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
            return "sqlite:///" + TrackingStores.SqlitePath(resolvedUri);
        return TrackingStores.LocalPath(resolvedUri);
    }
}
