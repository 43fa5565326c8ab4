namespace Research.Framework.Specs;

/// <summary>
/// Documents one option of a component's options record (a primary-constructor parameter) and,
/// where it has one, its range: the spec schema, validation messages and the generated reference
/// (experiments/README.md) are all read from these.
/// </summary>
/// <example><code>public sealed record PlanarOptions([Option("number of transforms", Min = 0)] int Length = 10);</code></example>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class OptionAttribute(string doc) : Attribute
{
    public string Doc { get; } = doc;

    /// <summary>Smallest allowed value (NaN: no bound).</summary>
    public double Min { get; init; } = double.NaN;

    /// <summary>Largest allowed value (NaN: no bound).</summary>
    public double Max { get; init; } = double.NaN;

    /// <summary>Whether <see cref="Min"/> itself is excluded.</summary>
    public bool MinOpen { get; init; }

    /// <summary>Whether <see cref="Max"/> itself is excluded.</summary>
    public bool MaxOpen { get; init; }

    /// <summary>Smallest allowed element of a list option (NaN: no bound).</summary>
    public double ElementMin { get; init; } = double.NaN;

    /// <summary>The default as YAML, for defaults C# cannot write as a parameter default (lists); null: the parameter's default.</summary>
    public string? Default { get; init; }
}
