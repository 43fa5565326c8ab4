using System.Globalization;

namespace Research.Framework.Specs;

/// <summary>One tensor a spec would need that cannot exist: which keys set its size, and why it is refused.</summary>
public sealed record SizeProblem(IReadOnlyList<string> Keys, string Message);

/// <summary>
/// The largest tensors a spec's point allocates, estimated from its keys before anything runs:
/// training holds K x batch x width floats (K samples of every image of a batch through the widest
/// layer), evaluation the same with a chunk of importance samples and the evaluation batch. A size
/// above int.MaxValue elements overflows the engine's indices; one above the available memory
/// cannot be allocated. Only what surely cannot run is refused: other tensors add to these.
/// </summary>
public static class SizeLimits
{
    /// <summary>The problems of <paramref name="spec"/> on data of <paramref name="inputFeatures"/> values per image, none when it fits.</summary>
    /// <param name="chunk">Importance samples evaluation draws at once.</param>
    /// <param name="availableBytes">Memory the process may use.</param>
    public static IReadOnlyList<SizeProblem> Check(ExperimentSpec spec, int inputFeatures, int chunk, long availableBytes)
    {
        var (width, widthKey) = Widest(spec, inputFeatures);
        var problems = new List<SizeProblem>();
        Add("training", [("objective.k", spec.Objective.K), ("data.batch_size", spec.Data.BatchSize), (widthKey, width)]);
        Add("evaluation", [("eval.nll_k", Math.Min(spec.Eval.NllK, chunk)), ("eval.batch_size", spec.Eval.BatchSize), (widthKey, width)]);
        return problems;

        void Add(string what, (string Key, long Value)[] factors)
        {
            var elements = Product(factors.Select(f => f.Value));
            var product = string.Join(" x ", factors.Select(f => f.Key)) + " = " + string.Join(" x ", factors.Select(f => Number(f.Value)));
            var keys = factors.Select(f => f.Key).Where(k => !k.StartsWith('(')).ToList();
            var lower = "lower " + string.Join(" or ", keys.Take(2));
            if (elements is null or > int.MaxValue)
                problems.Add(new SizeProblem(keys,
                    $"{product} = {(elements is { } e ? Number(e) : "more than 2^63")} floats in one {what} tensor, " +
                    $"above the {Number(int.MaxValue)} elements a tensor can hold; {lower}"));
            else if (elements.Value * sizeof(float) > availableBytes)
                problems.Add(new SizeProblem(keys,
                    $"{product} floats in one {what} tensor need {GiB(elements.Value * sizeof(float))}, " +
                    $"more than the {GiB(availableBytes)} of memory available; {lower}"));
        }
    }

    /// <summary>The widest layer a batch passes through, and the key that sets it.</summary>
    private static (int Width, string Key) Widest(ExperimentSpec spec, int inputFeatures)
    {
        var m = spec.Model;
        var candidates = new List<(int, string)> { (inputFeatures, $"(input features of {spec.Data.Dataset.Name})") };
        candidates.AddRange(m.Encoder.Mlp.Select(w => (w, "model.encoder.mlp")));
        candidates.AddRange(m.Decoder.Mlp.Select(w => (w, "model.decoder.mlp")));
        candidates.Add((m.Latent, "model.latent"));
        foreach (var layer in m.Layers)
        {
            candidates.Add((layer.Latent, "model.layers[].latent"));
            candidates.AddRange(layer.Hidden.Select(w => (w, "model.layers[].hidden")));
        }
        return candidates.MaxBy(c => c.Item1);
    }

    /// <summary>The product in checked 64-bit arithmetic, or null when it does not fit in a long.</summary>
    private static long? Product(IEnumerable<long> factors)
    {
        try
        {
            return factors.Aggregate(1L, (p, f) => checked(p * f));
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    private static string Number(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string GiB(long bytes) => (bytes / (1024.0 * 1024 * 1024)).ToString("0.#", CultureInfo.InvariantCulture) + " GiB";
}
