using System.Globalization;
using System.Text;
using System.Text.Json;
using Research.Experiments.Runner;
using Research.Framework.Data;
using Research.Framework.Evaluation;
using Research.Framework.Plotting;
using Research.Framework.Plotting.Figures;
using Research.Framework.Randomness;

namespace Research.Experiments.Verbs;

/// <summary>
/// `research anomaly RUN`: the novelty-detection benchmark of a VAE trained without some classes
/// (<c>data.exclude_classes</c>): every test image is scored by -log p(x) (importance-sampled) and by
/// -ELBO (<see cref="AnomalyScores"/>), the held-out classes are the positives, and the verb reports
/// AUROC and AUPRC (<see cref="DetectionMetrics"/>) for both scores, with the ROC curves as an SVG
/// figure, the per-image scores as CSV and the numbers as JSON in --out.
/// </summary>
public static class AnomalyVerb
{
    public const string FigureFile = "roc.svg", ScoresFile = "scores.csv", SummaryFile = "anomaly.json";

    /// <summary>The numbers of one evaluation (the JSON summary).</summary>
    public sealed record Summary(string Run, string? RunName, int[] AnomalyClasses, int K, int Images, int Anomalies,
        double AurocNll, double AuprcNll, double AurocElbo, double AuprcElbo, double MeanNllNormal, double MeanNllAnomalous, double Seconds);

    public static async Task<int> RunAsync(AnomalyRequest request, TextWriter output, TextWriter errors, CancellationToken cancellationToken = default)
    {
        if (request.K < 1 || request.BatchSize is < 1 || request.TestSubset is < 0)
        {
            errors.WriteLine("error: --k and --batch-size must be at least 1 and --test-subset non-negative.");
            return ExitCodes.BadInput;
        }
        var trained = await TrainedRun.TryOpenAsync(request.Run, request.TrackingUri, errors, cancellationToken, request.Device);
        if (trained is null) return ExitCodes.BadInput;
        var spec = trained.Spec;
        var classes = (request.Classes is { Count: > 0 } c ? c : spec.Data.ExcludedClasses).Distinct().Order().ToArray();
        if (classes.Length == 0)
        {
            errors.WriteLine($"error: {request.Run} was trained on every class (data.exclude_classes is empty): pass --classes to name the anomalous labels.");
            return ExitCodes.BadInput;
        }
        var data = spec.Data with { TestSubset = request.TestSubset ?? spec.Data.TestSubset };
        Dataset test;
        try
        {
            (_, test) = DataSource.Load(data, errors.WriteLine);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or InvalidOperationException or ArgumentException or UnauthorizedAccessException)
        {
            errors.WriteLine($"error: cannot load the data set '{data.Dataset.Name}': {e.Message}");
            return ExitCodes.BadInput;
        }
        if (test.Labels is not { } labels)
        {
            errors.WriteLine($"error: the test set of {data.Dataset.Name} has no labels.");
            return ExitCodes.BadInput;
        }
        var positive = labels.Select(l => classes.Contains(l)).ToArray();
        if (positive.All(p => p) || !positive.Any(p => p))
        {
            errors.WriteLine($"error: the {test.Count} test images do not hold both the classes {string.Join(", ", classes)} and the rest.");
            return ExitCodes.BadInput;
        }

        if (trained.Model.IsConditional)
        {
            errors.WriteLine($"error: {request.Run} is a conditional VAE (model.condition.on: label): its scores would be log p(x|y) at the true label, which the detector must not know.");
            return ExitCodes.BadInput;
        }
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var batches = DataSource.Batches(DataSource.EvaluationData(spec, test), request.BatchSize ?? spec.Eval.BatchSize);
        var scores = AnomalyScores.Compute(trained.Model, batches, request.K, new Rng(request.Seed ?? (ulong)spec.Seed).Split(0xA40A));
        var summary = new Summary(trained.RunId ?? trained.Folder, trained.RunName, classes, request.K, test.Count, positive.Count(p => p),
            DetectionMetrics.Auroc(scores.NegativeLogLikelihood, positive), DetectionMetrics.AveragePrecision(scores.NegativeLogLikelihood, positive),
            DetectionMetrics.Auroc(scores.NegativeElbo, positive), DetectionMetrics.AveragePrecision(scores.NegativeElbo, positive),
            Mean(scores.NegativeLogLikelihood, positive, false), Mean(scores.NegativeLogLikelihood, positive, true), clock.Elapsed.TotalSeconds);

        var folder = Path.GetFullPath(request.OutputDir);
        try
        {
            Directory.CreateDirectory(folder);
            var figure = Figure(scores, positive, classes);
            await File.WriteAllTextAsync(Path.Combine(folder, FigureFile), figure.Svg!, cancellationToken);
            await File.WriteAllBytesAsync(Path.Combine(folder, Path.ChangeExtension(FigureFile, ".png")), figure.Png, cancellationToken);
            await File.WriteAllTextAsync(Path.Combine(folder, ScoresFile), Csv(scores, labels, positive), cancellationToken);
            await File.WriteAllTextAsync(Path.Combine(folder, SummaryFile), JsonSerializer.Serialize(summary, new JsonSerializerOptions { WriteIndented = true }), cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.WriteLine($"error: cannot write to {folder}: {e.Message}");
            return ExitCodes.BadInput;
        }
        Print(output, summary, folder);
        return ExitCodes.Ok;
    }

    /// <summary>The ROC curves of both scores and the chance diagonal.</summary>
    public static FigureImage Figure(AnomalyScores scores, bool[] positive, int[] classes)
    {
        var (fn, tn) = DetectionMetrics.RocCurve(scores.NegativeLogLikelihood, positive);
        var (fe, te) = DetectionMetrics.RocCurve(scores.NegativeElbo, positive);
        return DetectionFigures.Roc($"ROC: held-out digit {string.Join(", ", classes)} vs the rest",
        [
            new RocCurve("-log p(x)", fn, tn, DetectionMetrics.TrapezoidArea(fn, tn)),
            new RocCurve("-ELBO", fe, te, DetectionMetrics.TrapezoidArea(fe, te)),
        ]);
    }

    private static double Mean(double[] values, bool[] positive, bool which) =>
        values.Where((_, i) => positive[i] == which).Average();

    private static string Csv(AnomalyScores scores, int[] labels, bool[] positive)
    {
        var csv = new StringBuilder("index,label,anomaly,neg_log_p,neg_elbo\n");
        for (var i = 0; i < labels.Length; i++)
            csv.Append(CultureInfo.InvariantCulture, $"{i},{labels[i]},{(positive[i] ? 1 : 0)},{scores.NegativeLogLikelihood[i]:R},{scores.NegativeElbo[i]:R}\n");
        return csv.ToString();
    }

    private static void Print(TextWriter output, Summary s, string folder)
    {
        string F(double v) => v.ToString("F4", CultureInfo.InvariantCulture);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{s.Run}{(string.IsNullOrEmpty(s.RunName) ? "" : $" ({s.RunName})")}: {s.Images} test images, {s.Anomalies} of class {string.Join(", ", s.AnomalyClasses)} as anomalies, K = {s.K}"));
        output.WriteLine("  score       AUROC   AUPRC");
        output.WriteLine($"  -log p(x)  {F(s.AurocNll)}  {F(s.AuprcNll)}");
        output.WriteLine($"  -ELBO      {F(s.AurocElbo)}  {F(s.AuprcElbo)}");
        output.WriteLine($"  mean -log p(x): {F(s.MeanNllNormal)} nats (other classes), {F(s.MeanNllAnomalous)} nats (held out)");
        output.WriteLine($"Wrote {FigureFile}, {ScoresFile} and {SummaryFile} to {folder} ({s.Seconds.ToString("F1", CultureInfo.InvariantCulture)} s).");
    }
}
