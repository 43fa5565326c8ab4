using System.Collections;
using System.Globalization;
using Research.Framework.Nn;

namespace Research.Framework.Vae;

/// <summary>
/// What a component factory is given: the data width, the latent width, the hidden widths and
/// activation of its networks, and its own settings by spec name (e.g. "components": 10).
/// Settings values are what a spec parser produces: numbers, strings, booleans or lists of them.
/// </summary>
/// <param name="InputSize">P, the width of a flattened data row.</param>
/// <param name="Latent">D, the total latent width (all stochastic layers together).</param>
/// <param name="Hidden">Hidden widths of the encoder (from the data up); the decoder uses them reversed.</param>
/// <param name="EncoderConv">Convolutional layers in front of the encoder's MLP (null: none); the gaussian posterior supports them.</param>
public sealed record ComponentOptions(
    int InputSize,
    int Latent,
    IReadOnlyList<int> Hidden,
    Activation Activation,
    IReadOnlyDictionary<string, object>? Settings = null,
    ConvStack? EncoderConv = null)
{
    private static readonly IReadOnlyDictionary<string, object> NoSettings = new Dictionary<string, object>();

    public IReadOnlyDictionary<string, object> SettingsOrEmpty => Settings ?? NoSettings;

    public int GetInt(string key, int fallback) => TryGet(key, out var v) ? ToInt(key, v) : fallback;

    public double GetDouble(string key, double fallback) => TryGet(key, out var v) ? ToDouble(key, v) : fallback;

    public bool GetBool(string key, bool fallback) => TryGet(key, out var v) ? ToBool(key, v) : fallback;

    public string GetString(string key, string fallback) => TryGet(key, out var v) ? Convert.ToString(v, CultureInfo.InvariantCulture) ?? fallback : fallback;

    /// <summary>A list of integers (a YAML sequence, or a single number as a one-element list).</summary>
    public IReadOnlyList<int>? GetInts(string key)
    {
        if (!TryGet(key, out var v)) return null;
        if (v is string || v is not IEnumerable list) return [ToInt(key, v)];
        return list.Cast<object>().Select(e => ToInt(key, e)).ToArray();
    }

    private bool TryGet(string key, out object value)
    {
        if (SettingsOrEmpty.TryGetValue(key, out var v) && v is not null)
        {
            value = v;
            return true;
        }
        value = null!;
        return false;
    }

    private static int ToInt(string key, object v)
    {
        var d = ToDouble(key, v);
        if (d != Math.Floor(d) || d < int.MinValue || d > int.MaxValue)
            throw new ArgumentException($"Setting '{key}' must be an integer, got {v}.");
        return (int)d;
    }

    private static bool ToBool(string key, object v) => v switch
    {
        bool b => b,
        string s when bool.TryParse(s, out var b) => b,
        _ => throw new ArgumentException($"Setting '{key}' must be true or false, got '{v}'."),
    };

    private static double ToDouble(string key, object v)
    {
        try
        {
            return Convert.ToDouble(v, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is FormatException or InvalidCastException)
        {
            throw new ArgumentException($"Setting '{key}' must be a number, got '{v}'.", e);
        }
    }
}
