using Research.Framework.Tensors;

namespace Research.Framework.Optim;

/// <summary>
/// Adamax (Kingma and Ba 2015, Algorithm 2): Adam with the infinity norm,
/// u = max(b2 u, |g|), p -= lr / (1 - b1^t) * m / (u + eps).
/// </summary>
public sealed class Adamax(IReadOnlyList<Tensor> parameters, float lr = 2e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float eps = 1e-8f)
    : Optimizer(parameters, lr)
{
    private readonly float[][] _m = Buffers(parameters);
    private readonly float[][] _u = Buffers(parameters);
    private readonly float _beta1 = Adam.CheckBeta(beta1, nameof(beta1));
    private readonly float _beta2 = Adam.CheckBeta(beta2, nameof(beta2));

    private float _stepSize;

    protected override void BeginStep() => _stepSize = LearningRate / (1f - MathF.Pow(_beta1, StepCount));

    protected override void Update(int index, int offset, Span<float> p, ReadOnlySpan<float> g)
    {
        var stepSize = _stepSize;
        var m = _m[index].AsSpan(offset, p.Length);
        var u = _u[index].AsSpan(offset, p.Length);
        for (var i = 0; i < p.Length; i++)
        {
            m[i] = _beta1 * m[i] + (1f - _beta1) * g[i];
            u[i] = MathF.Max(_beta2 * u[i], MathF.Abs(g[i]) + eps);
            p[i] -= stepSize * m[i] / u[i];
        }
    }

    public override IEnumerable<(string Name, float[] Values)> State() =>
        _m.Select((b, i) => ($"m.{i}", b)).Concat(_u.Select((b, i) => ($"u.{i}", b)));
}
