using Research.Framework.Kernels;
using Research.Framework.Optim;
using Research.Framework.Tensors;

namespace Research.Framework.Tests.Optim;

public class OptimizerTests
{
    private static Tensor Parameter(params float[] values)
    {
        var p = Tensor.FromArray(values);
        p.RequiresGrad = true;
        return p;
    }

    private static void SetGrad(Tensor p, params float[] g)
    {
        p.ZeroGrad();
        if (p.Grad is null) p.Grad = Tensor.FromArray(g);
        else p.Grad.CopyFrom(g);
    }

    [Test]
    public void Adam_FirstStep_MovesEachCoordinateByLearningRateAgainstGradientSign()
    {
        // With bias correction, m_hat = g and v_hat = g^2 after one step, so the move is lr * g / (|g| + eps).
        var p = Parameter(1f, -2f, 3f, 0.5f, 1f, 1f, 1f, 1f, 1f, 1f, 1f);
        var adam = new Adam([p], lr: 0.1f);
        SetGrad(p, 4f, -0.01f, 100f, 1e-3f, 1f, 1f, 1f, 1f, 1f, 1f, -1f);
        adam.Step();
        Assert.That(p.Data[0], Is.EqualTo(0.9f).Within(1e-5f));
        Assert.That(p.Data[1], Is.EqualTo(-1.9f).Within(1e-4f));
        Assert.That(p.Data[2], Is.EqualTo(2.9f).Within(1e-5f));
        Assert.That(p.Data[3], Is.EqualTo(0.4f).Within(1e-4f));
        Assert.That(p.Data[10], Is.EqualTo(1.1f).Within(1e-5f), "scalar tail after the vector loop");
    }

    [Test]
    public void Adam_MatchesDoublePrecisionRecurrence_OverManySteps()
    {
        var values = Enumerable.Range(0, 19).Select(i => (float)Math.Sin(i)).ToArray();
        var p = Parameter(values);
        var adam = new Adam([p], lr: 0.01f, beta1: 0.8f, beta2: 0.95f, eps: 1e-6f);
        var (pd, m, v) = (values.Select(x => (double)x).ToArray(), new double[19], new double[19]);
        for (var t = 1; t <= 25; t++)
        {
            var g = p.ToArray().Select((x, i) => x * x - 0.3f * i).ToArray(); // any deterministic gradient
            SetGrad(p, g);
            adam.Step();
            for (var i = 0; i < 19; i++)
            {
                m[i] = 0.8 * m[i] + 0.2 * g[i];
                v[i] = 0.95 * v[i] + 0.05 * g[i] * g[i];
                var mHat = m[i] / (1 - Math.Pow(0.8, t));
                var vHat = v[i] / (1 - Math.Pow(0.95, t));
                pd[i] -= 0.01 * mHat / (Math.Sqrt(vHat) + 1e-6);
            }
        }
        Assert.That(p.ToArray(), Is.EqualTo(pd.Select(x => (float)x).ToArray()).Within(1e-4f));
    }

    [Test]
    public void Adamax_AndSgdMomentum_MatchTheirRecurrences()
    {
        var a = Parameter(1f, -1f);
        var s = Parameter(1f, -1f);
        var adamax = new Adamax([a], lr: 0.1f);
        var sgd = new Sgd([s], lr: 0.1f, momentum: 0.5f);
        double[] am = [0, 0], au = [0, 0], ap = [1, -1], sb = [0, 0], sp = [1, -1];
        for (var t = 1; t <= 5; t++)
        {
            float[] g = [t, -2f * t];
            SetGrad(a, g);
            SetGrad(s, g);
            adamax.Step();
            sgd.Step();
            for (var i = 0; i < 2; i++)
            {
                am[i] = 0.9 * am[i] + 0.1 * g[i];
                au[i] = Math.Max(0.999 * au[i], Math.Abs(g[i]) + 1e-8);
                ap[i] -= 0.1 / (1 - Math.Pow(0.9, t)) * am[i] / au[i];
                sb[i] = t == 1 ? g[i] : 0.5 * sb[i] + g[i];
                sp[i] -= 0.1 * sb[i];
            }
        }
        Assert.That(a.ToArray(), Is.EqualTo(ap.Select(x => (float)x).ToArray()).Within(1e-5f));
        Assert.That(s.ToArray(), Is.EqualTo(sp.Select(x => (float)x).ToArray()).Within(1e-5f));
    }

    [Test]
    public void ClipByGlobalNorm_ScalesAllGradientsToTheNorm_AndReturnsTheOldNorm()
    {
        var a = Parameter(0f, 0f);
        var b = Parameter(0f);
        SetGrad(a, 3f, 0f);
        SetGrad(b, 4f);
        var norm = GradientClipping.ClipByGlobalNorm([a, b], 1f);
        Assert.That(norm, Is.EqualTo(5f).Within(1e-6f));
        Assert.That(a.Grad!.ToArray(), Is.EqualTo(new[] { 0.6f, 0f }).Within(1e-5f));
        Assert.That(b.Grad!.ToArray(), Is.EqualTo(new[] { 0.8f }).Within(1e-5f));
        Assert.That(GradientClipping.ClipByGlobalNorm([a, b], 10f), Is.EqualTo(1f).Within(1e-5f), "under the limit: unchanged");
    }

    [Test]
    public void Adam_InvalidSettings_AreRejectedWithTheirName()
    {
        var p = Parameter(1f);
        Assert.That(() => new Adam([p], lr: -1f), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("learning rate"));
        Assert.That(() => new Adam([p], beta1: 1f), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("beta1"));
    }

    [Test]
    public void Adam_LargeParameters_GiveBitwiseIdenticalResultsForAnyThreadCount()
    {
        float[] Run(int threads)
        {
            var saved = ThreadTeam.ThreadCount;
            ThreadTeam.ThreadCount = threads;
            try
            {
                // 1.5x the threshold: split over up to 3 threads, the split falling inside a parameter.
                var (a, b) = (Parameter(new float[Optimizer.ParallelThreshold + 1]), Parameter(new float[Optimizer.ParallelThreshold / 2 + 3]));
                var adam = new Adam([a, b], lr: 0.01f);
                for (var t = 0; t < 3; t++)
                {
                    SetGrad(a, Enumerable.Range(0, a.Size).Select(i => MathF.Sin(i + t)).ToArray());
                    SetGrad(b, Enumerable.Range(0, b.Size).Select(i => MathF.Cos(i * t)).ToArray());
                    adam.Step();
                }
                return [.. a.ToArray(), .. b.ToArray()];
            }
            finally
            {
                ThreadTeam.ThreadCount = saved;
            }
        }
        Assert.That(Run(2), Is.EqualTo(Run(1)));
        Assert.That(Run(3), Is.EqualTo(Run(1)));
    }

    [TestCase("adam")]
    [TestCase("adamax")]
    [TestCase("sgd")]
    public void Restore_FromAnotherOptimizersState_ContinuesBitwiseLikeTheUninterruptedOne(string kind)
    {
        static Optimizer Create(string kind, Tensor p) => kind switch
        {
            "adam" => new Adam([p], lr: 0.01f, initialSecondMoment: 1f),
            "adamax" => new Adamax([p], lr: 0.01f),
            _ => new Sgd([p], lr: 0.01f, momentum: 0.9f),
        };
        static float[] Gradient(Tensor p) => p.ToArray().Select((x, i) => MathF.Sin(x * 3 + i)).ToArray();
        var values = Enumerable.Range(0, 37).Select(i => (float)Math.Cos(i)).ToArray();

        var straight = Parameter(values);
        var uninterrupted = Create(kind, straight);
        for (var t = 0; t < 20; t++) { SetGrad(straight, Gradient(straight)); uninterrupted.Step(); }

        var first = Parameter(values);
        var before = Create(kind, first);
        for (var t = 0; t < 12; t++) { SetGrad(first, Gradient(first)); before.Step(); }
        var saved = before.State().ToDictionary(s => s.Name, s => s.Values.ToArray());
        var resumedParameter = Parameter(first.ToArray());
        var after = Create(kind, resumedParameter);
        after.Restore(before.StepCount, saved);
        for (var t = 12; t < 20; t++) { SetGrad(resumedParameter, Gradient(resumedParameter)); after.Step(); }

        Assert.That(after.StepCount, Is.EqualTo(20));
        Assert.That(resumedParameter.ToArray(), Is.EqualTo(straight.ToArray()), "bitwise equal");
    }

    [Test]
    public void Restore_StateOfAnotherShape_IsRefusedWithTheBufferName()
    {
        var adam = new Adam([Parameter(1f, 2f, 3f)]);
        var state = adam.State().ToDictionary(s => s.Name, s => s.Values.ToArray());
        state["v.0"] = [1f];
        var e = Assert.Throws<InvalidDataException>(() => adam.Restore(5, state));
        Assert.That(e!.Message, Does.Contain("v.0"));
        Assert.That(adam.StepCount, Is.Zero, "nothing restored");
    }

    [Test]
    public void Adam_SecondMomentStartedAtOne_StepsAsTheIwaeReferenceCode()
    {
        // yburda/iwae optimizers.py: v0 = 1, alpha_t = lr sqrt(1 - b2^t) / (1 - b1^t), p -= alpha_t m / (sqrt(v) + 1e-4).
        var values = Enumerable.Range(0, 21).Select(i => (float)Math.Cos(i)).ToArray();
        var p = Parameter(values);
        var adam = new Adam([p], lr: 1e-3f, beta1: 0.99f, beta2: 0.999f, eps: 1e-4f, initialSecondMoment: 1f);
        var (pd, m, v) = (values.Select(x => (double)x).ToArray(), new double[21], Enumerable.Repeat(1.0, 21).ToArray());
        for (var t = 1; t <= 30; t++)
        {
            var g = p.ToArray().Select((x, i) => 3 * x - 0.1f * i).ToArray();
            SetGrad(p, g);
            adam.Step();
            var alpha = 1e-3 * Math.Sqrt(1 - Math.Pow(0.999, t)) / (1 - Math.Pow(0.99, t));
            for (var i = 0; i < 21; i++)
            {
                m[i] = 0.99 * m[i] + 0.01 * g[i];
                v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
                pd[i] -= alpha * m[i] / (Math.Sqrt(v[i]) + 1e-4);
            }
        }
        Assert.That(p.ToArray(), Is.EqualTo(pd.Select(x => (float)x).ToArray()).Within(1e-5f));
    }
}
