using Research.Framework.Data;
using Research.Framework.Nn;
using Research.Framework.Objectives;
using Research.Framework.Objectives.Schedules;
using Research.Framework.Optim;
using Research.Framework.Specs;
using static Research.Framework.Specs.Schema;

namespace Research.Framework.Tests.Specs;

/// <summary>
/// The catalog derived from the declarations gives, for the kinds outside the model, the entries
/// the hand-written catalog had before (issue 15): the same names, docs, option keys, types,
/// ranges and defaults, so specs and the generated reference read the same.
/// </summary>
public class ComponentCatalogTests
{
    private static readonly Dictionary<ComponentKind, ComponentDefinition[]> HandWritten = new()
    {
        [ComponentKind.Dataset] =
        [
            ComponentDefinition.Of("dsprites", "dSprites shapes (Matthey et al. 2017), generated: a seeded sample of the 737,280-image factor grid, with its ground-truth factors"),
            ComponentDefinition.Of("mnist", "MNIST digits, 28x28 (IDX files, 60k train / 10k test)"),
            ComponentDefinition.Of("synthetic", "Small generated data for tests and smoke runs"),
        ],
        [ComponentKind.Activation] =
        [
            ComponentDefinition.Of("tanh", "tanh"),
            ComponentDefinition.Of("relu", "max(0, x)"),
            ComponentDefinition.Of("elu", "exponential linear unit"),
            ComponentDefinition.Of("leaky_relu", "max(0.01 x, x)"),
            ComponentDefinition.Of("softplus", "log(1 + e^x)"),
            ComponentDefinition.Of("sigmoid", "1 / (1 + e^-x)"),
        ],
        [ComponentKind.Objective] =
        [
            ComponentDefinition.Of("elbo", "ELBO averaged over K samples, with beta and free bits"),
            ComponentDefinition.Of("iwae", "IWAE bound: log-mean-exp of K importance weights (Burda et al. 2016)"),
            ComponentDefinition.Of("miwae", "MIWAE(M, K): the mean of M IWAE_K bounds (Rainforth et al. 2018)"),
            ComponentDefinition.Of("ciwae", "CIWAE(beta): beta ELBO_K + (1 - beta) IWAE_K on the same samples (Rainforth et al. 2018)"),
            ComponentDefinition.Of("piwae", "PIWAE(M, K): decoder on IWAE_MK, encoder on MIWAE(M, K) (Rainforth et al. 2018)"),
            ComponentDefinition.Of("vqvae", "VQ-VAE: reconstruction + codebook + commitment loss (van den Oord et al. 2017, eq. 3); needs posterior vq"),
        ],
        [ComponentKind.KlSchedule] =
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
        [ComponentKind.LrSchedule] =
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
        [ComponentKind.Optimizer] =
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
        ],
    };

    public static IEnumerable<TestCaseData> Kinds() => HandWritten.Keys.Select(k => new TestCaseData(k).SetArgDisplayNames(k.ToString()));

    [TestCaseSource(nameof(Kinds))]
    public void Default_DeclaredKind_HasTheHandWrittenNames(ComponentKind kind) =>
        Assert.That(ComponentCatalog.Default.Names(kind), Is.EquivalentTo(HandWritten[kind].Select(d => d.Name)));

    public static IEnumerable<TestCaseData> Entries() =>
        HandWritten.SelectMany(k => k.Value.Select(d => new TestCaseData(k.Key, d).SetArgDisplayNames(k.Key.ToString(), d.Name)));

    [TestCaseSource(nameof(Entries))]
    public void Default_DeclaredComponent_HasTheHandWrittenDocOptionsRangesAndDefaults(ComponentKind kind, ComponentDefinition expected)
    {
        var declared = ComponentCatalog.Default.Find(kind, expected.Name);
        Assert.That(declared, Is.Not.Null, $"{kind} '{expected.Name}' is declared");
        Assert.That(declared!.Doc, Is.EqualTo(expected.Doc));
        Assert.That(declared.Options.Fields.Select(f => f.Key), Is.EqualTo(expected.Options.Fields.Select(f => f.Key)), "option keys, in order");
        foreach (var (actual, wanted) in declared.Options.Fields.Zip(expected.Options.Fields))
            Assert.That(actual, Is.EqualTo(wanted), $"option '{wanted.Key}'");
    }

    [Test]
    public void Activations_Parse_GivesTheDeclaredFunction()
    {
        Assert.That(Activations.Parse("leaky_relu"), Is.EqualTo(Activation.LeakyRelu));
        Assert.That(Activations.Parse("tanh"), Is.EqualTo(ActivationDeclarations.Tanh.Function));
        Assert.That(Assert.Throws<ArgumentException>(() => Activations.Parse("swish"))!.Message, Does.Contain("softplus"));
    }

    [Test]
    public void Declarations_OfEachKind_AreTheKindsFactoryType()
    {
        Assert.That(ComponentDeclarations.OfKind(ComponentKind.Dataset), Is.All.InstanceOf<DatasetDeclaration>());
        Assert.That(ComponentDeclarations.OfKind(ComponentKind.Activation), Is.All.InstanceOf<ActivationDeclaration>());
        Assert.That(ComponentDeclarations.OfKind(ComponentKind.Objective), Is.All.InstanceOf<ObjectiveDeclaration>());
        Assert.That(ComponentDeclarations.OfKind(ComponentKind.KlSchedule), Is.All.InstanceOf<IKlScheduleDeclaration>());
        Assert.That(ComponentDeclarations.OfKind(ComponentKind.LrSchedule), Is.All.InstanceOf<ILrScheduleDeclaration>());
        Assert.That(ComponentDeclarations.OfKind(ComponentKind.Optimizer), Is.All.InstanceOf<IOptimizerDeclaration>());
    }
}
