using Research.Framework.Autodiff;
using Research.Framework.Randomness;
using Research.Framework.Tensors;
using Research.Framework.Tests.Autodiff;
using Research.Framework.Vae.Flows;

namespace Research.Framework.Tests.Vae.Flows;

/// <summary>
/// The battery every registered flow must pass (Pyro's transform tests): it runs over
/// <see cref="FlowRegistry.Names"/>, at stack positions 0 and 1 (flows alternate orderings and
/// masks by position), with parameters perturbed away from their initialization.
/// </summary>
public class FlowConformanceTests
{
    private const int Latent = 4;
    private const int ContextSize = 3;
    private const int Rows = 5;

    public static IEnumerable<TestCaseData> Cases() =>
        FlowRegistry.Names.SelectMany(name => new[] { 0, 1 }.Select(index => new TestCaseData(name, index)));

    /// <summary>A step with every parameter moved by N(0, 0.4²) noise, rows z ~ N(0, 1.5²) and a context ~ N(0, 1).</summary>
    private static (FlowTransform Flow, Tensor Z, Tensor Context) Build(string name, int index, int latent = Latent)
    {
        var rng = new Rng((ulong)(1000 + 17 * index + name.Length * 131 + name[0]));
        var flow = FlowRegistry.Create(name, latent, ContextSize, index, rng.Split());
        var noise = rng.Split();
        foreach (var p in flow.Parameters())
            for (var i = 0; i < p.Size; i++) p.Data[i] += 0.4f * noise.NextNormal();
        var z = Tensor.Empty(new Shape(Rows, latent));
        rng.Normal(z.Data, 0f, 1.5f);
        var context = Tensor.Empty(new Shape(Rows, ContextSize));
        rng.Normal(context.Data);
        return (flow, z, context);
    }

    [TestCaseSource(nameof(Cases))]
    public void Forward_AnyFlow_ReturnsRowsAndOneLogDetPerRow(string name, int index)
    {
        var (flow, z, context) = Build(name, index);
        var (zNew, logDet) = flow.Forward(z, context);
        Assert.That(zNew.Shape, Is.EqualTo(new Shape(Rows, Latent)));
        Assert.That(logDet.Shape, Is.EqualTo(new Shape(Rows)));
        Assert.That(zNew.ToArray().Concat(logDet.ToArray()).All(float.IsFinite), Is.True);
        Assert.That(zNew.ToArray(), Is.Not.EqualTo(z.ToArray()), "the perturbed step should move z");
    }

    [TestCaseSource(nameof(Cases))]
    public void LogDet_AnyFlow_MatchesLogDetOfFiniteDifferenceJacobian(string name, int index)
    {
        var (flow, z, context) = Build(name, index);
        var (_, logDet) = flow.Forward(z, context);
        for (var r = 0; r < Rows; r++)
        {
            var rounding = new double[Latent, Latent];
            var jacobian = FlowNumerics.Jacobian(flow, FlowNumerics.RowOf(z, r), FlowNumerics.RowOf(context, r), roundingError: rounding);
            var (expected, sign) = FlowNumerics.LogAbsDet(jacobian);
            Assert.That(sign, Is.EqualTo(1), $"row {r}: every registered flow is orientation-preserving where it is invertible");
            // Finite differences of a float32 function: ~1e-4 per Jacobian entry (truncation and the float32 step),
            // plus the outputs' rounding carried through J^-1 (it dominates where the flow squeezes a direction hard).
            var roundingBound = FlowNumerics.LogAbsDetErrorBound(jacobian, rounding);
            Assert.That((double)logDet.Data[r], Is.EqualTo(expected).Within(3e-3 + 1e-3 * Math.Abs(expected) + roundingBound),
                $"row {r} (rounding bound {roundingBound:G3})");
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void LogDet_OnItsOwnRow_EqualsItsValueInTheBatch(string name, int index)
    {
        var (flow, z, context) = Build(name, index);
        var (zBatch, logDetBatch) = flow.Forward(z, context);
        for (var r = 0; r < Rows; r++)
        {
            var (zRow, logDetRow) = flow.Forward(z.Slice(0, r, 1), context.Slice(0, r, 1));
            Assert.That(zRow.ToArray(), Is.EqualTo(FlowNumerics.RowOf(zBatch, r)).Within(1e-5));
            Assert.That(logDetRow.Item(), Is.EqualTo(logDetBatch.Data[r]).Within(1e-5));
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void Backward_AnyFlow_GivesFiniteGradientsToEveryParameterAndInput(string name, int index)
    {
        var (flow, z, context) = Build(name, index);
        z.RequiresGrad = true;
        context.RequiresGrad = true;
        var (zNew, logDet) = flow.Forward(z, context);
        zNew.Square().Sum().Add(logDet.Sum()).Backward();
        foreach (var (paramName, p) in flow.NamedParameters())
        {
            Assert.That(p.Grad, Is.Not.Null, $"{paramName} received no gradient");
            Assert.That(p.Grad!.ToArray().All(float.IsFinite), Is.True, $"{paramName} has a non-finite gradient");
        }
        Assert.That(z.Grad!.ToArray().All(float.IsFinite), Is.True);
    }

    [TestCaseSource(nameof(Cases))]
    public void Gradients_OfZAndLogDet_MatchFiniteDifferences(string name, int index)
    {
        var (flow, z, context) = Build(name, index, latent: 3);
        foreach (var p in flow.Parameters()) p.Grad = null;
        Tensor[] inputs = [.. flow.Parameters(), z];
        GradCheck.Check(
            _ =>
            {
                var (zNew, logDet) = flow.Forward(z, context);
                return zNew.Concat(logDet.Reshape(Rows, 1), axis: 1);
            },
            inputs, eps: 5e-3f, rtol: 2e-2, atol: 3e-3, maxElementsPerInput: 24);
    }

    [TestCaseSource(nameof(Cases))]
    public void Jacobian_OfAutoregressiveFlow_IsTriangularInDegreeOrder(string name, int index)
    {
        var (flow, z, context) = Build(name, index);
        if (flow is not IAutoregressiveFlow autoregressive)
        {
            Assert.Pass($"{name} is not autoregressive");
            return;
        }
        var degrees = autoregressive.Degrees;
        Assert.That(degrees.Order(), Is.EqualTo(Enumerable.Range(1, Latent)), "degrees are a permutation of 1..D");
        var dependsOnLower = false;
        for (var r = 0; r < Rows; r++)
        {
            var jacobian = FlowNumerics.Jacobian(flow, FlowNumerics.RowOf(z, r), FlowNumerics.RowOf(context, r));
            for (var i = 0; i < Latent; i++)
            for (var j = 0; j < Latent; j++)
            {
                if (degrees[j] > degrees[i])
                    Assert.That(jacobian[i, j], Is.EqualTo(0.0), $"row {r}: dz'_{i}/dz_{j} with degrees {degrees[i]} < {degrees[j]}");
                else if (degrees[j] < degrees[i] && Math.Abs(jacobian[i, j]) > 1e-3)
                    dependsOnLower = true;
            }
        }
        Assert.That(dependsOnLower, Is.True, "outputs should depend on inputs of lower degree");
    }
}
