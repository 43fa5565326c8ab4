using Research.Framework.Tensors;
using TorchSharp;

namespace Research.Framework.Optim;

public static class GradientClipping
{
    /// <summary>
    /// Scales all gradients together so that their joint L2 norm is at most <paramref name="maxNorm"/>
    /// (Pascanu et al. 2013, Algorithm 1). Returns the norm before clipping; a non-finite norm is
    /// returned as is and nothing is scaled, so the caller's NaN guard sees it. The parameters share
    /// one device; on a LibTorch device the gradients are scaled there, in place.
    /// </summary>
    public static float ClipByGlobalNorm(IReadOnlyList<Tensor> parameters, float maxNorm)
    {
        if (!(maxNorm > 0f)) throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "maxNorm must be positive.");
        if (Optimizer.DeviceOf(parameters).IsTorch) return ClipOnTorch(parameters, maxNorm);
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

    // As the native path: each gradient's sum of squares in float32, their total in float64;
    // the one read back to the host is the norm the caller gets.
    private static float ClipOnTorch(IReadOnlyList<Tensor> parameters, float maxNorm)
    {
        var grads = parameters.Select(p => p.Grad?.TorchValue).OfType<torch.Tensor>().ToList();
        if (grads.Count == 0) return 0f;
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var sumSquares = torch.stack(grads.Select(g => g.square().sum())).to(torch.float64).sum().item<double>();
        var norm = (float)Math.Sqrt(sumSquares);
        if (!float.IsFinite(norm) || norm <= maxNorm) return norm;
        using var scale = (maxNorm / (norm + 1e-6f)).ToScalar();
        foreach (var g in grads) g.mul_(scale);
        return norm;
    }
}
