namespace Research.Framework.Tracking;

/// <summary>
/// A run parameter: write-once, a string. Use <see cref="ParamValues.Format"/> to turn numbers into
/// plain invariant-culture strings so MLflow's compare views treat them as numbers.
/// </summary>
public sealed record Param(string Key, string Value)
{
    /// <summary>A parameter whose value is formatted by <see cref="ParamValues.Format"/>.</summary>
    public static Param Of(string key, object? value) => new(key, ParamValues.Format(value));
}
