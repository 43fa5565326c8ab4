using Research.Framework.Autodiff;
using Research.Framework.Nn;
using Research.Framework.Objectives;
using Research.Framework.Randomness;
using Research.Framework.Tensors;
using Research.Framework.Vae;
using Research.Framework.Vae.Posteriors;
using Research.Framework.Vae.Priors;

namespace Research.Framework.Tests.Vae.Posteriors;

public class HierarchicalPosteriorTests
{
    /// <summary>The widths a Gaussian layer maps through: input, its trunk's hidden widths, output (both heads).</summary>
    private static int[] Widths(GaussianLayer layer)
    {
        Assert.That(layer.LogStdHead.Weight.Shape, Is.EqualTo(layer.MeanHead.Weight.Shape), "the log-std head mirrors the mean head");
        IReadOnlyList<Linear> trunk = layer.Trunk?.Layers ?? [];
        var input = trunk.Count > 0 ? trunk[0].InFeatures : layer.MeanHead.InFeatures;
        return [input, .. trunk.Select(l => l.OutFeatures), layer.MeanHead.OutFeatures];
    }

    /// <summary>
    /// The IWAE paper's two-stochastic-layer model (Burda et al. 2016, section 5) is expressible with
    /// the encoder's hidden widths (x to z1) and the settings "layers" and "layer_hidden" (z1 to z2,
    /// and back for p(z1|z2)): as the issue reads it, q: 784-100-100-100 then 100-50-50-50; and as
    /// the authors' code builds it (yburda/iwae, experiments.py: hidden_units_q [[200, 200], [100, 100]],
    /// hidden_units_p [[100, 100], [200, 200]]), q: 784-200-200-100 then 100-100-100-50. The generative
    /// side mirrors it: p(z1|z2) 50-h-h-100 and p(x|z1) 100-(encoder widths reversed)-784. One pass with
    /// K = 3 gives latent rows [z1 | z2] of width 150 and a finite bound.
    /// </summary>
    [TestCase(new[] { 100, 100 }, new[] { 50, 50 })]
    [TestCase(new[] { 200, 200 }, new[] { 100, 100 })]
    public void Create_IwaeTwoStochasticLayerArchitecture_HasThePapersWidths(int[] hidden, int[] layerHidden)
    {
        var settings = new Dictionary<string, object> { ["layers"] = new[] { 100, 50 }, ["layer_hidden"] = layerHidden };
        var options = new ComponentOptions(784, 150, hidden, Activation.Tanh);
        var model = VaeModel.Create(new VaeSpec(options, new ComponentChoice("hierarchical", settings), new ComponentChoice("hierarchical", settings), "bernoulli"), new Rng(1));

        var q = (HierarchicalPosterior)model.Posterior;
        Assert.That(q.Layers, Has.Count.EqualTo(2));
        Assert.That(Widths(q.Layers[0]), Is.EqualTo(new[] { 784, hidden[0], hidden[1], 100 }), "q(z1|x)");
        Assert.That(Widths(q.Layers[1]), Is.EqualTo(new[] { 100, layerHidden[0], layerHidden[1], 50 }), "q(z2|z1)");
        var p = (HierarchicalPrior)model.Prior;
        Assert.That(p.Conditionals, Has.Count.EqualTo(1));
        Assert.That(Widths(p.Conditionals[0]), Is.EqualTo(new[] { 50, layerHidden[0], layerHidden[1], 100 }), "p(z1|z2)");
        var decoder = (Mlp)model.Decoder;
        Assert.That(decoder.Layers.Select(l => l.InFeatures).Append(decoder.Layers[^1].OutFeatures), Is.EqualTo(new[] { 100, hidden[1], hidden[0], 784 }), "p(x|z1)");
        Assert.That(model.DecoderLatent, Is.EqualTo(100));

        var x = Tensor.Empty(new Shape(2, 784));
        new Rng(2).Bernoulli(Enumerable.Repeat(0.3f, 2 * 784).ToArray(), x.Data);
        using var noGrad = NoGrad.Begin();
        using var scope = TensorScope.Begin();
        var sample = q.Sample(x, 3, new Rng(3));
        Assert.That(sample.Z.Shape, Is.EqualTo(new Shape(6, 150)));
        var bound = IwaeObjective.Compute(model, x, new Rng(4), k: 3).Bound.ToArray();
        Assert.That(bound.All(float.IsFinite), Is.True);
    }
}
