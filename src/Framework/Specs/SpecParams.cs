namespace Research.Framework.Specs;

/// <summary>
/// Flattens a resolved spec to key/value parameters for MLflow: one entry per leaf key
/// (<c>model.latent</c> = <c>50</c>), numbers in the invariant culture, lists in inline YAML
/// (<c>[200, 200]</c>). A component gives its name under its key and each option under
/// <c>key.name.option</c>, so every parameter key is also a valid <c>--set</c> path.
/// The sweep block is left out: a sweep point's parameters are its own resolved values.
/// </summary>
public static class SpecParams
{
    public static IReadOnlyDictionary<string, string> Flatten(ExperimentSpec spec, SpecSchema? schema = null)
    {
        schema ??= SpecSchema.Default;
        var result = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        Walk(schema, schema.Root, SpecWriter.ToNode(spec with { Sweep = null }, schema), "", result);
        return result;
    }

    private static void Walk(SpecSchema schema, SchemaType? type, SpecNode node, string prefix,
        OrderedDictionary<string, string> result)
    {
        switch (type, node)
        {
            case (SweepType, _):
                return;
            case (MapType map, SpecMapping mapping):
                foreach (var e in mapping.Entries)
                    Walk(schema, map.Find(e.Key)?.Type, e.Value, SpecResolver.Join(prefix, e.Key), result);
                return;
            case (ComponentType component, SpecMapping { Entries: [var only] }):
                result[prefix] = only.Key;
                var options = schema.Catalog.Find(component.Kind, only.Key)?.Options;
                Walk(schema, options, only.Value, SpecResolver.Join(prefix, only.Key), result);
                return;
            case (_, SpecScalar scalar):
                result[prefix] = scalar.Text;
                return;
            default:
                result[prefix] = SpecWriter.Inline(node);
                return;
        }
    }
}
