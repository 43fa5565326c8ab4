using System.Collections;
using System.Collections.Immutable;
using System.Text;

namespace Research.Framework.Specs;

/// <summary>
/// Writes spec records and plain values back to a <see cref="SpecNode"/> tree and to YAML text,
/// guided by the schema for key names and order. Every key is written, so the text is the fully
/// resolved spec and reads back to an equal record.
/// </summary>
public static class SpecWriter
{
    private static readonly SourceLocation Written = new("(resolved spec)", 0, 0);

    /// <summary>The resolved spec as YAML text.</summary>
    public static string ToYaml(ExperimentSpec spec, SpecSchema? schema = null) =>
        Emit(ToNode(spec, schema));

    /// <summary>The resolved spec as a tree.</summary>
    public static SpecMapping ToNode(ExperimentSpec spec, SpecSchema? schema = null) =>
        (SpecMapping)ToNode((schema ?? SpecSchema.Default).Root, spec, schema ?? SpecSchema.Default, Written);

    /// <summary>A plain value (int, double, bool, string, list, map, component) as a tree, as if written at <paramref name="location"/>.</summary>
    public static SpecNode ValueToNode(object? value, SourceLocation location) =>
        ToNode(null, value, SpecSchema.Default, location);

    private static SpecNode ToNode(SchemaType? type, object? value, SpecSchema schema, SourceLocation at)
    {
        switch (value)
        {
            case null:
                return new SpecScalar("", false, at);
            case int i:
                return new SpecScalar(ScalarText.Format(i), false, at);
            case long l:
                return new SpecScalar(ScalarText.Format(l), false, at);
            case double d:
                return new SpecScalar(ScalarText.Format(d), false, at);
            case bool b:
                return new SpecScalar(ScalarText.Format(b), false, at);
            case string s:
                return new SpecScalar(s, ScalarText.NeedsQuotes(s), at);
            case ComponentSpec c:
                if (c.Options.Count == 0)
                    return new SpecScalar(c.Name, false, at);
                var optionsType = type is ComponentType ct ? schema.Catalog.Find(ct.Kind, c.Name)?.Options : null;
                return Mapping([new(c.Name, ToNode(optionsType, c.Options, schema, at))], at, flow: true);
            case ValueMap map:
                var mapType = type as MapType;
                return Mapping(map.Select(e => new KeyValuePair<string, SpecNode>(
                    e.Key, ToNode(mapType?.Find(e.Key)?.Type, e.Value, schema, at))), at, flow: type is null);
            case SweepSpec sweep:
                return Sweep(sweep, at);
            case IEnumerable list:
                var element = (type as ListType)?.Element;
                return new SpecSequence([.. list.Cast<object?>().Select(v => ToNode(element, v, schema, at))], at);
            default:
                if (type is not MapType recordType)
                    throw new InvalidOperationException($"cannot write {value.GetType().Name} without its schema");
                return Record(recordType, value, schema, at);
        }
    }

    private static SpecMapping Record(MapType type, object record, SpecSchema schema, SourceLocation at)
    {
        var properties = record.GetType().GetProperties()
            .ToDictionary(p => SpecBinder.Normalize(p.Name), p => p);
        var entries = new List<KeyValuePair<string, SpecNode>>();
        foreach (var field in type.Fields)
        {
            if (field.Directive)
                continue;
            if (!properties.TryGetValue(SpecBinder.Normalize(field.Key), out var property))
                throw new InvalidOperationException($"{record.GetType().Name} has no property for key '{field.Key}'");
            var value = property.GetValue(record);
            if (value is not null)
                entries.Add(new(field.Key, ToNode(field.Type, value, schema, at)));
        }
        return Mapping(entries, at, flow: false);
    }

    private static SpecMapping Sweep(SweepSpec sweep, SourceLocation at)
    {
        SpecNode Axes(IEnumerable<SweepAxis> axes) =>
            Mapping(axes.Select(a => new KeyValuePair<string, SpecNode>(a.Key, ValueToNode(a.Values, at))), at, flow: false);

        var entries = new List<KeyValuePair<string, SpecNode>>();
        if (sweep.Grid.Count > 0)
            entries.Add(new("grid", Axes(sweep.Grid)));
        if (sweep.Zip.Count > 0)
            entries.Add(new("zip", Axes(sweep.Zip)));
        if (sweep.Random is { } random)
        {
            var space = random.Params.Select(p => new KeyValuePair<string, SpecNode>(p.Key, p.Distribution switch
            {
                ChoiceDistribution c => ValueToNode(c.Values, at),
                UniformDistribution u => Mapping([new("uniform", ValueToNode(new ValueList<double>([u.Low, u.High]), at))], at, true),
                LogUniformDistribution u => Mapping([new("log_uniform", ValueToNode(new ValueList<double>([u.Low, u.High]), at))], at, true),
                IntDistribution u => Mapping([new("int", ValueToNode(new ValueList<int>([u.Low, u.High]), at))], at, true),
                _ => throw new InvalidOperationException("unknown distribution"),
            }));
            entries.Add(new("random", Mapping(
            [
                new("n", ValueToNode(random.Samples, at)),
                new("seed", ValueToNode(random.Seed, at)),
                new("params", Mapping(space, at, flow: false)),
            ], at, flow: false)));
        }
        return Mapping(entries, at, flow: false);
    }

    private static SpecMapping Mapping(IEnumerable<KeyValuePair<string, SpecNode>> entries, SourceLocation at, bool flow) =>
        new([.. entries.Select(e => new SpecEntry(e.Key, at, e.Value))], at, flow);

    /// <summary>A tree as YAML: block mappings, with lists and flow-marked mappings written inline.</summary>
    public static string Emit(SpecNode node)
    {
        var text = new StringBuilder();
        if (node is SpecMapping { Flow: false, Entries.Length: > 0 } mapping)
            EmitBlock(mapping, 0, text);
        else
            text.Append(Inline(node)).Append('\n');
        return text.ToString();
    }

    private static void EmitBlock(SpecMapping mapping, int indent, StringBuilder text)
    {
        foreach (var entry in mapping.Entries)
        {
            text.Append(' ', indent).Append(Key(entry.Key)).Append(':');
            if (entry.Value is SpecMapping { Flow: false, Entries.Length: > 0 } child)
            {
                text.Append('\n');
                EmitBlock(child, indent + 2, text);
            }
            else
            {
                text.Append(' ').Append(Inline(entry.Value)).Append('\n');
            }
        }
    }

    /// <summary>A node in flow style on one line: <c>5</c>, <c>[200, 200]</c>, <c>{planar: {length: 10}}</c>.</summary>
    public static string Inline(SpecNode node) => node switch
    {
        SpecScalar { IsNull: true, Quoted: false } => "null",
        SpecScalar s => s.Quoted ? ScalarText.FormatString(s.Text) : s.Text,
        SpecSequence q => "[" + string.Join(", ", q.Items.Select(Inline)) + "]",
        SpecMapping m => "{" + string.Join(", ", m.Entries.Select(e => Key(e.Key) + ": " + Inline(e.Value))) + "}",
        _ => throw new ArgumentOutOfRangeException(nameof(node)),
    };

    private static string Key(string key) => ScalarText.NeedsQuotes(key) ? ScalarText.FormatString(key) : key;
}
