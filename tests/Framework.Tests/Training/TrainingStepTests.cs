using Research.Framework.Autodiff;
using Research.Framework.Nn;
using Research.Framework.Objectives;
using Research.Framework.Optim;
using Research.Framework.Randomness;
using Research.Framework.Specs;
using Research.Framework.Tensors;
using Research.Framework.Training;
using Research.Framework.Vae;

namespace Research.Framework.Tests.Training;

public class TrainingStepTests
{
    private static VaeModel Tiny() =>
        VaeModel.Create(new VaeSpec(new ComponentOptions(3, 2, [4], Activation.Tanh), "standard_normal", "gaussian", "bernoulli"), new Rng(11));

    private static Tensor X => Tensor.FromArray([1f, 0f, 1f, 0f, 0f, 1f], new Shape(2, 3));

    private static ObjectiveSpec Elbo => new(new ComponentSpec("elbo"), K: 1, Beta: 1.0, FreeBits: 0, FreeBitsGroups: 0, KlSchedule: new ComponentSpec("constant"), AnalyticKl: true);

    private static float[] Snapshot(VaeModel model) => [.. model.Parameters().SelectMany(p => p.ToArray())];

    [Test]
    public void Take_Step_IsZeroGradObjectiveBackwardAndOptimizerStep()
    {
        var (a, b) = (Tiny(), Tiny());
        var step = new TrainingStep(a, new Adam(a.Parameters(), lr: 0.01f), Elbo, clipNorm: 0, Device.Native);
        var result = step.Take(X, klWeight: 1.0, learningRate: 0.01, new Rng(3));

        var adam = new Adam(b.Parameters(), lr: 0.01f);
        float loss;
        using (TensorScope.Begin())
        {
            adam.ZeroGrad();
            var terms = ElboObjective.Compute(b, X, new Rng(3), k: 1, beta: 1f, analyticKl: true);
            loss = terms.Loss.Item();
            terms.Loss.Backward();
            adam.Step();
        }
        Assert.That(result.Loss, Is.EqualTo(loss), "bitwise");
        Assert.That(result.IsFinite, Is.True);
        Assert.That(result.Bound, Is.EqualTo(-result.Loss).Within(1e-5), "the loss is minus the mean bound");
        Assert.That(Snapshot(a), Is.EqualTo(Snapshot(b)), "bitwise the same parameters");
    }

    [Test]
    public void Take_NonFiniteLoss_LeavesTheParametersAsTheyWere()
    {
        var model = Tiny();
        var before = Snapshot(model);
        var step = new TrainingStep(model, new Adam(model.Parameters()), Elbo, clipNorm: 1.0, Device.Native);
        var result = step.Take(Tensor.FromArray([float.NaN, 0f, 1f], new Shape(1, 3)), klWeight: 1.0, learningRate: 1e-3, new Rng(3));
        Assert.That(result.IsFinite, Is.False);
        Assert.That(Snapshot(model), Is.EqualTo(before));
    }
}
