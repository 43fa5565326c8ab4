using System.Globalization;

namespace Research.Framework.Specs;

/// <summary>
/// The declarative schema of a spec: each key's type, range, default and meaning. The validator,
/// the binder, the YAML writer, the flattener and the generated documentation all read this one
/// description; nothing is checked by hand-written per-key code.
/// </summary>
public abstract record SchemaType
{
    /// <summary>How the type reads in docs and messages: <c>int >= 1</c>, <c>float in [0, 1)</c>, <c>list of int</c>.</summary>
    public abstract string Describe();
}

/// <summary>An integer in [<see cref="Min"/>, <see cref="Max"/>].</summary>
public sealed record IntType(long Min = int.MinValue, long Max = int.MaxValue) : SchemaType
{
    public string? RangeError(long value) =>
        value >= Min && value <= Max ? null : $"must be {Range()}, got {ScalarText.Format(value)}";

    private string Range() =>
        (Min > int.MinValue, Max < int.MaxValue) switch
        {
            (true, true) => $"in [{Min}, {Max}]",
            (true, false) => $">= {Min}",
            (false, true) => $"<= {Max}",
            _ => "an integer",
        };

    public override string Describe() => Min > int.MinValue || Max < int.MaxValue ? $"int {Range()}" : "int";
}

/// <summary>A float between <see cref="Min"/> and <see cref="Max"/>; an open end excludes the bound.</summary>
public sealed record FloatType(
    double Min = double.NegativeInfinity,
    double Max = double.PositiveInfinity,
    bool MinOpen = false,
    bool MaxOpen = false) : SchemaType
{
    public string? RangeError(double value)
    {
        var aboveMin = MinOpen ? value > Min : value >= Min;
        var belowMax = MaxOpen ? value < Max : value <= Max;
        return aboveMin && belowMax && !double.IsNaN(value)
            ? null
            : $"must be {Range()}, got {value.ToString("R", CultureInfo.InvariantCulture)}";
    }

    private string Range()
    {
        var hasMin = !double.IsNegativeInfinity(Min);
        var hasMax = !double.IsPositiveInfinity(Max);
        var min = Min.ToString("R", CultureInfo.InvariantCulture);
        var max = Max.ToString("R", CultureInfo.InvariantCulture);
        return (hasMin, hasMax) switch
        {
            (true, true) => $"in {(MinOpen ? "(" : "[")}{min}, {max}{(MaxOpen ? ")" : "]")}",
            (true, false) => MinOpen ? $"> {min}" : $">= {min}",
            (false, true) => MaxOpen ? $"< {max}" : $"<= {max}",
            _ => "a number",
        };
    }

    public override string Describe() =>
        double.IsNegativeInfinity(Min) && double.IsPositiveInfinity(Max) ? "float" : $"float {Range()}";
}

public sealed record BoolType : SchemaType
{
    public override string Describe() => "bool";
}

public sealed record StringType : SchemaType
{
    public override string Describe() => "string";
}

/// <summary>A string matching <see cref="Pattern"/> (a whole-string regular expression), described in messages as <see cref="Expected"/>.</summary>
public sealed record PatternType(string Pattern, string Expected) : SchemaType
{
    public bool Matches(string text) => System.Text.RegularExpressions.Regex.IsMatch(text, $"^(?:{Pattern})$");

    public override string Describe() => Expected;
}

/// <summary>One of a fixed set of words.</summary>
public sealed record EnumType(ValueList<string> Values) : SchemaType
{
    public override string Describe() => "one of " + string.Join(", ", Values);
}

/// <summary>A list whose elements all have <see cref="Element"/>'s type.</summary>
public sealed record ListType(SchemaType Element, int MinCount = 0) : SchemaType
{
    public override string Describe() =>
        $"list of {Element.Describe()}" + (MinCount > 0 ? $" (at least {MinCount})" : "");
}

/// <summary>A mapping with a fixed set of keys; any other key is an error.</summary>
public sealed record MapType(ValueList<Field> Fields) : SchemaType
{
    public Field? Find(string key) => Fields.FirstOrDefault(f => f.Key == key);

    public override string Describe() => "mapping";
}

/// <summary>A component of the given kind: a name from the catalog, optionally with options.</summary>
public sealed record ComponentType(ComponentKind Kind) : SchemaType
{
    public override string Describe() => ComponentCatalog.Noun(Kind) + " name or { name: { options } }";
}

/// <summary>The <c>sweep:</c> block: grid, zip and random axes over dotted key paths.</summary>
public sealed record SweepType : SchemaType
{
    public override string Describe() => "sweep (grid / zip / random)";
}

/// <summary>
/// One key of a mapping. <see cref="Default"/> is YAML text read through the same validator as
/// user input; null means the key is optional and absent unless given.
/// A <see cref="Directive"/> key is acted on while loading (like <c>base</c>) and not kept in the spec.
/// </summary>
public sealed record Field(string Key, SchemaType Type, string? Default, string Doc, bool Directive = false);
