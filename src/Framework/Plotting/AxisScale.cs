namespace Research.Framework.Plotting;

/// <summary>How data values map to positions along an axis.</summary>
public enum AxisScale
{
    Linear,

    /// <summary>Base-10 logarithmic; non-positive values are not drawn.</summary>
    Log,
}
