using System.Runtime.Intrinsics;
using Research.Framework.Tensors;

namespace Research.Framework.Optim;

/// <summary>
/// Adam (Kingma and Ba 2015, Algorithm 1) with bias correction, in PyTorch's arrangement:
/// p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps).
/// </summary>
/// <remarks>
/// <paramref name="initialSecondMoment"/> starts v at a value other than 0; the IWAE reference code
/// (Burda et al. 2016) starts it at 1. Bias correction of v is then not applied, as there.
/// </remarks>
public sealed class Adam(IReadOnlyList<Tensor> parameters, float lr = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float eps = 1e-8f, float initialSecondMoment = 0f)
    : Optimizer(parameters, lr)
{
    private readonly float[][] _m = Buffers(parameters);
    private readonly float[][] _v = Buffers(parameters, initialSecondMoment);

    public float Beta1 { get; } = CheckBeta(beta1, nameof(beta1));
    public float Beta2 { get; } = CheckBeta(beta2, nameof(beta2));
    public float Eps { get; } = eps > 0f ? eps : throw new ArgumentOutOfRangeException(nameof(eps), eps, "Adam's eps must be positive.");

    protected override void Update(int index, Span<float> p, ReadOnlySpan<float> g)
    {
        var t = StepCount;
        var stepSize = LearningRate / (1f - MathF.Pow(Beta1, t));
        var correction2 = initialSecondMoment == 0f ? MathF.Sqrt(1f - MathF.Pow(Beta2, t)) : 1f;
        var invCorrection2 = 1f / correction2;
        var m = _m[index].AsSpan();
        var v = _v[index].AsSpan();
        var (b1, b2, oneMinusB1, oneMinusB2) = (Beta1, Beta2, 1f - Beta1, 1f - Beta2);

        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var vb1 = Vector256.Create(b1); var vb2 = Vector256.Create(b2);
            var v1b1 = Vector256.Create(oneMinusB1); var v1b2 = Vector256.Create(oneMinusB2);
            var vStep = Vector256.Create(stepSize); var vInv = Vector256.Create(invCorrection2); var vEps = Vector256.Create(Eps);
            for (; i <= p.Length - 8; i += 8)
            {
                var gi = Vector256.Create(g.Slice(i, 8));
                var mi = vb1 * Vector256.Create(m.Slice(i, 8)) + v1b1 * gi;
                var vi = vb2 * Vector256.Create(v.Slice(i, 8)) + v1b2 * gi * gi;
                mi.CopyTo(m.Slice(i, 8));
                vi.CopyTo(v.Slice(i, 8));
                var pi = Vector256.Create(p.Slice(i, 8)) - vStep * mi / (Vector256.Sqrt(vi) * vInv + vEps);
                pi.CopyTo(p.Slice(i, 8));
            }
        }
        for (; i < p.Length; i++)
        {
            m[i] = b1 * m[i] + oneMinusB1 * g[i];
            v[i] = b2 * v[i] + oneMinusB2 * g[i] * g[i];
            p[i] -= stepSize * m[i] / (MathF.Sqrt(v[i]) * invCorrection2 + Eps);
        }
    }

    public override IEnumerable<(string Name, float[] Values)> State() =>
        _m.Select((b, i) => ($"m.{i}", b)).Concat(_v.Select((b, i) => ($"v.{i}", b)));

    internal static float CheckBeta(float beta, string name) =>
        beta is >= 0f and < 1f ? beta : throw new ArgumentOutOfRangeException(name, beta, "Betas must be in [0, 1).");
}
