using Research.Framework.Tensors;

namespace Research.Framework.Optim;

/// <summary>
/// Updates parameters in place from their gradients: the one place where parameter values change.
/// State buffers (moments) are allocated once at construction, so a step allocates nothing.
/// </summary>
public abstract class Optimizer
{
    protected Optimizer(IReadOnlyList<Tensor> parameters, float learningRate)
    {
        if (parameters.Count == 0) throw new ArgumentException("An optimizer needs at least one parameter.");
        if (!(learningRate > 0f)) throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be positive.");
        Parameters = parameters;
        LearningRate = learningRate;
    }

    public IReadOnlyList<Tensor> Parameters { get; }

    /// <summary>The learning rate of the next step; schedules set it before each step.</summary>
    public float LearningRate { get; set; }

    /// <summary>How many steps have been taken (drives bias correction).</summary>
    public long StepCount { get; protected set; }

    /// <summary>Zeroes every parameter's gradient (keeping the buffers).</summary>
    public void ZeroGrad()
    {
        for (var i = 0; i < Parameters.Count; i++) Parameters[i].ZeroGrad();
    }

    /// <summary>Applies one update from the current gradients; parameters without a gradient are skipped.</summary>
    public void Step()
    {
        StepCount++;
        for (var i = 0; i < Parameters.Count; i++)
        {
            var p = Parameters[i];
            if (p.Grad is not null) Update(i, p.Data, p.Grad.Data);
        }
    }

    /// <summary>Updates parameter number <paramref name="index"/> in place.</summary>
    protected abstract void Update(int index, Span<float> parameter, ReadOnlySpan<float> gradient);

    /// <summary>The optimizer's state buffers by name, for checkpoints.</summary>
    public abstract IEnumerable<(string Name, float[] Values)> State();

    protected static float[][] Buffers(IReadOnlyList<Tensor> parameters, float initial = 0f) =>
        parameters.Select(p =>
        {
            var b = new float[p.Size];
            if (initial != 0f) Array.Fill(b, initial);
            return b;
        }).ToArray();
}
