using Research.Framework.Tensors;

namespace Research.Framework.Optim;

/// <summary>
/// Updates parameters in place from their gradients: the one place where parameter values change.
/// State buffers (moments) are allocated once at construction, so a step allocates nothing.
/// Updates are elementwise, so a step is split over the engine's thread team by element ranges;
/// every element is computed the same way whatever the split, so results do not depend on it.
/// </summary>
public abstract class Optimizer : IParallelWork
{
    // Below this many elements a step runs on the calling thread: hand-off would cost more than it saves.
    private const int ParallelThreshold = 1 << 15;

    private readonly int[] _offsets; // start of each parameter in the concatenation of all of them
    private readonly int _totalSize;

    protected Optimizer(IReadOnlyList<Tensor> parameters, float learningRate)
    {
        if (parameters.Count == 0) throw new ArgumentException("An optimizer needs at least one parameter.");
        if (!(learningRate > 0f)) throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be positive.");
        Parameters = parameters;
        LearningRate = learningRate;
        _offsets = new int[parameters.Count + 1];
        for (var i = 0; i < parameters.Count; i++) _offsets[i + 1] = _offsets[i] + parameters[i].Size;
        _totalSize = _offsets[^1];
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
        BeginStep();
        var threads = _totalSize < ParallelThreshold ? 1 : Math.Min(ThreadTeam.ThreadCount, _totalSize / (ParallelThreshold / 2));
        if (threads <= 1) UpdateRange(0, _totalSize);
        else ThreadTeam.Run(this, threads);
    }

    void IParallelWork.Execute(int index, int count) =>
        UpdateRange((int)((long)_totalSize * index / count), (int)((long)_totalSize * (index + 1) / count));

    /// <summary>Updates the elements [start, end) of the concatenation of all parameters.</summary>
    private void UpdateRange(int start, int end)
    {
        for (var i = 0; i < Parameters.Count; i++)
        {
            var from = Math.Max(start, _offsets[i]);
            var to = Math.Min(end, _offsets[i + 1]);
            var p = Parameters[i];
            if (from >= to || p.Grad is null) continue;
            var offset = from - _offsets[i];
            Update(i, offset, p.Data.Slice(offset, to - from), p.Grad.Data.Slice(offset, to - from));
        }
    }

    /// <summary>Computes the per-step constants (bias corrections) before any element is updated.</summary>
    protected virtual void BeginStep() { }

    /// <summary>
    /// Updates elements [offset, offset + parameter.Length) of parameter number <paramref name="index"/>
    /// in place; state buffers are sliced at the same offset. May run concurrently for disjoint ranges.
    /// </summary>
    protected abstract void Update(int index, int offset, Span<float> parameter, ReadOnlySpan<float> gradient);

    /// <summary>The optimizer's state buffers by name, for checkpoints.</summary>
    public abstract IEnumerable<(string Name, float[] Values)> State();

    /// <summary>
    /// Puts back what a checkpoint saved: the step count and every buffer of <see cref="State"/> by
    /// name, so the next step is the one an uninterrupted run would take.
    /// </summary>
    public void Restore(long stepCount, IReadOnlyDictionary<string, float[]> state)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stepCount);
        var buffers = State().ToList();
        foreach (var (name, values) in buffers)
        {
            if (!state.TryGetValue(name, out var saved))
                throw new InvalidDataException($"The saved optimizer state has no buffer '{name}'.");
            if (saved.Length != values.Length)
                throw new InvalidDataException($"The saved optimizer buffer '{name}' has {saved.Length} values; this optimizer's has {values.Length}.");
        }
        foreach (var (name, values) in buffers) state[name].CopyTo(values, 0);
        StepCount = stepCount;
    }

    protected static float[][] Buffers(IReadOnlyList<Tensor> parameters, float initial = 0f) =>
        parameters.Select(p =>
        {
            var b = new float[p.Size];
            if (initial != 0f) Array.Fill(b, initial);
            return b;
        }).ToArray();
}
