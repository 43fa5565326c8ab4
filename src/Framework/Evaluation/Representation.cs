namespace Research.Framework.Evaluation;

/// <summary>
/// A representation of a ground-truth generative process, as disentanglement metrics query it:
/// given <paramref name="count"/> rows of factor classes [count, F] (row-major), the codes of the
/// data they generate, [count, D] (for a VAE: render each row, then the posterior mean).
/// </summary>
public delegate float[] Representation(int[] factors, int count);
