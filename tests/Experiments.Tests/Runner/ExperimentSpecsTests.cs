using Research.Framework.Data;
using Research.Experiments.Runner;
using Research.Framework.Autodiff;
using Research.Framework.Objectives;
using Research.Framework.Randomness;
using Research.Framework.Specs;
using Research.Framework.Sweeps;
using Research.Framework.Tensors;
using Research.Framework.Vae;
using Research.Framework.Vae.Posteriors;

namespace Research.Experiments.Tests.Runner;

/// <summary>
/// Every spec in experiments/ validates, and every point of its sweep builds its model and gives a
/// finite objective on a tiny batch: a spec that validates but cannot be built fails here, not
/// hours into a sweep. The paper reproductions are also checked against the paper's architecture.
/// </summary>
public class ExperimentSpecsTests
{
    internal const int MnistPixels = 784;

    internal static string ExperimentsFolder()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext?.TestDirectory ?? AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Research.sln"))) dir = dir.Parent;
        return Path.Combine(dir?.FullName ?? throw new DirectoryNotFoundException("repository root"), "experiments");
    }

    public static IEnumerable<TestCaseData> Specs() =>
        Directory.GetFiles(ExperimentsFolder(), "*.yaml", SearchOption.AllDirectories).Order()
            .Select(path => new TestCaseData(path).SetArgDisplayNames(Path.GetRelativePath(ExperimentsFolder(), path)));

    [TestCaseSource(nameof(Specs))]
    public void EveryPoint_BuildsItsModel_AndGivesAFiniteObjective(string path)
    {
        var points = SweepExpander.ExpandAll(SpecLoader.Load(path));
        Assert.That(points, Is.Not.Empty);
        var data = new Rng(3);
        foreach (var point in points)
        {
            var spec = point.Spec;
            var dataset = DatasetDeclaration.Of(spec.Data);
            var pixels = dataset.Height * dataset.Width;
            var classes = ModelFactory.Classes(spec);
            var model = ModelFactory.Create(spec.Model, pixels, new Rng((ulong)spec.Seed), classes);
            using var noGrad = NoGrad.Begin();
            using var scope = TensorScope.Begin();
            var x = Tensor.Zeros(new Shape(2, pixels));
            data.Bernoulli(Enumerable.Repeat(0.3f, x.Size).ToArray(), x.Data);
            var scored = model.ForBatch(classes > 0 ? OneHot.Encode([0, classes - 1], classes) : null); // a conditional model scores given labels
            var loss = ObjectiveDeclaration.Of(spec.Objective).Compute(spec.Objective, scored, x, klWeight: 1.0, new Rng(5)).Loss.Item();
            Assert.That(float.IsFinite(loss), $"{path} point {point.Index}: loss {loss}");
        }
    }

    [Test]
    public void IwaeTable1_BuildsThePapersOneAndTwoLayerArchitectures()
    {
        var points = SweepExpander.ExpandAll(SpecLoader.Load(Path.Combine(ExperimentsFolder(), "iwae-table1.yaml")));
        Assert.That(points.Select(p => (p.Spec.Objective.Kind.Name, p.Spec.Objective.K, p.Spec.Model.Layers.Count)), Is.EqualTo(new[]
        {
            ("elbo", 1, 0), ("elbo", 5, 0), ("elbo", 50, 0), ("iwae", 5, 0), ("iwae", 50, 0),
            ("elbo", 1, 2), ("elbo", 5, 2), ("elbo", 50, 2), ("iwae", 5, 2), ("iwae", 50, 2),
        }));

        // One layer: q 784-200-200-(50, 50), p 50-200-200-784 (tools/peer/iwae_reference.py has the same count).
        var one = ModelFactory.Create(points[0].Spec.Model, MnistPixels, new Rng(1));
        Assert.That(one.Posterior, Is.TypeOf<GaussianPosterior>());
        Assert.That(one.ParameterCount(), Is.EqualTo(425_284));

        // Two layers: q 784-200-200-(100, 100) then 100-100-100-(50, 50); p(z1|z2) 50-100-100-(100, 100); p(x|z1) 100-200-200-784.
        var two = ModelFactory.Create(points[5].Spec.Model, MnistPixels, new Rng(1));
        Assert.That(two.Posterior, Is.TypeOf<HierarchicalPosterior>());
        Assert.That(((ILatentLayout)two.Posterior).LayerSizes, Is.EqualTo(new[] { 100, 50 }));
        Assert.That(two.DecoderLatent, Is.EqualTo(100));
        Assert.That(two.ParameterCount(), Is.EqualTo(237_400 + 30_300 + 35_400 + 217_984));
    }

    [Test]
    public void IwaeTable1_DefaultsAreThePapersBudget_AndTheDocumentedSetSelectsThreeStages()
    {
        var path = Path.Combine(ExperimentsFolder(), "iwae-table1.yaml");
        var full = SpecLoader.Load(path);
        Assert.That(full.Train.Epochs, Is.EqualTo(3280));
        Assert.That(full.Train.LrSchedule.GetInt("stages"), Is.EqualTo(8));
        Assert.That(full.Train.Optimizer.GetDouble("eps"), Is.EqualTo(1e-4));
        Assert.That(full.Data.BatchSize, Is.EqualTo(20));
        Assert.That(full.Eval.NllK, Is.EqualTo(5000));

        var budget = SpecLoader.Load(path, ["train.epochs=13", "train.lr_schedule.iwae_3i.stages=3"]);
        Assert.That(budget.Train.Epochs, Is.EqualTo(13));
        Assert.That(budget.Train.LrSchedule.GetInt("stages"), Is.EqualTo(3));
    }
}
