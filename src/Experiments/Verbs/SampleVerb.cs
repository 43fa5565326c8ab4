using Research.Experiments.Artifacts;
using Research.Framework.Autodiff;
using Research.Framework.Plotting.Figures;
using Research.Framework.Randomness;
using Research.Framework.Tensors;
using Research.Framework.Vae;

namespace Research.Experiments.Verbs;

/// <summary>
/// `research sample RUN`: draws z ~ p(z) from a trained model (see <see cref="TrainedRun"/>) and writes
/// the decoded means E[x|z] as a PNG grid (<see cref="VaeFigures.PriorSamples"/>), about as many
/// columns as rows.
/// </summary>
public static class SampleVerb
{
    /// <summary>More tiles than this make a PNG too large to look at.</summary>
    public const int MaxCount = 10_000;

    public static async Task<int> RunAsync(SampleRequest request, TextWriter output, TextWriter errors, CancellationToken cancellationToken = default)
    {
        if (request.Count is < 1 or > MaxCount)
        {
            errors.WriteLine($"error: --n must be between 1 and {MaxCount} (got {request.Count}).");
            return ExitCodes.BadInput;
        }
        if (string.IsNullOrWhiteSpace(request.OutputPath))
        {
            errors.WriteLine("error: --out needs a file name.");
            return ExitCodes.BadInput;
        }
        var trained = await TrainedRun.TryOpenAsync(request.Run, request.TrackingUri, errors, cancellationToken, request.Device);
        if (trained is null) return ExitCodes.BadInput;

        var images = PriorMeans(trained.Model, request.Count, new Rng(request.Seed ?? (ulong)trained.Spec.Seed));
        var columns = Columns(request.Count);
        var png = VaeFigures.PriorSamples(new ImageSet(images, trained.ImageHeight, trained.ImageWidth), columns, RunFigures.PriorName(trained.Model.Prior)).Png;
        var path = Path.GetFullPath(request.OutputPath);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllBytesAsync(path, png, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.WriteLine($"error: cannot write {path}: {e.Message}");
            return ExitCodes.BadInput;
        }
        output.WriteLine($"Wrote {request.Count} prior samples (decoded means, {columns} per row) to {path}.");
        return ExitCodes.Ok;
    }

    /// <summary>The grid's columns for <paramref name="count"/> tiles: ceil(sqrt(count)), a square grid when count is a square.</summary>
    public static int Columns(int count) => (int)Math.Ceiling(Math.Sqrt(count));

    /// <summary>E[x|z] for <paramref name="count"/> draws z ~ p(z), one array per image.</summary>
    public static IReadOnlyList<float[]> PriorMeans(VaeModel model, int count, Rng rng)
    {
        using var noGrad = NoGrad.Begin();
        using var scope = TensorScope.Begin();
        var means = model.DecodeMean(model.Prior.Sample(count, rng)).ToHost();
        return Enumerable.Range(0, count).Select(r => means.Row(r).ToArray()).ToList();
    }
}
