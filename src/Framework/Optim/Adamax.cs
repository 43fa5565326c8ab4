using Research.Framework.Specs;
using Research.Framework.Tensors;
using TorchSharp;

namespace Research.Framework.Optim;

/// <summary>
/// Adamax (Kingma and Ba 2015, Algorithm 2): Adam with the infinity norm,
/// u = max(b2 u, |g|), p -= lr / (1 - b1^t) * m / (u + eps).
/// </summary>
public sealed class Adamax(IReadOnlyList<Tensor> parameters, float lr = 2e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float eps = 1e-8f)
    : Optimizer(parameters, lr)
{
    /// <summary>The spec's options are doubles; the optimizer works in float32.</summary>
    public static OptimizerDeclaration<AdamaxOptions> Declaration { get; } = new("adamax", "Adamax, the infinity-norm Adam variant (Kingma & Ba 2015)", Create);

    public static Adamax Create(AdamaxOptions o, IReadOnlyList<Tensor> parameters) =>
        new(parameters, (float)o.Lr, (float)o.Beta1, (float)o.Beta2, (float)o.Eps);

    private readonly StateBuffer _m = new("m", parameters);
    private readonly StateBuffer _u = new("u", parameters);
    private readonly float _beta1 = Adam.CheckBeta(beta1, nameof(beta1));
    private readonly float _beta2 = Adam.CheckBeta(beta2, nameof(beta2));

    private float _stepSize;

    protected override void BeginStep() => _stepSize = LearningRate / (1f - MathF.Pow(_beta1, StepCount));

    protected override void Update(int index, int offset, Span<float> p, ReadOnlySpan<float> g)
    {
        var stepSize = _stepSize;
        var m = _m.Host[index].AsSpan(offset, p.Length);
        var u = _u.Host[index].AsSpan(offset, p.Length);
        for (var i = 0; i < p.Length; i++)
        {
            m[i] = _beta1 * m[i] + (1f - _beta1) * g[i];
            u[i] = MathF.Max(_beta2 * u[i], MathF.Abs(g[i]) + eps);
            p[i] -= stepSize * m[i] / u[i];
        }
    }

    private protected override void UpdateOnTorch(IReadOnlyList<TorchUpdate> updates, TorchScalars s)
    {
        var (b1, b2, c1, step, e) = (s.Of(_beta1), s.Of(_beta2), s.Of(1f - _beta1), s.Of(-_stepSize), s.Of(eps));
        foreach (var (index, p, g) in updates)
        {
            var (m, u) = (_m.Torch[index], _u.Torch[index]);
            m.mul_(b1).add_(g, c1);
            u.copy_(torch.maximum(u.mul_(b2), g.abs().add_(e))); // LibTorch has no in-place maximum
            p.addcdiv_(m, u, step);
        }
    }

    private protected override IReadOnlyList<StateBuffer> Buffers => [_m, _u];
}

/// <summary>The options of the <c>adamax</c> optimizer.</summary>
public sealed record AdamaxOptions(
    [Option("learning rate", Min = 0, MinOpen = true)] double Lr = 0.002,
    [Option("denominator epsilon", Min = 0, MinOpen = true)] double Eps = 1e-8,
    [Option("first-moment decay", Min = 0, Max = 1, MaxOpen = true)] double Beta1 = 0.9,
    [Option("infinity-norm decay", Min = 0, Max = 1, MaxOpen = true)] double Beta2 = 0.999);
