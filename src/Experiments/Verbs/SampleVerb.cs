using Research.Experiments.Artifacts;
using Research.Framework.Autodiff;
using Research.Framework.Evaluation;
using Research.Framework.Plotting.Figures;
using Research.Framework.Randomness;
using Research.Framework.Tensors;
using Research.Framework.Vae;

namespace Research.Experiments.Verbs;

/// <summary>
/// `research sample RUN`: draws z ~ p(z) from a trained model (see <see cref="TrainedRun"/>) and writes
/// the decoded means E[x|z] as a PNG grid (<see cref="VaeFigures.PriorSamples"/>), about as many
/// columns as rows. A conditional VAE draws z ~ p(z|y): given <c>--class</c>, or a grid with one row per class.
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

        var model = trained.Model;
        var classes = model.Condition?.Classes ?? 0;
        if (request.Class is { } asked && (classes == 0 || asked < 0 || asked >= classes))
        {
            errors.WriteLine(classes == 0
                ? $"error: --class needs a conditional VAE (model.condition.on: label); {request.Run} is unconditional."
                : $"error: --class must be one of the {classes} classes 0..{classes - 1} (got {asked}).");
            return ExitCodes.BadInput;
        }
        var rng = new Rng(request.Seed ?? (ulong)trained.Spec.Seed);
        var prior = RunFigures.PriorName(model.Prior);
        byte[] png;
        string drawn;
        if (classes == 0)
        {
            png = VaeFigures.PriorSamples(Set(PriorMeans(model, request.Count, rng), trained), Columns(request.Count), prior).Png;
            drawn = $"{request.Count} prior samples (decoded means, {Columns(request.Count)} per row)";
        }
        else if (request.Class is { } label)
        {
            png = VaeFigures.PriorSamples(Set(ConditionalMeans(model, Enumerable.Repeat(label, request.Count).ToArray(), rng), trained), Columns(request.Count),
                $"{prior} at y = {label}").Png;
            drawn = $"{request.Count} samples given class {label} (decoded means, {Columns(request.Count)} per row)";
        }
        else
        {
            var perClass = Math.Max(1, (request.Count + classes - 1) / classes);
            png = VaeFigures.ClassSamples(Set(ConditionalMeans(model, LatentDecoding.ClassRows(classes, perClass), rng), trained), perClass, prior).Png;
            drawn = $"{perClass} samples per class for each of {classes} classes (decoded means, a row per class)";
        }
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
        output.WriteLine($"Wrote {drawn} to {path}.");
        return ExitCodes.Ok;
    }

    /// <summary>The grid's columns for <paramref name="count"/> tiles: ceil(sqrt(count)), a square grid when count is a square.</summary>
    public static int Columns(int count) => (int)Math.Ceiling(Math.Sqrt(count));

    private static ImageSet Set(IReadOnlyList<float[]> images, TrainedRun trained) => new(images, trained.ImageHeight, trained.ImageWidth);

    /// <summary>E[x|z, y] at z ~ p(z|y) for each label of a conditional model, one array per image.</summary>
    public static IReadOnlyList<float[]> ConditionalMeans(VaeModel model, int[] labels, Rng rng)
    {
        var means = LatentDecoding.ConditionalSampleMeans(model, labels, rng);
        var p = means.Length / labels.Length;
        return Enumerable.Range(0, labels.Length).Select(r => means.AsSpan(r * p, p).ToArray()).ToList();
    }

    /// <summary>E[x|z] for <paramref name="count"/> draws z ~ p(z), one array per image.</summary>
    public static IReadOnlyList<float[]> PriorMeans(VaeModel model, int count, Rng rng)
    {
        using var noGrad = NoGrad.Begin();
        using var scope = TensorScope.Begin();
        var means = model.DecodeMean(model.Prior.Sample(count, rng)).ToHost();
        return Enumerable.Range(0, count).Select(r => means.Row(r).ToArray()).ToList();
    }
}
