namespace Research.Framework.Specs;

/// <summary>A component a spec may name, with the option keys it accepts (types, ranges, defaults).</summary>
public sealed record ComponentDefinition(string Name, MapType Options, string Doc)
{
    public static ComponentDefinition Of(string name, string doc, params Field[] options) =>
        new(name, Schema.Map(options), doc);
}
