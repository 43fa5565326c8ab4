using Research.Framework.Tensors;

namespace Research.Framework.Vae.Flows;

/// <summary>
/// Degrees and connectivity masks of MADE (Germain et al. 2015, "MADE: Masked Autoencoder for
/// Distribution Estimation", section 4, eq. 12-13), assigned deterministically.
/// </summary>
public static class MadeMasks
{
    /// <summary>Input degrees: 1..D in coordinate order, or D..1 when <paramref name="reverse"/>.</summary>
    public static int[] InputDegrees(int d, bool reverse)
    {
        var degrees = new int[d];
        for (var i = 0; i < d; i++) degrees[i] = reverse ? d - i : i + 1;
        return degrees;
    }

    /// <summary>
    /// Hidden degrees cycling through 1..D-1 (k mod (D-1) + 1), so every degree is present when
    /// the layer is at least D-1 wide. With D = 1 no input may be seen: the degree is 0.
    /// </summary>
    public static int[] HiddenDegrees(int width, int d)
    {
        var degrees = new int[width];
        for (var k = 0; k < width; k++) degrees[k] = d > 1 ? k % (d - 1) + 1 : 0;
        return degrees;
    }

    /// <summary>
    /// The [in, out] mask of a layer: 1 where out may see in. Hidden units see inputs of lower or
    /// equal degree (eq. 12); outputs see units of strictly lower degree (eq. 13, <paramref name="strict"/>).
    /// Made on the host at construction; as a module buffer it moves with <see cref="Nn.Module.To"/>.
    /// </summary>
    public static Tensor Mask(IReadOnlyList<int> inDegrees, IReadOnlyList<int> outDegrees, bool strict)
    {
        var mask = Tensor.Zeros(new Shape(inDegrees.Count, outDegrees.Count));
        var data = mask.Data;
        for (var i = 0; i < inDegrees.Count; i++)
        for (var j = 0; j < outDegrees.Count; j++)
        {
            var connected = strict ? outDegrees[j] > inDegrees[i] : outDegrees[j] >= inDegrees[i];
            data[i * outDegrees.Count + j] = connected ? 1f : 0f;
        }
        return mask;
    }
}
