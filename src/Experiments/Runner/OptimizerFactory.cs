using Research.Framework.Optim;
using Research.Framework.Specs;
using Research.Framework.Tensors;

namespace Research.Experiments.Runner;

/// <summary>The optimizer a spec's <c>train.optimizer</c> names, over the given parameters.</summary>
public static class OptimizerFactory
{
    public static Optimizer Create(ComponentSpec optimizer, IReadOnlyList<Tensor> parameters) => optimizer.Name switch
    {
        "adam" => new Adam(parameters, Float(optimizer, "lr"), Float(optimizer, "beta1"), Float(optimizer, "beta2"), Float(optimizer, "eps"),
            Float(optimizer, "initial_second_moment")),
        "adamax" => new Adamax(parameters, Float(optimizer, "lr"), Float(optimizer, "beta1"), Float(optimizer, "beta2"), Float(optimizer, "eps")),
        "sgd" => new Sgd(parameters, Float(optimizer, "lr"), Float(optimizer, "momentum")),
        var other => throw new ArgumentException($"Unknown optimizer '{other}'."),
    };

    private static float Float(ComponentSpec component, string key) => (float)component.GetDouble(key);
}
