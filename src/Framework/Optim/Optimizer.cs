using Research.Framework.Kernels;
using Research.Framework.Tensors;

namespace Research.Framework.Optim;

/// <summary>
/// Updates parameters in place from their gradients: the one place where parameter values change.
/// State buffers (moments) are allocated once at construction, so a native step allocates nothing.
/// Updates are elementwise, so a step is split over the engine's thread team by element ranges;
/// every element is computed the same way whatever the split, so results do not depend on it.
/// On a LibTorch device the state lives on that device and a step is a few in-place LibTorch ops
/// per parameter (Optimizer.Torch.cs); all parameters of one optimizer share one device.
/// </summary>
public abstract partial class Optimizer : IParallelWork
{
    // Below this many elements a step runs on the calling thread. Splitting leaves part of the updated
    // parameters in the other core's cache, and the next forward pass, serial at small batches, pulls them
    // back: the IWAE paper's model (420k parameters) trained VAE K=1 batch 20 at 11-26k images/s on two
    // threads with the split against 37-40k without it (or on one thread); at K=50 the split gained nothing.
    internal const int ParallelThreshold = 1 << 21;

    private readonly int[] _offsets; // start of each parameter in the concatenation of all of them
    private readonly int _totalSize;

    protected Optimizer(IReadOnlyList<Tensor> parameters, float learningRate)
    {
        if (parameters.Count == 0) throw new ArgumentException("An optimizer needs at least one parameter.");
        if (!(learningRate > 0f)) throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be positive.");
        Parameters = parameters;
        LearningRate = learningRate;
        Device = DeviceOf(parameters);
        _offsets = new int[parameters.Count + 1];
        for (var i = 0; i < parameters.Count; i++) _offsets[i + 1] = _offsets[i] + parameters[i].Size;
        _totalSize = _offsets[^1];
    }

    public IReadOnlyList<Tensor> Parameters { get; }

    /// <summary>Where the parameters and the optimizer's state live.</summary>
    public Device Device { get; }

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
        CheckDevices();
        StepCount++;
        BeginStep();
        if (Device.IsTorch)
        {
            StepOnTorch();
            return;
        }
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

    /// <summary>The state of this optimizer (each kind of moment, one buffer per parameter).</summary>
    private protected abstract IReadOnlyList<StateBuffer> Buffers { get; }

    /// <summary>
    /// Host copies of the optimizer's state buffers by name (<c>m.0</c>, <c>m.1</c>, ...), for
    /// checkpoints; the same names and values on every device.
    /// </summary>
    public IEnumerable<(string Name, float[] Values)> State() =>
        Buffers.SelectMany(b => Enumerable.Range(0, b.Count).Select(i => ($"{b.Name}.{i}", b.CopyToHost(i))));

    /// <summary>
    /// Puts back what a checkpoint saved: the step count and every buffer of <see cref="State"/> by
    /// name, so the next step is the one an uninterrupted run would take. The state may come from
    /// an optimizer on another device.
    /// </summary>
    public void Restore(long stepCount, IReadOnlyDictionary<string, float[]> state)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stepCount);
        var buffers = Buffers.SelectMany(b => Enumerable.Range(0, b.Count).Select(i => (Buffer: b, Index: i, Name: $"{b.Name}.{i}"))).ToList();
        foreach (var (buffer, index, name) in buffers)
        {
            if (!state.TryGetValue(name, out var saved))
                throw new InvalidDataException($"The saved optimizer state has no buffer '{name}'.");
            if (saved.Length != buffer.Size(index))
                throw new InvalidDataException($"The saved optimizer buffer '{name}' has {saved.Length} values; this optimizer's has {buffer.Size(index)}.");
        }
        foreach (var (buffer, index, name) in buffers) buffer.Load(index, state[name]);
        StepCount = stepCount;
    }

    /// <summary>The one device of <paramref name="parameters"/>; parameters on several devices are an error naming them.</summary>
    internal static Device DeviceOf(IReadOnlyList<Tensor> parameters)
    {
        if (parameters.Count == 0) return Device.Native;
        var device = parameters[0].Device;
        for (var i = 1; i < parameters.Count; i++)
            if (parameters[i].Device != device)
                throw new ArgumentException(
                    $"The parameters of one optimizer must share a device: parameter 0{NameOf(parameters[0])} is on {device}, parameter {i}{NameOf(parameters[i])} on {parameters[i].Device}. " +
                    "Move the whole model with Module.To(device) before making the optimizer.", nameof(parameters));
        return device;
    }

    /// <summary>Refuses a step once a parameter has moved away from the device the state was made on.</summary>
    private void CheckDevices()
    {
        for (var i = 0; i < Parameters.Count; i++)
            if (Parameters[i].Device != Device)
                throw new InvalidOperationException(
                    $"Parameter {i}{NameOf(Parameters[i])} is on {Parameters[i].Device}, but this optimizer's state is on {Device}: make the optimizer after moving the model.");
    }

    private static string NameOf(Tensor p) => p.Name is null ? "" : $" ({p.Name})";
}
