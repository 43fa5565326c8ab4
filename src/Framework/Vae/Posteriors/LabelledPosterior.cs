using Research.Framework.Autodiff;
using Research.Framework.Nn;
using Research.Framework.Randomness;
using Research.Framework.Tensors;

namespace Research.Framework.Vae.Posteriors;

/// <summary>
/// The recognition network of a conditional VAE, q(z|x, y) (Sohn et al. 2015, eq. 4): any posterior
/// built on rows of width P + C, fed [x, onehot(y)]. <see cref="Labels"/> is the one-hot batch [B, C] of a
/// view bound by <see cref="VaeModel.Given"/>; the model's own (unbound) posterior has none and refuses to encode.
/// </summary>
public sealed record LabelledPosterior(IPosterior Inner) : Module, IPosterior
{
    /// <summary>The one-hot labels [B, C] of the batch this view encodes (null on the trained model itself).</summary>
    [Buffer]
    public Tensor? Labels { get; init; }

    public int Latent => Inner.Latent;

    public PosteriorSample Sample(Tensor x, int k, Rng rng) => Inner.Sample(WithLabels(x), k, rng);

    /// <summary>The inner posterior's deterministic code of [x, onehot(y)] (reconstructions).</summary>
    public override Tensor Forward(Tensor x) =>
        Inner is Module encoder
            ? encoder.Forward(WithLabels(x))
            : throw new NotSupportedException($"{Inner.GetType().Name} has no deterministic code.");

    private Tensor WithLabels(Tensor x)
    {
        var labels = Labels ?? throw new InvalidOperationException(
            "This posterior is conditioned on labels (model.condition.on: label): encode through VaeModel.Given(onehot(y)).");
        if (labels.Shape.Rows != x.Shape.Rows)
            throw new ArgumentException($"The batch has {x.Shape.Rows} rows but {labels.Shape.Rows} labels.");
        return x.Concat(labels, axis: 1);
    }
}
