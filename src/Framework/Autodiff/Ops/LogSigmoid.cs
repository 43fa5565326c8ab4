using Research.Framework.Tensors;
using TorchSharp;

namespace Research.Framework.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// y = ln sigmoid(x) = -softplus(-x) = min(x, 0) - log1p(e^-|x|), finite for every finite x
    /// (the Bernoulli log-likelihood with logits). dx = sigmoid(-x) * dy.
    /// </summary>
    public static Tensor LogSigmoid(this Tensor x)
    {
        if (TorchOps.Any(x)) return TorchOps.Unary(x, static t => torch.nn.functional.logsigmoid(t));
        var y = Tensor.Empty(x.Shape);
        StableMath.SignedSoftplus(x.Data, -1f, y.Data);
        return Graph.Record(y, LogSigmoidGrad.Instance, x);
    }

    private sealed class LogSigmoidGrad : UnaryGrad
    {
        public static readonly LogSigmoidGrad Instance = new();

        public override string Name => "LogSigmoid";

        protected override void Derivative(Tensor x, Tensor y, GradNode node, Span<float> d)
        {
            // sigmoid(-x) directly, not 1 - sigmoid(x), which loses everything below 6e-8.
            TensorPrimitives.Negate(x.Data, d);
            TensorPrimitives.Sigmoid(d, d);
        }
    }
}
