using Research.Framework.Autodiff;
using Research.Framework.Tensors;

namespace Research.Framework.Tests.Autodiff;

public class ScopeAllocationTests
{
    private static readonly int[] Picks = [3, 0, 3, 1];

    // Shapes are made once: in this Debug-built (unoptimized) test assembly a span of constants such
    // as new Shape(4, 5) or Reshape(Triples) allocates 72 bytes per call (RuntimeHelpers.CreateSpan is
    // not expanded), which would be counted against the ops.
    private static readonly Shape Grid = new(4, 5);
    private static readonly Shape Triples = new(8, 3);
    private static readonly Shape Flat = new(24);

    /// <summary>Persistent parameters and data for a step that uses every op, forward and backward.</summary>
    private sealed class Model
    {
        public readonly Tensor X = GradCheck.Uniform(91, new Shape(4, 6));
        public readonly Tensor W1 = Param(92, new Shape(6, 5));
        public readonly Tensor B1 = Param(93, new Shape(5));
        public readonly Tensor W2 = Param(94, new Shape(5, 5));
        public readonly Tensor Mask = GradCheck.Uniform(95, new Shape(5, 5), 0f, 1f).Clamp(0f, 1f);
        public readonly Tensor Scale = Param(96, new Shape(5));
        public readonly Tensor W3 = Param(97, new Shape(24, 2));
        public readonly Tensor Pixels = GradCheck.Uniform(98, new Shape(2, 5), 0f, 1f);

        private static Tensor Param(ulong seed, Shape shape)
        {
            var t = GradCheck.Uniform(seed, shape);
            t.RequiresGrad = true;
            return t;
        }

        public float Step()
        {
            using var scope = TensorScope.Begin();
            var h = X.Linear(W1, B1).Tanh();
            var m = h.MaskedMatMul(W2, Mask).Elu(0.5f).LeakyRelu(0.1f).Relu().AddScalar(0.5f);
            var s = Scale.Softplus().Sigmoid().Expand(Grid);
            var r = m.Divide(s).Subtract(Scale).Multiply(h).Negate().MulScalar(0.3f);
            var both = r.Concat(h, 1).Slice(1, 2, 6).Reshape(Triples).GatherRows(Picks).Transpose();
            var positive = both.Square().AddScalar(1f);
            var terms = positive.Sqrt().Log().Log1p().Exp().Pow(2f).Abs().Clamp(-5f, 5f).LogSigmoid();
            var loss = terms.LogSumExp(1, keepDim: true).Sum(0).Mean().Add(r.Sum(0).Mean(0)).Add(h.Mean(1).Sum()).Add(X.Reshape(Flat).Linear(W3).Sum());
            // The fused likelihood ops: 4 rows of h as K = 2 samples of the 2 rows of Pixels.
            loss = loss.Add(h.LinearBernoulliLogProb(W2, B1, Pixels).Sum()).Add(m.BernoulliLogProb(Pixels).Sum());
            using (NoGrad.Begin()) h.LinearBernoulliLogProb(W2, B1, Pixels);
            loss.Backward();
            return loss.Item();
        }

        public void ZeroGrad()
        {
            foreach (var p in (ReadOnlySpan<Tensor>)[W1, B1, W2, Scale, W3]) p.ZeroGrad();
        }
    }

    [Test]
    public void Step_WarmInsideScope_AllocatesNothing()
    {
        var model = new Model();
        for (var i = 0; i < 3; i++)
        {
            model.ZeroGrad();
            model.Step();
        }
        model.ZeroGrad();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var loss = model.Step();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(float.IsFinite(loss), $"loss {loss}");
        Assert.That(allocated, Is.EqualTo(0), "bytes allocated by a warm step");
    }

    [Test]
    public void Step_RepeatedWithZeroedGrads_GivesIdenticalGradients()
    {
        var model = new Model();
        model.Step();
        var first = model.W1.Grad!.ToArray();
        model.ZeroGrad();
        model.Step();
        Assert.That(model.W1.Grad!.ToArray(), Is.EqualTo(first));
    }
}
