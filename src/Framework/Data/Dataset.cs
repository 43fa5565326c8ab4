namespace Research.Framework.Data;

/// <summary>
/// An in-memory image data set: <see cref="Images"/> row-major [Count, Features] with values in
/// [0, 1], optional integer labels (for figures that colour latents by class) and, for generated
/// data, optional ground-truth factors (for disentanglement metrics).
/// </summary>
public sealed record Dataset(string Name, float[] Images, int Count, int Features, int[]? Labels, GroundTruthFactors? Factors = null)
{
    public ReadOnlySpan<float> Image(int index) => Images.AsSpan(index * Features, Features);

    /// <summary>The first <paramref name="n"/> examples (all of them when n is 0 or not smaller than Count).</summary>
    public Dataset Take(int n)
    {
        if (n < 0) throw new ArgumentOutOfRangeException(nameof(n), n, "A subset size cannot be negative.");
        if (n == 0 || n >= Count) return this;
        return this with { Images = Images[..(n * Features)], Count = n, Labels = Labels?[..n], Factors = Factors?.Take(n) };
    }

    /// <summary>
    /// The examples whose label is not in <paramref name="classes"/>, in their order (all of them
    /// when <paramref name="classes"/> is empty). Needs labels.
    /// </summary>
    public Dataset Without(IReadOnlyCollection<int> classes)
    {
        if (classes.Count == 0) return this;
        if (Labels is null) throw new InvalidOperationException($"{Name} has no labels, so classes {string.Join(", ", classes)} cannot be left out.");
        var drop = classes.ToHashSet();
        var keep = Enumerable.Range(0, Count).Where(i => !drop.Contains(Labels[i])).ToArray();
        var images = new float[keep.Length * Features];
        for (var i = 0; i < keep.Length; i++) Image(keep[i]).CopyTo(images.AsSpan(i * Features, Features));
        return this with { Images = images, Count = keep.Length, Labels = keep.Select(i => Labels[i]).ToArray() };
    }

    /// <summary>Loads an IDX images file (values scaled from 0..255 to [0, 1]) and an optional IDX labels file.</summary>
    public static Dataset FromIdx(string name, string imagesPath, string? labelsPath)
    {
        var images = IdxFile.Read(imagesPath);
        var scale = images.Type == IdxType.UInt8 ? 1f / 255f : 1f;
        var values = images.Values;
        if (scale != 1f) TensorPrimitives.Multiply(values, scale, values);
        int[]? labels = null;
        if (labelsPath is not null)
        {
            var l = IdxFile.Read(labelsPath);
            if (l.Count != images.Count)
                throw new InvalidDataException($"{labelsPath} has {l.Count} labels but {imagesPath} has {images.Count} images.");
            labels = l.Values.Select(v => (int)v).ToArray();
        }
        return new Dataset(name, values, images.Count, images.ItemSize, labels);
    }
}
