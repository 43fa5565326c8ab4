using Research.Framework.Tensors;

namespace Research.Framework.Vae;

/// <summary>Labels as one-hot rows: what a conditional VAE concatenates to its inputs (Sohn et al. 2015, section 4).</summary>
public static class OneHot
{
    /// <summary>The one-hot rows [labels.Length, classes] of <paramref name="labels"/> (host tensor, in the current scope).</summary>
    public static Tensor Encode(ReadOnlySpan<int> labels, int classes)
    {
        var rows = Tensor.Zeros(new Shape(labels.Length, classes));
        Fill(labels, classes, rows.Data);
        return rows;
    }

    /// <summary>
    /// Writes the one-hot rows of <paramref name="labels"/> into <paramref name="rows"/> ([labels.Length * classes], row-major);
    /// a label outside [0, classes) is an error naming it.
    /// </summary>
    public static void Fill(ReadOnlySpan<int> labels, int classes, Span<float> rows)
    {
        if (classes < 1) throw new ArgumentOutOfRangeException(nameof(classes), classes, "One-hot rows need at least one class.");
        if (rows.Length < labels.Length * classes) throw new ArgumentException($"{rows.Length} values cannot hold {labels.Length} one-hot rows of width {classes}.");
        rows[..(labels.Length * classes)].Clear();
        for (var i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classes)
                throw new ArgumentOutOfRangeException(nameof(labels), labels[i], $"Label {labels[i]} (row {i}) is outside the {classes} classes 0..{classes - 1}.");
            rows[i * classes + labels[i]] = 1f;
        }
    }
}
