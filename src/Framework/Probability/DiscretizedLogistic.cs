using Research.Framework.Autodiff;
using Research.Framework.Randomness;
using Research.Framework.Tensors;

namespace Research.Framework.Probability;

/// <summary>
/// A logistic distribution with location Mean and scale exp(LogScale), discretized onto the
/// <paramref name="Bins"/> values k / (Bins - 1) of [0, 1] (pixel intensities scaled to [0, 1]):
/// the mass of value x is the CDF difference over [x - w/2, x + w/2] with bin width
/// w = 1 / (Bins - 1), and the two edge bins extend to -inf and +inf, so the masses sum to 1
/// (Kingma et al. 2016, IAF, appendix; Salimans et al. 2017, PixelCNN++, eq. 2).
/// </summary>
/// <remarks>
/// Computed in log space without cancellation: with a = (x + w/2 - mu)/s and b = (x - w/2 - mu)/s,
/// sigmoid(a) - sigmoid(b) = sigmoid(a) sigmoid(-b) (1 - e^{-(a - b)}), and a - b = w/s, so
/// log P(x) = logsigmoid(a) + logsigmoid(-b) + log(1 - e^{-w/s}) in the interior; the edge bins keep
/// only logsigmoid(a) (x = 0) or logsigmoid(-b) (x = 1).
/// </remarks>
public sealed record DiscretizedLogistic(Tensor Mean, Tensor LogScale, int Bins = 256)
{
    /// <summary>
    /// log P(x) summed over the last dimension, per row of <see cref="Mean"/> [K*B], for x [B, P]
    /// on the grid k / (Bins - 1) (repeated over the K sample-major blocks).
    /// </summary>
    public Tensor LogProb(Tensor x)
    {
        var b = x.Shape.Rows;
        var mean = SampleMajor.Split(Mean, b, "DiscretizedLogistic.LogProb");
        var logScale = LogScale.Shape == Mean.Shape ? SampleMajor.Split(LogScale, b, "DiscretizedLogistic.LogProb") : LogScale;
        var halfWidth = 0.5f / (Bins - 1);
        var invScale = logScale.Negate().Exp();
        var centered = x.Subtract(mean);
        var upper = centered.AddScalar(halfWidth).Multiply(invScale);  // a
        var lower = centered.AddScalar(-halfWidth).Multiply(invScale); // b
        var (notTop, notBottom, interior) = EdgeMasks(x, halfWidth);
        var logP = upper.LogSigmoid().Multiply(notTop)
            .Add(lower.Negate().LogSigmoid().Multiply(notBottom))
            .Add(invScale.MulScalar(2f * halfWidth).Log1mExp().Multiply(interior));
        return logP.Sum(axis: -1).Reshape(Mean.Shape.Rows);
    }

    /// <summary>
    /// Constant 0/1 masks of x's shape on x's device: not the top bin, not the bottom bin, neither.
    /// They depend on the data only, so they are built on the host from a host copy of x (x itself
    /// on the native engine) and put on its device.
    /// </summary>
    private static (Tensor NotTop, Tensor NotBottom, Tensor Interior) EdgeMasks(Tensor x, float halfWidth)
    {
        var notTop = Tensor.Empty(x.Shape);
        var notBottom = Tensor.Empty(x.Shape);
        var interior = Tensor.Empty(x.Shape);
        var xd = x.ToHost().Data;
        for (var i = 0; i < xd.Length; i++)
        {
            var bottom = xd[i] < halfWidth;
            var top = xd[i] > 1f - halfWidth;
            notTop.Data[i] = top ? 0f : 1f;
            notBottom.Data[i] = bottom ? 0f : 1f;
            interior.Data[i] = top || bottom ? 0f : 1f;
        }
        return (notTop.To(x.Device), notBottom.To(x.Device), interior.To(x.Device));
    }

    /// <summary>The location clamped to [0, 1] (the mean up to the mass folded into the edge bins).</summary>
    public Tensor Location() => Mean.Clamp(0f, 1f);

    /// <summary>
    /// A draw per element on the location's device: mu + s log(u / (1 - u)) rounded to the grid and
    /// clamped to [0, 1] (no gradient). Drawn on the host from host copies of the parameters.
    /// </summary>
    public Tensor Sample(Rng rng)
    {
        var x = Tensor.Empty(Mean.Shape);
        var md = Mean.ToHost().Data;
        var ld = LogScale.ToHost().Data;
        var xd = x.Data;
        var steps = Bins - 1;
        for (var i = 0; i < xd.Length; i++)
        {
            var u = Math.Clamp(rng.NextDouble(), 1e-7, 1 - 1e-7);
            var s = Math.Exp(ld[i % ld.Length]); // LogScale is Mean's shape, [P] or a scalar
            var v = md[i] + s * Math.Log(u / (1 - u));
            xd[i] = (float)(Math.Clamp(Math.Round(v * steps), 0, steps) / steps);
        }
        return x.To(Mean.Device);
    }
}
