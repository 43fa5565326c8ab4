using Research.Framework.Data;
using Research.Framework.Nn;
using Research.Framework.Objectives;
using Research.Framework.Optim;
using Research.Framework.Randomness;
using Research.Framework.Specs;
using Research.Framework.Tensors;
using Research.Framework.Training;
using Research.Framework.Vae;
using Research.Framework.Vae.Posteriors;

namespace Research.Framework.Tests.Nn;

public class ConvNetworkTests
{
    private static readonly ConvStack Encoder28 = new([8, 16], 1, 28, 28);

    private static VaeModel ConvVae(string likelihood = "bernoulli") =>
        VaeModel.Create(new VaeSpec(new ComponentOptions(784, 4, [], Activation.Relu, EncoderConv: Encoder28), "standard_normal", "gaussian", likelihood,
            DecoderHidden: [], DecoderConv: new ConvStack([16, 8], 1, 28, 28)), new Rng(5));

    [Test]
    public void ConvEncoder_Kernel4Stride2_HalvesTheSidesAndFlattens()
    {
        var encoder = ConvEncoder.Create(Encoder28, Activation.Relu, new Rng(1));
        Assert.That(encoder.OutFeatures, Is.EqualTo(16 * 7 * 7));
        var h = encoder.Forward(Tensor.Zeros(new Shape(3, 784)));
        Assert.That(h.Shape, Is.EqualTo(new Shape(3, 16 * 7 * 7)));
        Assert.That(encoder.NamedParameters().Select(p => p.Name), Is.EqualTo(new[] { "layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias" }));
        Assert.That(encoder.Layers[1].Weight.Shape, Is.EqualTo(new Shape(16, 8, 4, 4)), "[Cout, Cin, k, k]");
    }

    [Test]
    public void ConvDecoder_MirrorsTheEncoder_ToOneBlockPerLikelihoodParameter()
    {
        var decoder = ConvDecoder.Create(4, [], new ConvStack([16, 8], 1, 28, 28), outChannels: 2, Activation.Relu, new Rng(2));
        Assert.That(decoder.Forward(Tensor.Zeros(new Shape(5, 4))).Shape, Is.EqualTo(new Shape(5, 2 * 784)));
        Assert.That(decoder.Layers[0].Weight.Shape, Is.EqualTo(new Shape(16, 8, 4, 4)), "[Cin, Cout, k, k]");
        Assert.That(decoder.Input.OutFeatures, Is.EqualTo(16 * 7 * 7));
    }

    [Test]
    public void ConvStack_SidesNotDivisible_NamesTheSides()
    {
        var error = Assert.Throws<ArgumentException>(() => _ = new ConvStack([8, 16, 32], 1, 28, 28).Bottom)!;
        Assert.That(error.Message, Does.Contain("28x28").And.Contain("8"));
        Assert.Throws<ArgumentException>(() => ConvStack.Square([8], 783));
    }

    [Test]
    public void ConvVae_Build_UsesConvolutionalEncoderAndDecoder()
    {
        var model = ConvVae("gaussian");
        var encoder = ((GaussianPosterior)model.Posterior).Encoder;
        Assert.That(encoder.Features, Is.Not.Null);
        Assert.That(encoder.Trunk, Is.Null, "no MLP widths: the heads read the flattened features (PyTorch-VAE)");
        Assert.That(model.Decoder, Is.InstanceOf<ConvDecoder>());
        Assert.That(model.Forward(Tensor.Zeros(new Shape(2, 784))).Shape, Is.EqualTo(new Shape(2, 784)));
    }

    [Test]
    public void ConvVae_OnSyntheticBars_LossFalls()
    {
        var data = SyntheticBars.Generate(64, seed: 3);
        var model = ConvVae();
        var elbo = new ObjectiveSpec(new ComponentSpec("elbo"), K: 1, Beta: 1.0, FreeBits: 0, FreeBitsGroups: 0, KlSchedule: new ComponentSpec("constant"), AnalyticKl: true);
        var step = new TrainingStep(model, new Adam(model.Parameters(), lr: 3e-3f), elbo, clipNorm: 0, Device.Native);
        var rng = new Rng(8);
        var losses = new List<float>();
        for (var epoch = 0; epoch < 12; epoch++)
        for (var b = 0; b < 4; b++)
        {
            var batch = Tensor.FromArray(data.Images.AsSpan(b * 16 * 784, 16 * 784), new Shape(16, 784));
            losses.Add(step.Take(batch, klWeight: 1.0, learningRate: 3e-3, rng.Split()).Loss);
        }
        var (first, last) = (losses.Take(4).Average(), losses.TakeLast(4).Average());
        TestContext.Out.WriteLine($"conv VAE loss: first epoch {first:F1}, last {last:F1}");
        Assert.That(losses, Is.All.Matches<float>(float.IsFinite));
        Assert.That(last, Is.LessThan(0.8 * first), "the negative ELBO falls by at least 20% in 12 epochs");
    }
}
