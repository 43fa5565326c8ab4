namespace Research.Framework.Specs;

/// <summary>Short constructors for writing schemas and catalogs as one line per key.</summary>
public static class Schema
{
    public static IntType Int(long min = int.MinValue, long max = int.MaxValue) => new(min, max);

    public static FloatType Float(double min = double.NegativeInfinity, double max = double.PositiveInfinity,
        bool minOpen = false, bool maxOpen = false) => new(min, max, minOpen, maxOpen);

    /// <summary>A float &gt; 0.</summary>
    public static FloatType Positive() => new(0, double.PositiveInfinity, MinOpen: true);

    public static BoolType Bool() => new();

    public static StringType String() => new();

    public static PatternType Matching(string pattern, string expected) => new(pattern, expected);

    public static EnumType OneOf(params string[] values) => new(new ValueList<string>(values));

    public static ListType ListOf(SchemaType element, int minCount = 0) => new(element, minCount);

    public static MapType Map(params Field[] fields) => new(new ValueList<Field>(fields));

    public static ComponentType Component(ComponentKind kind) => new(kind);

    /// <summary>A key with its type, its default as YAML text (null: optional, no default) and a one-line description.</summary>
    public static Field Key(string key, SchemaType type, string? defaultYaml, string doc) => new(key, type, defaultYaml, doc);
}
