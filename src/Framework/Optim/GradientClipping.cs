using Research.Framework.Tensors;

namespace Research.Framework.Optim;

public static class GradientClipping
{
    /// <summary>
    /// Scales all gradients together so that their joint L2 norm is at most <paramref name="maxNorm"/>
    /// (Pascanu et al. 2013, Algorithm 1). Returns the norm before clipping; a non-finite norm is
    /// returned as is and nothing is scaled, so the caller's NaN guard sees it.
    /// </summary>
    public static float ClipByGlobalNorm(IReadOnlyList<Tensor> parameters, float maxNorm)
    {
        if (!(maxNorm > 0f)) throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "maxNorm must be positive.");
        var sumSquares = 0.0;
        for (var i = 0; i < parameters.Count; i++)
            if (parameters[i].Grad is { } g) sumSquares += TensorPrimitives.SumOfSquares(g.Data);
        var norm = (float)Math.Sqrt(sumSquares);
        if (!float.IsFinite(norm) || norm <= maxNorm) return norm;
        var scale = maxNorm / (norm + 1e-6f);
        for (var i = 0; i < parameters.Count; i++)
            if (parameters[i].Grad is { } g) TensorPrimitives.Multiply(g.Data, scale, g.Data);
        return norm;
    }
}
