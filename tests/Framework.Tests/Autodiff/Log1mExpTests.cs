using Research.Framework.Autodiff;
using Research.Framework.Tensors;

namespace Research.Framework.Tests.Autodiff;

public class Log1mExpTests
{
    [Test]
    public void Log1mExp_Forward_MatchesDoubleFormulaFromTinyToLarge()
    {
        var x = Tensor.FromArray([1e-7f, 1e-4f, 0.01f, 0.5f, 0.6931472f, 0.7f, 2f, 10f, 40f]);
        GradCheck.AssertElementwise(x.Log1mExp(), x, Reference, rtol: 2e-6, atol: 1e-7);
    }

    // 1 - e^-v by its series where the subtraction would cancel, in double.
    private static double Reference(double v) =>
        Math.Log(v < 1e-3 ? v - v * v / 2 + v * v * v / 6 - v * v * v * v / 24 : 1 - Math.Exp(-v));

    [Test]
    public void Log1mExp_Backward_MatchesFiniteDifferences() =>
        GradCheck.Check(x => x[0].Log1mExp(), [GradCheck.Uniform(61, new Shape(3, 13), 0.1f, 3f)], eps: 1e-3f);
}
