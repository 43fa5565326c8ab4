using Research.Framework.Autodiff;
using Research.Framework.Nn;
using Research.Framework.Probability;
using Research.Framework.Randomness;
using Research.Framework.Tensors;
using Research.Framework.Specs;

namespace Research.Framework.Vae.Priors;

/// <summary>
/// The VampPrior (Tomczak and Welling 2018, eq. 9): p(z) = (1/K) Σ_k q(z | u_k), a mixture of the
/// variational posterior at K learned pseudo-inputs u_k [K, P], evaluated through the model's own
/// encoder. Setting "pseudo_inputs" (K, default 500; the spec's key).
/// </summary>
/// <remarks>
/// The encoder belongs to the posterior: this prior refers to it without owning it, so its
/// parameters are listed (and trained) once, under the posterior. Pseudo-inputs start uniform in
/// [0, 1] (pixel intensities).
/// </remarks>
public sealed record VampPrior : Module, IPrior
{
    private readonly IGaussianEncoder _encoder;

    public VampPrior(Tensor pseudoInputs, IGaussianEncoder encoder)
    {
        PseudoInputs = pseudoInputs;
        _encoder = encoder;
    }

    /// <summary>The learned pseudo-inputs u_k, [K, P].</summary>
    public Tensor PseudoInputs { get; }

    public int Latent => _encoder.Latent;

    public int Components => PseudoInputs.Shape.Rows;

    /// <summary>Needs a posterior that is one Gaussian over the whole latent (the "gaussian" posterior).</summary>
    public static PriorDeclaration<VampPriorOptions> Declaration { get; } = new("vampprior",
        "VampPrior: mixture of posteriors at learned pseudo-inputs (Tomczak & Welling 2018)",
        (options, model, posterior, rng) => Create(options.PseudoInputs, model.InputSize, posterior, rng));

    public static VampPrior Create(int k, int inputSize, IPosterior posterior, Rng rng)
    {
        if (posterior is not IGaussianEncoder encoder)
            throw new NotSupportedException(
                $"The VampPrior evaluates q(z|u_k) through the posterior's encoder, which must be one diagonal Gaussian over the whole latent (IGaussianEncoder, e.g. the 'gaussian' posterior); {posterior.GetType().Name} is not.");
        if (k < 1) throw new ArgumentException($"Setting 'pseudo_inputs' must be positive, got {k}.");
        var u = Initializers.Parameter(new Shape(k, inputSize));
        rng.Uniform(u.Data); // a fresh host parameter: the model is moved to its device after construction
        return new VampPrior(u, encoder);
    }

    /// <summary>log p(z) = logsumexp_k log q(z | u_k) - log K, [N].</summary>
    public Tensor LogProb(Tensor z)
    {
        var q = _encoder.Encode(PseudoInputs);
        var logWeights = Tensor.Full(new Shape(Components), -MathF.Log(Components), PseudoInputs.Device);
        return NormalDensity.MixtureLogDensity(z, logWeights, q.Mean, q.LogStd);
    }

    /// <summary>
    /// n draws on the pseudo-inputs' device: a pseudo-input uniformly, then z ~ q(z | u_k) (no
    /// gradient). Drawn on the host from host copies of the components.
    /// </summary>
    public Tensor Sample(int n, Rng rng)
    {
        using var noGrad = NoGrad.Begin();
        var q = _encoder.Encode(PseudoInputs);
        var d = q.Dim;
        var (means, logStds) = (q.Mean.ToHost(), q.LogStd.ToHost());
        var z = Tensor.Empty(new Shape(n, d));
        for (var r = 0; r < n; r++)
        {
            var k = rng.NextInt(Components);
            var row = z.Row(r);
            for (var j = 0; j < d; j++) row[j] = means.Data[k * d + j] + MathF.Exp(logStds.Data[k * d + j]) * rng.NextNormal();
        }
        return z.To(PseudoInputs.Device);
    }

    /// <summary>log p(z), [N].</summary>
    public override Tensor Forward(Tensor x) => LogProb(x);
}

/// <summary>The options of <c>vampprior</c>.</summary>
public sealed record VampPriorOptions([Option("number of pseudo-inputs", Min = 1)] int PseudoInputs = 500);
