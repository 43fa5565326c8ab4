using static Research.Framework.Specs.Schema;

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

    public static ComponentCatalog Default { get; } = new(
        Datasets:
        [
            ComponentDefinition.Of("mnist", "MNIST digits, 28x28 (IDX files, 60k train / 10k test)"),
            ComponentDefinition.Of("synthetic", "Small generated data for tests and smoke runs"),
        ],
        Activations:
        [
            ComponentDefinition.Of("tanh", "tanh"),
            ComponentDefinition.Of("relu", "max(0, x)"),
            ComponentDefinition.Of("elu", "exponential linear unit"),
            ComponentDefinition.Of("leaky_relu", "max(0.01 x, x)"),
            ComponentDefinition.Of("softplus", "log(1 + e^x)"),
            ComponentDefinition.Of("sigmoid", "1 / (1 + e^-x)"),
        ],
        Priors:
        [
            ComponentDefinition.Of("standard_normal", "N(0, I)"),
            ComponentDefinition.Of("mixture_of_gaussians", "Mixture of diagonal Gaussians with learned means and variances",
                Key("components", Int(1), "10", "number of mixture components")),
            ComponentDefinition.Of("vampprior", "VampPrior: mixture of posteriors at learned pseudo-inputs (Tomczak & Welling 2018)",
                Key("pseudo_inputs", Int(1), "500", "number of pseudo-inputs")),
            ComponentDefinition.Of("hierarchical", "p(z_L) p(z_l | z_{l+1}) over model.layers"),
        ],
        Posteriors:
        [
            ComponentDefinition.Of("gaussian", "Diagonal Gaussian q(z|x)"),
            ComponentDefinition.Of("hierarchical", "Bottom-up stochastic layers over model.layers (IWAE paper, 2 layers)"),
            ComponentDefinition.Of("ladder", "Ladder-style top-down inference over model.layers"),
            ComponentDefinition.Of("planar", "Planar flow on a diagonal Gaussian (Rezende & Mohamed 2015)",
                Key("length", Int(0), "10", "number of transforms")),
            ComponentDefinition.Of("planar_amortized", "Planar flow whose u, w, b come from the encoder's hidden state, per data point (Rezende & Mohamed 2015, section 4)",
                Key("length", Int(0), "10", "number of transforms")),
            ComponentDefinition.Of("radial", "Radial flow on a diagonal Gaussian (Rezende & Mohamed 2015)",
                Key("length", Int(0), "10", "number of transforms")),
            ComponentDefinition.Of("iaf", "Inverse autoregressive flow with MADE layers (Kingma et al. 2016)",
                Key("length", Int(0), "4", "number of transforms"),
                Key("hidden", ListOf(Int(1)), "[100]", "MADE hidden layer widths")),
            ComponentDefinition.Of("sylvester", "Householder Sylvester flow with global parameters (van den Berg et al. 2018)",
                Key("length", Int(0), "4", "number of transforms")),
            ComponentDefinition.Of("realnvp", "RealNVP affine coupling flow (Dinh et al. 2017)",
                Key("length", Int(0), "4", "number of coupling layers"),
                Key("hidden", ListOf(Int(1)), "[100]", "coupling network hidden widths")),
        ],
        Likelihoods:
        [
            ComponentDefinition.Of("bernoulli", "Bernoulli with logits (binary or binarized data)"),
            ComponentDefinition.Of("gaussian", "Diagonal Gaussian",
                Key("learned_variance", Bool(), "false", "learn a per-pixel variance instead of a fixed one"),
                Key("decoder_variance", Bool(), "false", "the decoder outputs a variance per pixel and data point"),
                Key("variance", Positive(), "1.0", "the fixed variance, or the initial one when learned")),
            ComponentDefinition.Of("discretized_logistic", "Discretized logistic over pixel bins (Kingma et al. 2016)",
                Key("bins", Int(2), "256", "number of intensity levels")),
        ],
        Objectives:
        [
            ComponentDefinition.Of("elbo", "ELBO averaged over K samples, with beta and free bits"),
            ComponentDefinition.Of("iwae", "IWAE bound: log-mean-exp of K importance weights (Burda et al. 2016)"),
        ],
        KlSchedules:
        [
            ComponentDefinition.Of("constant", "KL weight 1 throughout (times objective.beta)"),
            ComponentDefinition.Of("linear", "Linear warm-up from 0 to 1 (Bowman et al. 2016); steps take precedence when both are > 0",
                Key("warmup_steps", Int(0), "0", "optimizer steps to reach 1"),
                Key("warmup_epochs", Int(0), "0", "epochs to reach 1")),
            ComponentDefinition.Of("sigmoid", "Logistic warm-up 1 / (1 + exp(-steepness (step - midpoint)))",
                Key("midpoint", Float(0), "1000.0", "step at which the weight is 0.5"),
                Key("steepness", Positive(), "0.005", "slope of the logistic")),
            ComponentDefinition.Of("cyclical", "Cyclical annealing, M cycles with ratio R (Fu et al. 2019)",
                Key("cycles", Int(1), "4", "number of cycles M over training"),
                Key("ratio", Float(0, 1, minOpen: true), "0.5", "fraction R of each cycle spent increasing")),
        ],
        LrSchedules:
        [
            ComponentDefinition.Of("constant", "The optimizer's learning rate throughout"),
            ComponentDefinition.Of("step", "Multiply the rate by gamma every N epochs",
                Key("every", Int(1), "10", "epochs between decays"),
                Key("gamma", Float(0, 1, minOpen: true), "0.1", "decay factor")),
            ComponentDefinition.Of("cosine", "Cosine decay to min_lr over training (Loshchilov & Hutter 2017)",
                Key("min_lr", Float(0), "0.0", "final learning rate")),
            ComponentDefinition.Of("iwae_3i", "IWAE paper: stage i lasts 3^i epochs at lr 1e-3 * 10^(-i/7) (Burda et al. 2016)",
                Key("stages", Int(1), "8", "number of stages (8 gives 3280 epochs)")),
        ],
        Optimizers:
        [
            ComponentDefinition.Of("adam", "Adam (Kingma & Ba 2015)",
                Key("lr", Positive(), "0.001", "learning rate"),
                Key("eps", Positive(), "1.0e-8", "denominator epsilon"),
                Key("beta1", Float(0, 1, maxOpen: true), "0.9", "first-moment decay"),
                Key("beta2", Float(0, 1, maxOpen: true), "0.999", "second-moment decay"),
                Key("initial_second_moment", Float(0), "0.0", "starting value of the second moment (the IWAE reference code starts at 1.0)")),
            ComponentDefinition.Of("adamax", "Adamax, the infinity-norm Adam variant (Kingma & Ba 2015)",
                Key("lr", Positive(), "0.002", "learning rate"),
                Key("eps", Positive(), "1.0e-8", "denominator epsilon"),
                Key("beta1", Float(0, 1, maxOpen: true), "0.9", "first-moment decay"),
                Key("beta2", Float(0, 1, maxOpen: true), "0.999", "infinity-norm decay")),
            ComponentDefinition.Of("sgd", "Stochastic gradient descent with momentum",
                Key("lr", Positive(), "0.01", "learning rate"),
                Key("momentum", Float(0, 1, maxOpen: true), "0.0", "momentum")),
        ]);
}
