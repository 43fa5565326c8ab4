using Research.Framework.Specs;

namespace Research.Framework.Tests.Specs;

public class SpecOverrideTests
{
    [Test]
    public void Set_Scalar_IsTypedByYaml()
    {
        var spec = SpecLoader.Parse("objective: { k: 1 }", overrides: ["objective.k=5", "objective.beta=0.25", "seed=3"]);

        Assert.That((spec.Objective.K, spec.Objective.Beta, spec.Seed), Is.EqualTo((5, 0.25, 3)));
    }

    [Test]
    public void Set_Repeated_LastWins()
    {
        var spec = SpecLoader.Parse("", overrides: ["objective.k=5", "objective.k=9"]);

        Assert.That(spec.Objective.K, Is.EqualTo(9));
    }

    [Test]
    public void Set_SweepGridList_UsesTheWholeKeyPathAsTheAxis()
    {
        var spec = SpecLoader.Parse("", overrides: ["sweep.grid.objective.k=[1,5]"]);

        Assert.That(spec.Sweep!.Grid.Single(), Is.EqualTo(new SweepAxis("objective.k", [1, 5])));
    }

    [Test]
    public void Set_ComponentOption_SwitchesAndKeepsDefaults()
    {
        var spec = SpecLoader.Parse("model: { posterior: gaussian }", overrides: ["model.posterior.planar.length=3"]);

        Assert.That(spec.Model.Posterior, Is.EqualTo(new ComponentSpec("planar", new ValueMap([new("length", 3)]))));
    }

    [Test]
    public void Set_ComponentOption_SameComponent_KeepsOtherOptions()
    {
        var spec = SpecLoader.Parse("train: { optimizer: { adam: { lr: 0.01, eps: 0.5 } } }", overrides: ["train.optimizer.adam.lr=0.002"]);

        Assert.That((spec.Train.Optimizer.GetDouble("lr"), spec.Train.Optimizer.GetDouble("eps")), Is.EqualTo((0.002, 0.5)));
    }

    [Test]
    public void Set_WholeComponentAsFlowMapping()
    {
        var spec = SpecLoader.Parse("", overrides: ["objective.kl_schedule={cyclical: {cycles: 2}}"]);

        Assert.That(spec.Objective.KlSchedule.Name, Is.EqualTo("cyclical"));
        Assert.That((spec.Objective.KlSchedule.GetInt("cycles"), spec.Objective.KlSchedule.GetDouble("ratio")), Is.EqualTo((2, 0.5)));
    }

    [Test]
    public void Set_Null_RestoresTheDefault()
    {
        var spec = SpecLoader.Parse("objective: { k: 7 }", overrides: ["objective.k="]);

        Assert.That(spec.Objective.K, Is.EqualTo(1));
    }

    [Test]
    public void Set_QuotedNumber_StaysAString()
    {
        var spec = SpecLoader.Parse("", overrides: ["name='42'"]);

        Assert.That(spec.Name, Is.EqualTo("42"));
    }
}
