using Research.Framework.Tensors;

namespace Research.Framework.Optim;

/// <summary>
/// Stochastic gradient descent with optional (heavy-ball) momentum, as PyTorch defines it:
/// b = mu b + g (b = g on the first step), p -= lr b; with Nesterov, p -= lr (g + mu b).
/// </summary>
public sealed class Sgd(IReadOnlyList<Tensor> parameters, float lr, float momentum = 0f, bool nesterov = false)
    : Optimizer(parameters, lr)
{
    private readonly float[][] _velocity = Buffers(parameters);
    private readonly float _momentum = momentum is >= 0f and < 1f ? momentum : throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "Momentum must be in [0, 1).");

    protected override void Update(int index, int offset, Span<float> p, ReadOnlySpan<float> g)
    {
        var lr = LearningRate;
        if (_momentum == 0f)
        {
            for (var i = 0; i < p.Length; i++) p[i] -= lr * g[i];
            return;
        }
        var b = _velocity[index].AsSpan(offset, p.Length);
        var first = StepCount == 1;
        for (var i = 0; i < p.Length; i++)
        {
            b[i] = first ? g[i] : _momentum * b[i] + g[i];
            p[i] -= lr * (nesterov ? g[i] + _momentum * b[i] : b[i]);
        }
    }

    public override IEnumerable<(string Name, float[] Values)> State() => _velocity.Select((b, i) => ($"velocity.{i}", b));
}
