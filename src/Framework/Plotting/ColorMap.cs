namespace Research.Framework.Plotting;

/// <summary>
/// A continuous colour map: a list of evenly spaced anchor colours, linearly interpolated.
/// </summary>
public sealed record ColorMap(string Name, IReadOnlyList<Rgb> Anchors)
{
    /// <summary>The colour at <paramref name="t"/> in [0, 1] (clamped; NaN maps to the lowest colour).</summary>
    public Rgb At(double t)
    {
        if (Anchors.Count == 0) throw new InvalidOperationException($"ColorMap '{Name}' has no anchors");
        if (Anchors.Count == 1 || double.IsNaN(t)) return Anchors[0];
        var x = Math.Clamp(t, 0, 1) * (Anchors.Count - 1);
        var i = Math.Min((int)x, Anchors.Count - 2);
        return Rgb.Lerp(Anchors[i], Anchors[i + 1], x - i);
    }

    /// <summary>Black (0) to white (1).</summary>
    public static ColorMap Gray { get; } = new("gray", [new Rgb(0, 0, 0), new Rgb(255, 255, 255)]);

    /// <summary>Viridis (perceptually uniform, colour-blind safe), from 9 anchors of the published map
    /// (van der Walt and Smith, matplotlib 2.0 default).</summary>
    public static ColorMap Viridis { get; } = new("viridis",
    [
        Rgb.FromHex("#440154"), Rgb.FromHex("#472d7b"), Rgb.FromHex("#3b528b"),
        Rgb.FromHex("#2c728e"), Rgb.FromHex("#21918c"), Rgb.FromHex("#28ae80"),
        Rgb.FromHex("#5ec962"), Rgb.FromHex("#addc30"), Rgb.FromHex("#fde725"),
    ]);
}
