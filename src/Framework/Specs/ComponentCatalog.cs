namespace Research.Framework.Specs;

/// <summary>
/// The component names a spec may use, per kind, each with its options. Validation takes the
/// catalog as a value, so registries can pass the names they actually register
/// (<see cref="With"/> adds or replaces one); <see cref="Default"/> lists the framework's components.
/// </summary>
public sealed record ComponentCatalog(
    ValueList<ComponentDefinition> Datasets,
    ValueList<ComponentDefinition> Activations,
    ValueList<ComponentDefinition> Priors,
    ValueList<ComponentDefinition> Posteriors,
    ValueList<ComponentDefinition> Likelihoods,
    ValueList<ComponentDefinition> Objectives,
    ValueList<ComponentDefinition> KlSchedules,
    ValueList<ComponentDefinition> LrSchedules,
    ValueList<ComponentDefinition> Optimizers)
{
    public ValueList<ComponentDefinition> this[ComponentKind kind] => kind switch
    {
        ComponentKind.Dataset => Datasets,
        ComponentKind.Activation => Activations,
        ComponentKind.Prior => Priors,
        ComponentKind.Posterior => Posteriors,
        ComponentKind.Likelihood => Likelihoods,
        ComponentKind.Objective => Objectives,
        ComponentKind.KlSchedule => KlSchedules,
        ComponentKind.LrSchedule => LrSchedules,
        ComponentKind.Optimizer => Optimizers,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public ComponentDefinition? Find(ComponentKind kind, string name) => this[kind].FirstOrDefault(c => c.Name == name);

    public IEnumerable<string> Names(ComponentKind kind) => this[kind].Select(c => c.Name);

    /// <summary>This catalog with <paramref name="definition"/> added to <paramref name="kind"/> (replacing one of the same name).</summary>
    public ComponentCatalog With(ComponentKind kind, ComponentDefinition definition)
    {
        var list = new ValueList<ComponentDefinition>(
            this[kind].Where(c => c.Name != definition.Name).Append(definition));
        return kind switch
        {
            ComponentKind.Dataset => this with { Datasets = list },
            ComponentKind.Activation => this with { Activations = list },
            ComponentKind.Prior => this with { Priors = list },
            ComponentKind.Posterior => this with { Posteriors = list },
            ComponentKind.Likelihood => this with { Likelihoods = list },
            ComponentKind.Objective => this with { Objectives = list },
            ComponentKind.KlSchedule => this with { KlSchedules = list },
            ComponentKind.LrSchedule => this with { LrSchedules = list },
            ComponentKind.Optimizer => this with { Optimizers = list },
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    /// <summary>The singular noun for messages: "prior", "KL schedule".</summary>
    public static string Noun(ComponentKind kind) => kind switch
    {
        ComponentKind.KlSchedule => "KL schedule",
        ComponentKind.LrSchedule => "learning-rate schedule",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>The plural noun for messages: "priors", "KL schedules".</summary>
    public static string Plural(ComponentKind kind) => Noun(kind) + "s";

    /// <summary>
    /// The catalog of every declared component (<see cref="ComponentDeclarations"/>): each component's
    /// file declares its name, documentation and options; nothing is listed here by hand.
    /// </summary>
    public static ComponentCatalog Default
    {
        get
        {
            var all = ComponentDeclarations.All;
            var cached = _default;
            if (cached is not null && ReferenceEquals(cached.Value.From, all)) return cached.Value.Catalog;
            var catalog = FromDeclarations(all);
            _default = (all, catalog);
            return catalog;
        }
    }

    private static (IReadOnlyList<ComponentDeclaration> From, ComponentCatalog Catalog)? _default;

    public static ComponentCatalog FromDeclarations(IEnumerable<ComponentDeclaration> declarations)
    {
        var byKind = declarations.ToLookup(d => d.Kind, d => d.Definition);
        ValueList<ComponentDefinition> Of(ComponentKind kind) => new(byKind[kind]);
        return new ComponentCatalog(Of(ComponentKind.Dataset), Of(ComponentKind.Activation), Of(ComponentKind.Prior), Of(ComponentKind.Posterior),
            Of(ComponentKind.Likelihood), Of(ComponentKind.Objective), Of(ComponentKind.KlSchedule), Of(ComponentKind.LrSchedule), Of(ComponentKind.Optimizer));
    }
}
