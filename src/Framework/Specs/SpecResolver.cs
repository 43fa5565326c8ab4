using System.Collections.Concurrent;

namespace Research.Framework.Specs;

/// <summary>
/// Checks a <see cref="SpecNode"/> tree against the schema and turns it into plain typed values
/// (int, double, bool, string, <see cref="ValueList{T}"/>, <see cref="ValueMap"/>,
/// <see cref="ComponentSpec"/>, <see cref="SweepSpec"/>), filling in defaults. Every problem is
/// added to the error list with its location and key path; checking goes on past errors so that
/// one pass reports them all.
/// </summary>
internal sealed partial class SpecResolver(SpecSchema schema, List<SpecError> errors, bool fillDefaults = true)
{
    public object? Resolve(SchemaType type, SpecNode node, string path) => type switch
    {
        IntType t => ResolveInt(t, node, path),
        FloatType t => ResolveFloat(t, node, path),
        BoolType => ResolveBool(node, path),
        StringType => ResolveString(node, path),
        EnumType t => ResolveEnum(t, node, path),
        PatternType t => ResolvePattern(t, node, path),
        ListType t => ResolveList(t, node, path),
        MapType t => ResolveMap(t, node, path),
        ComponentType t => ResolveComponent(t, node, path),
        SweepType => ResolveSweep(node, path),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown schema type"),
    };

    private object? Fail(SpecNode node, string path, string message)
    {
        errors.Add(SpecError.At(node.Location, path, message));
        return null;
    }

    private static string Got(SpecNode node) => node switch
    {
        SpecScalar s => s.Describe(),
        _ => node.Describe(),
    };

    private object? ResolveInt(IntType type, SpecNode node, string path)
    {
        if (node is not SpecScalar { Quoted: false } s || !ScalarText.TryInt(s.Text, out var value))
            return Fail(node, path, $"expected an integer, got {Got(node)}");
        return type.RangeError(value) is { } error ? Fail(node, path, error) : (int)value;
    }

    private object? ResolveFloat(FloatType type, SpecNode node, string path)
    {
        if (node is not SpecScalar { Quoted: false } s || !ScalarText.TryFloat(s.Text, out var value))
            return Fail(node, path, $"expected a number, got {Got(node)}");
        return type.RangeError(value) is { } error ? Fail(node, path, error) : value;
    }

    private object? ResolveBool(SpecNode node, string path) =>
        node is SpecScalar { Quoted: false } s && ScalarText.TryBool(s.Text, out var value)
            ? value
            : Fail(node, path, $"expected true or false, got {Got(node)}");

    private object? ResolveString(SpecNode node, string path) =>
        node is SpecScalar s && !s.IsNull ? s.Text : Fail(node, path, $"expected a string, got {Got(node)}");

    private object? ResolvePattern(PatternType type, SpecNode node, string path)
    {
        if (node is not SpecScalar s || s.IsNull)
            return Fail(node, path, $"expected {type.Expected}, got {Got(node)}");
        return type.Matches(s.Text) ? s.Text : Fail(node, path, $"invalid value '{s.Text}': expected {type.Expected}");
    }

    private object? ResolveEnum(EnumType type, SpecNode node, string path)
    {
        if (node is not SpecScalar s || s.IsNull)
            return Fail(node, path, $"expected one of {string.Join(", ", type.Values)}, got {Got(node)}");
        return type.Values.Contains(s.Text)
            ? s.Text
            : Fail(node, path, $"unknown value '{s.Text}'" + KeySuggestion.Hint(s.Text, type.Values, "values"));
    }

    private object? ResolveList(ListType type, SpecNode node, string path)
    {
        if (node is not SpecSequence sequence)
            return Fail(node, path, $"expected a list, got {Got(node)}");
        if (sequence.Items.Length < type.MinCount)
            return Fail(node, path, $"must list at least {type.MinCount} value{(type.MinCount == 1 ? "" : "s")}");
        var items = sequence.Items.Select((item, i) => Resolve(type.Element, item, $"{path}[{i}]")).ToList();
        return TypedList(type.Element, items);
    }

    /// <summary>A list typed by its element schema: <c>ValueList&lt;int&gt;</c> for ints, and so on; <c>ValueList&lt;object?&gt;</c> otherwise.</summary>
    internal static object TypedList(SchemaType element, IReadOnlyList<object?> items) => element switch
    {
        IntType => new ValueList<int>(items.Select(i => i is int v ? v : 0)),
        FloatType => new ValueList<double>(items.Select(i => i is double v ? v : 0)),
        StringType or EnumType or PatternType => new ValueList<string>(items.Select(i => i as string ?? "")),
        _ => new ValueList<object?>(items),
    };

    private object? ResolveMap(MapType type, SpecNode node, string path)
    {
        if (node is not SpecMapping mapping)
            return Fail(node, path, $"expected a mapping, got {Got(node)}");
        var given = new Dictionary<string, object?>();
        foreach (var entry in mapping.Entries)
        {
            var keyPath = Join(path, entry.Key);
            var field = type.Find(entry.Key);
            if (field is null || field.Directive)
            {
                var keys = type.Fields.Where(f => !f.Directive).Select(f => f.Key).ToList();
                errors.Add(SpecError.At(entry.KeyLocation, keyPath, "unknown key" + KeySuggestion.Hint(entry.Key, keys, "keys")));
                continue;
            }
            if (entry.Value is SpecScalar { IsNull: true })
                continue;
            given[entry.Key] = Resolve(field.Type, entry.Value, keyPath);
        }
        var result = new List<KeyValuePair<string, object?>>();
        foreach (var field in type.Fields)
        {
            if (field.Directive)
                continue;
            if (given.TryGetValue(field.Key, out var value))
                result.Add(new(field.Key, value));
            else if (fillDefaults && field.Default is not null)
                result.Add(new(field.Key, Resolve(field.Type, DefaultNode(field, path), Join(path, field.Key))));
        }
        return new ValueMap(result);
    }

    /// <summary>Parsed defaults, by their YAML text (the trees are immutable, so sharing them is safe).</summary>
    private static readonly ConcurrentDictionary<string, SpecNode> Defaults = new();

    private SpecNode DefaultNode(Field field, string path)
    {
        if (Defaults.TryGetValue(field.Default!, out var cached))
            return cached;
        var before = errors.Count;
        var node = YamlTreeReader.ReadValue(field.Default!, SourceLocation.Default, errors, Join(path, field.Key));
        if (errors.Count == before)
            Defaults[field.Default!] = node;
        return node;
    }

    private object? ResolveComponent(ComponentType type, SpecNode node, string path)
    {
        var noun = ComponentCatalog.Noun(type.Kind);
        string name;
        SpecNode nameNode;
        SpecNode? options = null;
        switch (node)
        {
            case SpecScalar { IsNull: false } s:
                name = s.Text;
                nameNode = s;
                break;
            case SpecMapping { Entries.Length: 1 } m:
                name = m.Entries[0].Key;
                nameNode = new SpecScalar(name, false, m.Entries[0].KeyLocation);
                options = m.Entries[0].Value;
                break;
            default:
                return Fail(node, path, $"expected a {noun} name or {{ name: {{ options }} }}, got {Got(node)}");
        }
        var definition = schema.Catalog.Find(type.Kind, name);
        if (definition is null)
            return Fail(nameNode, path, $"unknown {noun} '{name}'" +
                KeySuggestion.Hint(name, schema.Catalog.Names(type.Kind).ToList(), ComponentCatalog.Plural(type.Kind)));
        options = options is null or SpecScalar { IsNull: true } ? SpecMapping.Empty(node.Location) : options;
        if (options is not SpecMapping)
            return Fail(options, Join(path, name), $"options of {noun} '{name}' must be a mapping, got {Got(options)}");
        return ResolveMap(definition.Options, options, Join(path, name)) is ValueMap resolved
            ? new ComponentSpec(name, resolved)
            : null;
    }

    internal static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;
}
