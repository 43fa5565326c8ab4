namespace Research.Framework.Tracking;

/// <summary>Default id generators, in MLflow's shapes; stores take others (fixed ones in tests).</summary>
public static class TrackingIds
{
    /// <summary>A run id: 32 lowercase hex digits (a UUID without dashes).</summary>
    public static string NewRunId() => Guid.NewGuid().ToString("N");

    /// <summary>An experiment id of the file store: a random positive 18- or 19-digit integer, as a string.</summary>
    public static string NewExperimentId() =>
        Random.Shared.NextInt64(100_000_000_000_000_000L, long.MaxValue).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static readonly string[] Adjectives =
        ["able", "bold", "brave", "calm", "clever", "eager", "gentle", "glad", "keen", "kind", "lucky", "merry", "nimble", "proud", "quick", "quiet", "sharp", "swift", "warm", "wise"];

    private static readonly string[] Nouns =
        ["ant", "bat", "bee", "crab", "deer", "duck", "eel", "fox", "gull", "hare", "lark", "mole", "moth", "newt", "owl", "ram", "seal", "toad", "wasp", "wren"];

    /// <summary>A run name like MLflow's: <c>adjective-animal-123</c>.</summary>
    public static string NewRunName() =>
        $"{Adjectives[Random.Shared.Next(Adjectives.Length)]}-{Nouns[Random.Shared.Next(Nouns.Length)]}-{Random.Shared.Next(1000)}";
}
