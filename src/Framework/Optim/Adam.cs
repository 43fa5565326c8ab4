using System.Runtime.Intrinsics;
using Research.Framework.Specs;
using Research.Framework.Tensors;

namespace Research.Framework.Optim;

/// <summary>
/// Adam (Kingma and Ba 2015, Algorithm 1) with bias correction, in PyTorch's arrangement:
/// p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps).
/// </summary>
/// <remarks>
/// <paramref name="initialSecondMoment"/> starts v at a value other than 0; the IWAE reference code
/// (Burda et al. 2016, github.com/yburda/iwae, optimizers.py) starts it at 1 and steps by
/// lr sqrt(1 - beta2^t) / (1 - beta1^t) * m / (sqrt(v) + eps): the bias corrections of Kingma and
/// Ba (2015, section 2, the form before Algorithm 1's last line) with eps added to the uncorrected
/// sqrt(v). That form is used whenever v does not start at 0. (The reference code also reads the
/// moments from before the current gradient, a one-step lag not reproduced here.)
/// </remarks>
public sealed class Adam(IReadOnlyList<Tensor> parameters, float lr = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float eps = 1e-8f, float initialSecondMoment = 0f)
    : Optimizer(parameters, lr)
{
    /// <summary>The spec's options are doubles; the optimizer works in float32.</summary>
    public static OptimizerDeclaration<AdamOptions> Declaration { get; } = new("adam", "Adam (Kingma & Ba 2015)", Create);

    public static Adam Create(AdamOptions o, IReadOnlyList<Tensor> parameters) =>
        new(parameters, (float)o.Lr, (float)o.Beta1, (float)o.Beta2, (float)o.Eps, (float)o.InitialSecondMoment);

    private readonly StateBuffer _m = new("m", parameters);
    private readonly StateBuffer _v = new("v", parameters, initialSecondMoment);
    private float _stepSize, _invCorrection2, _eps;

    public float Beta1 { get; } = CheckBeta(beta1, nameof(beta1));
    public float Beta2 { get; } = CheckBeta(beta2, nameof(beta2));
    public float Eps { get; } = eps > 0f ? eps : throw new ArgumentOutOfRangeException(nameof(eps), eps, "Adam's eps must be positive.");

    protected override void BeginStep()
    {
        _stepSize = LearningRate / (1f - MathF.Pow(Beta1, StepCount));
        _invCorrection2 = 1f / MathF.Sqrt(1f - MathF.Pow(Beta2, StepCount));
        // m_hat / (sqrt(v_hat) + eps), or with v started above 0: m_hat / ((sqrt(v) + eps) / sqrt(1 - beta2^t)).
        _eps = initialSecondMoment == 0f ? Eps : Eps * _invCorrection2;
    }

    protected override void Update(int index, int offset, Span<float> p, ReadOnlySpan<float> g)
    {
        var m = _m.Host[index].AsSpan(offset, p.Length);
        var v = _v.Host[index].AsSpan(offset, p.Length);
        var (b1, b2, c1, c2, step, inv, eps) = (Beta1, Beta2, 1f - Beta1, 1f - Beta2, _stepSize, _invCorrection2, _eps);
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= p.Length - 16; i += 16)
            {
                var gi = Vector512.Create(g.Slice(i, 16));
                var mi = b1 * Vector512.Create(m.Slice(i, 16)) + c1 * gi;
                var vi = b2 * Vector512.Create(v.Slice(i, 16)) + c2 * gi * gi;
                mi.CopyTo(m.Slice(i, 16));
                vi.CopyTo(v.Slice(i, 16));
                (Vector512.Create(p.Slice(i, 16)) - step * mi / (Vector512.Sqrt(vi) * inv + Vector512.Create(eps))).CopyTo(p.Slice(i, 16));
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= p.Length - 8; i += 8)
            {
                var gi = Vector256.Create(g.Slice(i, 8));
                var mi = b1 * Vector256.Create(m.Slice(i, 8)) + c1 * gi;
                var vi = b2 * Vector256.Create(v.Slice(i, 8)) + c2 * gi * gi;
                mi.CopyTo(m.Slice(i, 8));
                vi.CopyTo(v.Slice(i, 8));
                (Vector256.Create(p.Slice(i, 8)) - step * mi / (Vector256.Sqrt(vi) * inv + Vector256.Create(eps))).CopyTo(p.Slice(i, 8));
            }
        }
        for (; i < p.Length; i++)
        {
            m[i] = b1 * m[i] + c1 * g[i];
            v[i] = b2 * v[i] + c2 * g[i] * g[i];
            p[i] -= step * m[i] / (MathF.Sqrt(v[i]) * inv + eps);
        }
    }

    private protected override void UpdateOnTorch(IReadOnlyList<TorchUpdate> updates, TorchScalars s)
    {
        var (b1, b2, c1, c2, step, inv, eps) = (s.Of(Beta1), s.Of(Beta2), s.Of(1f - Beta1), s.Of(1f - Beta2), s.Of(-_stepSize), s.Of(_invCorrection2), s.Of(_eps));
        foreach (var (index, p, g) in updates)
        {
            var (m, v) = (_m.Torch[index], _v.Torch[index]);
            m.mul_(b1).add_(g, c1);
            v.mul_(b2).addcmul_(g, g, c2);
            p.addcdiv_(m, v.sqrt().mul_(inv).add_(eps), step);
        }
    }

    private protected override IReadOnlyList<StateBuffer> Buffers => [_m, _v];

    internal static float CheckBeta(float beta, string name) =>
        beta is >= 0f and < 1f ? beta : throw new ArgumentOutOfRangeException(name, beta, "Betas must be in [0, 1).");
}

/// <summary>The options of the <c>adam</c> optimizer.</summary>
public sealed record AdamOptions(
    [Option("learning rate", Min = 0, MinOpen = true)] double Lr = 0.001,
    [Option("denominator epsilon", Min = 0, MinOpen = true)] double Eps = 1e-8,
    [Option("first-moment decay", Min = 0, Max = 1, MaxOpen = true)] double Beta1 = 0.9,
    [Option("second-moment decay", Min = 0, Max = 1, MaxOpen = true)] double Beta2 = 0.999,
    [Option("starting value of the second moment (the IWAE reference code starts at 1.0)", Min = 0)] double InitialSecondMoment = 0.0);
