using System.Text;

namespace Research.Framework.Specs;

/// <summary>Markdown reference tables generated from the schema and catalog, so the documentation cannot drift from the code.</summary>
public static class SpecDocs
{
    /// <summary>One row per key: dotted path, type, default, meaning.</summary>
    public static string KeyTable(SpecSchema? schema = null)
    {
        schema ??= SpecSchema.Default;
        var text = new StringBuilder();
        text.Append("| key | type | default | meaning |\n|---|---|---|---|\n");
        Rows(schema.Root, "", text);
        return text.ToString();
    }

    private static void Rows(MapType map, string prefix, StringBuilder text)
    {
        foreach (var field in map.Fields)
        {
            var path = SpecResolver.Join(prefix, field.Key);
            switch (field.Type)
            {
                case MapType child:
                    Rows(child, path, text);
                    break;
                case ListType { Element: MapType element }:
                    Row(text, path, "list of mappings", field.Default, field.Doc);
                    Rows(element, path + "[]", text);
                    break;
                default:
                    Row(text, path, field.Type.Describe(), field.Default, field.Doc);
                    break;
            }
        }
    }

    private static void Row(StringBuilder text, string path, string type, string? defaultYaml, string doc) =>
        text.Append($"| `{path}` | {Escape(type)} | {(defaultYaml is null ? "(none)" : $"`{defaultYaml}`")} | {Escape(doc)} |\n");

    /// <summary>One table per component kind: name, options (type, default) and meaning.</summary>
    public static string ComponentTables(SpecSchema? schema = null)
    {
        schema ??= SpecSchema.Default;
        var text = new StringBuilder();
        foreach (var kind in Enum.GetValues<ComponentKind>())
        {
            var used = Uses(schema.Root, "", kind).ToList();
            text.Append($"#### {char.ToUpperInvariant(ComponentCatalog.Plural(kind)[0])}{ComponentCatalog.Plural(kind)[1..]}");
            text.Append($" ({string.Join(", ", used.Select(u => $"`{u}`"))})\n\n");
            text.Append("| name | options | meaning |\n|---|---|---|\n");
            foreach (var c in schema.Catalog[kind])
            {
                var options = c.Options.Fields.Count == 0
                    ? "-"
                    : string.Join("<br>", c.Options.Fields.Select(o => $"`{o.Key}`: {Escape(o.Type.Describe())} = `{o.Default}` ({Escape(o.Doc)})"));
                text.Append($"| `{c.Name}` | {options} | {Escape(c.Doc)} |\n");
            }
            text.Append('\n');
        }
        return text.ToString();
    }

    private static IEnumerable<string> Uses(MapType map, string prefix, ComponentKind kind)
    {
        foreach (var field in map.Fields)
        {
            var path = SpecResolver.Join(prefix, field.Key);
            if (field.Type is ComponentType c && c.Kind == kind)
                yield return path;
            else if (field.Type is MapType child)
                foreach (var use in Uses(child, path, kind))
                    yield return use;
        }
    }

    private static string Escape(string text) => text.Replace("|", "\\|");
}
