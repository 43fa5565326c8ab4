using Research.Framework.Autodiff;
using Research.Framework.Nn;
using Research.Framework.Randomness;
using Research.Framework.Tensors;
using Research.Framework.Tests.Autodiff;
using Research.Framework.Vae;
using Research.Framework.Vae.Posteriors;

namespace Research.Framework.Tests.Vae.Posteriors;

/// <summary>
/// Top-down inference of the ladder VAE (Sønderby et al. 2016, eq. 17-21): z2 is drawn from the top
/// bottom-up estimate, then z1 from the precision-weighted merge of its bottom-up estimate with the
/// generative p(z1 | z2) evaluated at the z2 just drawn. The two limits of the merge show that both
/// paths are used: an uninformative bottom-up estimate leaves q(z1 | x, z2) = p(z1 | z2), and a
/// sharp one pins z1 to the estimate whatever z2 is.
/// </summary>
public class LadderPosteriorTests
{
    private const int P = 4, K = 5, B = 3;

    private static (LadderPosterior Posterior, Tensor X) Build(float z1EstimateLogStd)
    {
        var posterior = LadderPosterior.Create(new ComponentOptions(P, 5, [6], Activation.Tanh, new Dictionary<string, object> { ["layers"] = new[] { 3, 2 } }), new Rng(1));
        var head = posterior.BottomUp[0].LogStdHead;
        head.Weight.Data.Clear();
        head.Bias!.Data.Fill(z1EstimateLogStd);
        return (posterior, GradCheck.Uniform(2, new Shape(B, P), 0f, 1f));
    }

    [Test]
    public void Sample_UninformativeBottomUpEstimate_IsTheTopDownConditional()
    {
        var (posterior, x) = Build(z1EstimateLogStd: 30f); // precision e^-60 against p(z1 | z2)'s ~1
        var s = posterior.Sample(x, K, new Rng(3));
        var z1 = s.Z.Slice(1, 0, 3);
        var z2 = s.Z.Slice(1, 3, 2);
        var top = posterior.BottomUp[1].Distribution(posterior.BottomUp[0].Hidden(x)); // q(z2 | x) [B, 2]
        var conditional = posterior.TopDown[0].Distribution(z2);                         // p(z1 | z2) per row [K*B, 3]
        var expected = top.LogProb(z2).Add(conditional.LogProb(z1)).ToArray();
        Assert.That(s.LogQ.ToArray(), Is.EqualTo(expected).Within(1e-4f));
        // z1 varies with the sampled z2 of its own row: rows of the same data point differ in their conditional mean.
        var means = conditional.Mean.ToArray();
        Assert.That(Math.Abs(means[0] - means[B * 3]), Is.GreaterThan(1e-3), "p(z1 | z2) moves with z2");
    }

    [Test]
    public void Sample_SharpBottomUpEstimate_PinsZ1ToTheEstimate()
    {
        var (posterior, x) = Build(z1EstimateLogStd: -12f); // std 6e-6
        var s = posterior.Sample(x, K, new Rng(4));
        var estimate = posterior.BottomUp[0].Distribution(x).Mean.ToArray(); // [B, 3]
        for (var k = 0; k < K; k++)
        for (var b = 0; b < B; b++)
        for (var j = 0; j < 3; j++)
            Assert.That(s.Z.Row(k * B + b)[j], Is.EqualTo(estimate[b * 3 + j]).Within(1e-4), $"sample {k} of data point {b}, z1[{j}]");
    }
}
