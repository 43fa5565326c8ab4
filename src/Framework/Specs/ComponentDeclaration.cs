namespace Research.Framework.Specs;

/// <summary>
/// A component a spec can name, declared once in the component's own file: its kind, its spec
/// name, its documentation line and its typed options record. The spec catalog, validation
/// (names, option types and ranges, suggestions), defaults and the generated reference are all
/// derived from these declarations (<see cref="ComponentDeclarations"/>); the layer that owns the
/// component adds how to build it (a subclass with a factory).
/// </summary>
public abstract record ComponentDeclaration(ComponentKind Kind, string Name, string Doc)
{
    /// <summary>The options record: one primary-constructor parameter per option (see <see cref="OptionsSchema"/>).</summary>
    public abstract Type OptionsType { get; }

    /// <summary>The catalog entry: the name, the documentation and the options schema.</summary>
    public ComponentDefinition Definition => new(Name, OptionsSchema.Of(OptionsType), Doc);
}

/// <summary>A declaration whose options are <typeparamref name="TOptions"/>.</summary>
public abstract record ComponentDeclaration<TOptions>(ComponentKind Kind, string Name, string Doc) : ComponentDeclaration(Kind, Name, Doc)
    where TOptions : notnull
{
    public sealed override Type OptionsType => typeof(TOptions);

    /// <summary>The options from loosely typed settings (missing keys take the defaults; see <see cref="OptionsBinder"/>).</summary>
    public TOptions OptionsFrom(IReadOnlyDictionary<string, object>? settings) => OptionsBinder.FromSettings<TOptions>(settings);

    /// <summary>The resolved options of <paramref name="spec"/> (every key present, defaults filled in) as the typed record.</summary>
    public TOptions Options(ComponentSpec spec) =>
        spec.Name == Name
            ? SpecBinder.Bind<TOptions>(spec.Options)
            : throw new ArgumentException($"{ComponentCatalog.Noun(Kind)} '{spec.Name}' is not '{Name}'.");
}

/// <summary>The options record of a component that has none.</summary>
public sealed record NoOptions;
