using Research.Framework.Randomness;
using Research.Framework.Tensors;

namespace Research.Framework.Data;

/// <summary>
/// Serves mini-batches of a data set into a reusable tensor: an epoch visits every example once in
/// an order drawn from the explicit generator (seeded shuffling), binarizing dynamically if asked.
/// The last batch of an epoch may be smaller; <see cref="DropLast"/> skips it. Batches are host
/// tensors (the native engine); whoever runs the model moves them to its device.
/// </summary>
public sealed class BatchSampler
{
    private readonly Dataset _data;
    private readonly int[] _order;
    private readonly Rng _rng;
    private readonly Tensor _full;

    public BatchSampler(Dataset data, int batchSize, Binarization binarization, Rng rng, bool shuffle = true, bool dropLast = false)
    {
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "The batch size must be at least 1.");
        if (data.Count == 0) throw new ArgumentException($"Data set '{data.Name}' is empty.");
        _data = binarization == Binarization.Static ? Binarize.Once(data, rng.Split()) : data;
        BatchSize = Math.Min(batchSize, data.Count);
        Binarization = binarization;
        Shuffle = shuffle;
        DropLast = dropLast;
        _rng = rng;
        _order = Enumerable.Range(0, data.Count).ToArray();
        _full = Tensor.Empty(new Shape(BatchSize, data.Features)); // persistent: made outside any scope
    }

    public int BatchSize { get; }
    public Binarization Binarization { get; }
    public bool Shuffle { get; }
    public bool DropLast { get; }

    public int BatchesPerEpoch => DropLast ? _data.Count / BatchSize : (_data.Count + BatchSize - 1) / BatchSize;

    /// <summary>
    /// The batches of one epoch with the data-set indices of their rows. The batch tensor and the
    /// indices are reused by the next batch (copy them to keep them); a smaller last batch is a new tensor.
    /// </summary>
    public IEnumerable<(Tensor Batch, ReadOnlyMemory<int> Indices)> Epoch() => Batches(_rng);

    /// <summary>
    /// The batches of one epoch whose order and binarization depend only on <paramref name="epochRng"/>
    /// (the order starts from the data set's order), so a run resumed at an epoch boundary sees the
    /// same batches as an uninterrupted one.
    /// </summary>
    public IEnumerable<(Tensor Batch, ReadOnlyMemory<int> Indices)> Epoch(Rng epochRng)
    {
        for (var i = 0; i < _order.Length; i++) _order[i] = i;
        return Batches(epochRng);
    }

    private IEnumerable<(Tensor Batch, ReadOnlyMemory<int> Indices)> Batches(Rng rng)
    {
        if (Shuffle) rng.Shuffle(_order.AsSpan());
        var features = _data.Features;
        for (var b = 0; b < BatchesPerEpoch; b++)
        {
            var start = b * BatchSize;
            var count = Math.Min(BatchSize, _data.Count - start);
            var rows = _full.Data[..(count * features)];
            for (var i = 0; i < count; i++) _data.Image(_order[start + i]).CopyTo(rows.Slice(i * features, features));
            if (Binarization == Binarization.Dynamic) rng.Bernoulli(rows, rows);
            var indices = new ReadOnlyMemory<int>(_order, start, count);
            yield return (count == BatchSize ? _full : Tensor.FromArray(rows, new Shape(count, features)), indices);
        }
    }
}
