namespace Research.Framework.Specs;

/// <summary>The schema a spec is checked against: the key tree and the catalog of component names.</summary>
public sealed record SpecSchema(MapType Root, ComponentCatalog Catalog)
{
    /// <summary>The experiment schema with the catalog of every declared component.</summary>
    public static SpecSchema Default => new(ExperimentSchema.Root, ComponentCatalog.Default);

    public static SpecSchema WithCatalog(ComponentCatalog catalog) => new(ExperimentSchema.Root, catalog);

    /// <summary>The sweep sections whose keys are whole dotted key paths rather than nested keys.</summary>
    internal static bool IsAxisBlock(IReadOnlyList<string> path) =>
        path is ["sweep", "grid" or "zip"] or ["sweep", "random", "params"];

    /// <summary>
    /// Splits a dotted key path (as in <c>--set</c>); after <c>sweep.grid.</c>, <c>sweep.zip.</c> or
    /// <c>sweep.random.params.</c> the rest is a single key, the swept path.
    /// </summary>
    public static IReadOnlyList<string> SplitPath(string keyPath)
    {
        var parts = keyPath.Split('.');
        for (var i = 1; i < parts.Length; i++)
            if (IsAxisBlock(parts[..i]))
                return [.. parts[..i], string.Join('.', parts[i..])];
        return parts;
    }

    /// <summary>
    /// The type at a key path, walking mappings by key and components by name then option
    /// (<c>model.posterior.planar.length</c>); or why the path is invalid, with the nearest valid key.
    /// </summary>
    public (SchemaType? Type, string? Error) TypeAt(IReadOnlyList<string> path)
    {
        SchemaType type = Root;
        for (var i = 0; i < path.Count; i++)
        {
            var seg = path[i];
            var prefix = string.Join('.', path.Take(i));
            var shown = prefix.Length == 0 ? seg : prefix + "." + seg;
            switch (type)
            {
                case MapType map:
                    var field = map.Find(seg);
                    if (field is null || field.Directive)
                    {
                        var keys = map.Fields.Where(f => !f.Directive).Select(f => f.Key).ToList();
                        var nearest = KeySuggestion.Nearest(seg, keys);
                        return (null, $"unknown key '{shown}'" +
                                      (nearest is not null
                                          ? $"; did you mean '{(prefix.Length == 0 ? nearest : prefix + "." + nearest)}'?"
                                          : $"; valid keys{(prefix.Length == 0 ? "" : " under " + prefix)}: {string.Join(", ", keys)}"));
                    }
                    type = field.Type;
                    break;
                case ComponentType component:
                    var definition = Catalog.Find(component.Kind, seg);
                    if (definition is null)
                        return (null, $"unknown {ComponentCatalog.Noun(component.Kind)} '{seg}' in '{shown}'" +
                                      KeySuggestion.Hint(seg, Catalog.Names(component.Kind).ToList(),
                                          ComponentCatalog.Plural(component.Kind)));
                    type = definition.Options;
                    break;
                default:
                    return (null, $"'{prefix}' is {type.Describe()} and has no key '{seg}'");
            }
        }
        return (type, null);
    }
}
