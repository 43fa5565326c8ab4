using Research.Experiments.Runner;
using Research.Framework.Nn;
using Research.Framework.Randomness;
using Research.Framework.Specs;
using Research.Framework.Vae;
using Research.Framework.Vae.Posteriors;

namespace Research.Experiments.Tests.Runner;

/// <summary>model.encoder.conv / model.decoder.conv from YAML to a model (issue 21); MLP stays the default.</summary>
public class ConvModelFactoryTests
{
    private static VaeModel Build(string model, int inputSize = 784) =>
        ModelFactory.Create(SpecLoader.Parse("model:\n" + model).Model, inputSize, new Rng(1));

    [Test]
    public void Create_ConvEncoderAndDecoder_BuildsThePyTorchVaeShape()
    {
        var model = Build("""
              latent: 10
              encoder: { conv: [32, 64], mlp: [], activation: relu }
              decoder: { conv: [64, 32], mlp: [], activation: relu }
            """);
        var encoder = ((GaussianPosterior)model.Posterior).Encoder;
        Assert.That(encoder.Features!.Layers.Select(l => l.OutChannels), Is.EqualTo(new[] { 32, 64 }));
        Assert.That(encoder.MeanHead.InFeatures, Is.EqualTo(64 * 7 * 7), "a linear to the latent from the flattened 7x7x64 features");
        var decoder = (ConvDecoder)model.Decoder;
        Assert.That(decoder.Layers.Select(l => l.OutChannels), Is.EqualTo(new[] { 32, 1 }));
    }

    [Test]
    public void Create_WithoutConv_IsTheMlpAsBefore()
    {
        var model = Build("  latent: 5\n", inputSize: 12);
        Assert.That(((GaussianPosterior)model.Posterior).Encoder.Features, Is.Null);
        Assert.That(model.Decoder, Is.InstanceOf<Mlp>());
    }

    [Test]
    public void Create_ConvWithAFlowPosterior_IsAnErrorNamingTheKey()
    {
        var error = Assert.Throws<ArgumentException>(() => Build("""
              latent: 4
              encoder: { conv: [8] }
              posterior: { planar: { length: 2 } }
            """))!;
        Assert.That(error.Message, Does.Contain("model.encoder.conv"));
    }
}
