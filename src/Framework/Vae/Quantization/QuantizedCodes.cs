using Research.Framework.Autodiff;
using Research.Framework.Tensors;
using Research.Framework.Vae.Posteriors;

namespace Research.Framework.Vae.Quantization;

/// <summary>
/// One quantization of a batch by a <see cref="VqPosterior"/>: the encoder outputs z_e, one row per
/// code position, their nearest embeddings z_q and the chosen code indices (host values).
/// </summary>
/// <param name="EncoderOutputs">z_e as rows [B G, code_dim], data point b's groups at rows b G .. b G + G - 1.</param>
/// <param name="Quantized">z_q = e_{k(r)} per row [B G, code_dim], gathered from the codebook (its gradient reaches the codebook).</param>
/// <param name="Indices">k(r) per row, [B G].</param>
/// <param name="Batch">B.</param>
/// <param name="Quantizer">The posterior that quantized (its EMA update takes these codes).</param>
public sealed record QuantizedCodes(Tensor EncoderOutputs, Tensor Quantized, int[] Indices, int Batch, VqPosterior Quantizer)
{
    /// <summary>z_q forward, the gradient copied to z_e: [B, D] (section 3.2).</summary>
    public Tensor StraightThrough() => Quantized.StraightThrough(EncoderOutputs).Reshape(Batch, Quantizer.Latent);

    /// <summary>||sg[z_e] - e||^2 per data point [B], summed over its codes (eq. 3, second term: moves the codebook).</summary>
    public Tensor CodebookLoss() => PerDataPoint(EncoderOutputs.Detach().Subtract(Quantized));

    /// <summary>||z_e - sg[e]||^2 per data point [B], summed over its codes (eq. 3, third term before beta: moves the encoder).</summary>
    public Tensor CommitmentLoss() => PerDataPoint(EncoderOutputs.Subtract(Quantized.Detach()));

    /// <summary>How often each of the K codes was chosen in this batch.</summary>
    public long[] Counts()
    {
        var counts = new long[Quantizer.CodebookSize];
        foreach (var k in Indices) counts[k]++;
        return counts;
    }

    private Tensor PerDataPoint(Tensor difference) => difference.Square().Reshape(Batch, Quantizer.Latent).Sum(axis: -1);
}
