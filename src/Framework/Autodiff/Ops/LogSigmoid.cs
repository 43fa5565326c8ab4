using Research.Framework.Tensors;

namespace Research.Framework.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// y = ln sigmoid(x) = -softplus(-x) = min(x, 0) - log1p(e^-|x|), finite for every finite x
    /// (the Bernoulli log-likelihood with logits). dx = sigmoid(-x) * dy.
    /// </summary>
    public static Tensor LogSigmoid(this Tensor x)
    {
        var y = Tensor.Empty(x.Shape);
        StableMath.SignedSoftplus(x.Data, -1f, y.Data);
        return Graph.Record(y, LogSigmoidGrad.Instance, x);
    }

    private sealed class LogSigmoidGrad : IGradFn
    {
        public static readonly LogSigmoidGrad Instance = new();

        public string Name => "LogSigmoid";

        public void Backward(Tensor y)
        {
            var x = y.InputA!;
            if (!x.RequiresGrad) return;
            var gx = x.GradData();
            using var scratch = TensorScope.Begin();
            var s = Tensor.Empty(x.Shape);
            // sigmoid(-x) directly, not 1 - sigmoid(x), which loses everything below 6e-8.
            TensorPrimitives.Negate(x.Data, s.Data);
            TensorPrimitives.Sigmoid(s.Data, s.Data);
            TensorPrimitives.MultiplyAdd(y.Grad!.Data, s.Data, gx, gx);
        }
    }
}
