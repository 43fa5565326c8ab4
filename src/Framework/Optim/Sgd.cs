using Research.Framework.Specs;
using Research.Framework.Tensors;

namespace Research.Framework.Optim;

/// <summary>
/// Stochastic gradient descent with optional (heavy-ball) momentum, as PyTorch defines it:
/// b = mu b + g (b = g on the first step), p -= lr b; with Nesterov, p -= lr (g + mu b).
/// </summary>
public sealed class Sgd(IReadOnlyList<Tensor> parameters, float lr, float momentum = 0f, bool nesterov = false)
    : Optimizer(parameters, lr)
{
    /// <summary>The spec's options are doubles; the optimizer works in float32.</summary>
    public static OptimizerDeclaration<SgdOptions> Declaration { get; } = new("sgd", "Stochastic gradient descent with momentum", Create);

    public static Sgd Create(SgdOptions o, IReadOnlyList<Tensor> parameters) => new(parameters, (float)o.Lr, (float)o.Momentum);

    private readonly StateBuffer _velocity = new("velocity", parameters);
    private readonly float _momentum = momentum is >= 0f and < 1f ? momentum : throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "Momentum must be in [0, 1).");

    protected override void Update(int index, int offset, Span<float> p, ReadOnlySpan<float> g)
    {
        var lr = LearningRate;
        if (_momentum == 0f)
        {
            for (var i = 0; i < p.Length; i++) p[i] -= lr * g[i];
            return;
        }
        var b = _velocity.Host[index].AsSpan(offset, p.Length);
        var first = StepCount == 1;
        for (var i = 0; i < p.Length; i++)
        {
            b[i] = first ? g[i] : _momentum * b[i] + g[i];
            p[i] -= lr * (nesterov ? g[i] + _momentum * b[i] : b[i]);
        }
    }

    private protected override void UpdateOnTorch(IReadOnlyList<TorchUpdate> updates, TorchScalars s)
    {
        var lr = s.Of(-LearningRate);
        if (_momentum == 0f)
        {
            foreach (var (_, p, g) in updates) p.add_(g, lr);
            return;
        }
        var mu = s.Of(_momentum);
        var first = StepCount == 1;
        foreach (var (index, p, g) in updates)
        {
            var b = _velocity.Torch[index];
            if (first) b.copy_(g);
            else b.mul_(mu).add_(g);
            p.add_(nesterov ? g.add(b, mu) : b, lr);
        }
    }

    private protected override IReadOnlyList<StateBuffer> Buffers => [_velocity];
}

/// <summary>The options of the <c>sgd</c> optimizer.</summary>
public sealed record SgdOptions(
    [Option("learning rate", Min = 0, MinOpen = true)] double Lr = 0.01,
    [Option("momentum", Min = 0, Max = 1, MaxOpen = true)] double Momentum = 0.0);
