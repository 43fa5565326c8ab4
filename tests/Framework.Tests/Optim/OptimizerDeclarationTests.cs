using Research.Framework.Optim;
using Research.Framework.Specs;
using Research.Framework.Tensors;

namespace Research.Framework.Tests.Optim;

/// <summary>A spec's <c>train.optimizer</c> builds the optimizer it names, its double options cast to float.</summary>
public class OptimizerDeclarationTests
{
    private static ComponentSpec Component(string name, params (string Key, object Value)[] options) =>
        new(name, new ValueMap(options.Select(o => KeyValuePair.Create(o.Key, (object?)o.Value))));

    private static IReadOnlyList<Tensor> Parameters()
    {
        var p = Tensor.FromArray([1f, 2f]);
        p.RequiresGrad = true;
        return [p];
    }

    [Test]
    public void Create_Adam_HasTheSpecsSettings()
    {
        var spec = Component("adam", ("lr", 0.003), ("eps", 1e-4), ("beta1", 0.8), ("beta2", 0.99), ("initial_second_moment", 1.0));
        var adam = (Adam)Optimizers.Create(spec, Parameters());
        Assert.That(adam.LearningRate, Is.EqualTo(0.003f));
        Assert.That(adam.Eps, Is.EqualTo(1e-4f));
        Assert.That(adam.Beta1, Is.EqualTo(0.8f));
        Assert.That(adam.Beta2, Is.EqualTo(0.99f));
    }

    [Test]
    public void Create_AdamaxAndSgd_AreTheirTypes()
    {
        var adamax = Optimizers.Create(Component("adamax", ("lr", 0.002), ("eps", 1e-8), ("beta1", 0.9), ("beta2", 0.999)), Parameters());
        var sgd = Optimizers.Create(Component("sgd", ("lr", 1), ("momentum", 0.5)), Parameters());
        Assert.That(adamax, Is.InstanceOf<Adamax>());
        Assert.That(adamax.LearningRate, Is.EqualTo(0.002f));
        Assert.That(sgd, Is.InstanceOf<Sgd>());
        Assert.That(sgd.LearningRate, Is.EqualTo(1f), "an int option binds as a double");
    }

    [Test]
    public void Find_UnknownName_ListsTheDeclaredOptimizers() =>
        Assert.That(Assert.Throws<ArgumentException>(() => Optimizers.Find("rmsprop"))!.Message, Does.Contain("adam").And.Contain("sgd"));
}
