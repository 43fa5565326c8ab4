namespace Research.Framework.Specs;

/// <summary>
/// Deep merge of spec trees, used for <c>base:</c> inheritance, <c>--set</c> overrides and sweep
/// points alike. Mappings merge key by key and the child wins; a null child value removes the key
/// (back to its default); lists and scalars are replaced whole. A component merges its options
/// when both sides name the same component and is replaced when the names differ.
/// </summary>
public static class SpecMerge
{
    public static SpecNode Merge(SpecSchema schema, SpecNode parent, SpecNode child) =>
        Merge(schema, schema.Root, parent, child);

    /// <summary>
    /// The tree with the value at <paramref name="path"/> merged with <paramref name="value"/>
    /// (mappings on the way are created; a component on the way is switched to the named one).
    /// </summary>
    public static SpecNode SetPath(SpecSchema schema, SpecNode root, IReadOnlyList<string> path, SpecNode value, SourceLocation keyLocation)
    {
        var nested = value;
        for (var i = path.Count - 1; i >= 0; i--)
            nested = new SpecMapping([new SpecEntry(path[i], keyLocation, nested)], keyLocation);
        return Merge(schema, schema.Root, root, nested);
    }

    private static SpecNode Merge(SpecSchema schema, SchemaType? type, SpecNode parent, SpecNode child)
    {
        if (type is ComponentType component)
            return MergeComponent(schema, component, parent, child);
        if (parent is not SpecMapping p || child is not SpecMapping c)
            return child;
        var result = p with { Flow = p.Flow && c.Flow };
        foreach (var entry in c.Entries)
        {
            if (entry.Value is SpecScalar { IsNull: true })
            {
                result = result.Remove(entry.Key);
                continue;
            }
            var existing = result.Find(entry.Key);
            var fieldType = (type as MapType)?.Find(entry.Key)?.Type;
            result = existing is null
                ? result.Set(entry.Key, entry.KeyLocation, entry.Value)
                : result.Set(entry.Key, entry.KeyLocation, Merge(schema, fieldType, existing.Value, entry.Value));
        }
        // The child's key positions win, so errors point at the text that set the value.
        return result with
        {
            Entries = [.. result.Entries.Select(e => c.Find(e.Key) is { } ce ? e with { KeyLocation = ce.KeyLocation } : e)],
        };
    }

    private static SpecNode MergeComponent(SpecSchema schema, ComponentType type, SpecNode parent, SpecNode child)
    {
        var parentName = Name(parent);
        var childName = Name(child);
        if (parentName is null || childName is null || parentName != childName)
            return child;
        if (child is SpecScalar)
            return parent;
        if (parent is SpecScalar)
            return child;
        var p = ((SpecMapping)parent).Entries[0];
        var c = ((SpecMapping)child).Entries[0];
        var optionsType = schema.Catalog.Find(type.Kind, childName)?.Options;
        var options = Merge(schema, optionsType, p.Value, c.Value);
        return new SpecMapping([c with { Value = options }], child.Location, Flow: true);
    }

    private static string? Name(SpecNode node) => node switch
    {
        SpecScalar { IsNull: false } s => s.Text,
        SpecMapping { Entries.Length: 1 } m => m.Entries[0].Key,
        _ => null,
    };
}
