using System.Globalization;
using Research.Experiments.Runner;
using Research.Framework.Data;
using Research.Framework.Evaluation;
using Research.Framework.Randomness;
using Research.Framework.Specs;
using Research.Framework.Tracking;
using Research.Framework.Vae;

namespace Research.Experiments.Verbs;

/// <summary>
/// `research eval RUN`: rebuilds a trained model from its run (see <see cref="TrainedRun"/>) and
/// evaluates it on the evaluation set (<see cref="DataSource.EvaluationData"/>): importance-sampled
/// log p(x) with K samples (drawn in chunks, so memory stays bounded whatever K is), ELBO,
/// reconstruction, KL and active units. With --log the results become metrics of the run
/// (<see cref="Metrics"/>), its status unchanged.
/// </summary>
public static class EvalVerb
{
    public static async Task<int> RunAsync(EvalRequest request, TextWriter output, TextWriter errors, CancellationToken cancellationToken = default)
    {
        if (Invalid(request) is { } problem)
        {
            errors.WriteLine($"error: {problem}");
            return ExitCodes.BadInput;
        }
        var trained = await TrainedRun.TryOpenAsync(request.Run, request.TrackingUri, errors, cancellationToken, request.Device);
        if (trained is null) return ExitCodes.BadInput;
        if (request.Log && trained.RunId is null)
        {
            errors.WriteLine($"error: --log logs to a run, but {request.Run} is a folder: pass the run's id instead.");
            return ExitCodes.BadInput;
        }

        var spec = trained.Spec;
        var k = request.K ?? spec.Eval.NllK;
        var data = spec.Data with { TestSubset = request.TestSubset ?? spec.Data.TestSubset };
        Dataset train, test;
        try
        {
            (train, test) = DataSource.Load(data, errors.WriteLine);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or InvalidOperationException or ArgumentException or UnauthorizedAccessException)
        {
            errors.WriteLine($"error: cannot load the data set '{data.Dataset.Name}' of {Path.Combine(trained.Folder, TrainedRun.SpecFile)}: {e.Message}");
            return ExitCodes.BadInput;
        }
        var size = request.BatchSize ?? spec.Eval.BatchSize;
        var evaluationData = DataSource.EvaluationData(spec, test);
        var batches = DataSource.Batches(evaluationData, size);
        var activeUnitData = DataSource.ActiveUnitData(spec, train);
        var classes = trained.Model.Condition?.Classes ?? 0; // a conditional model scores log p(x|y) with the test labels
        var result = Evaluator.Evaluate(trained.Model, batches, Options(spec, k), new Rng(request.Seed ?? (ulong)spec.Seed),
            activeUnitData is null ? null : DataSource.Batches(activeUnitData, size), labels: classes > 0 ? DataSource.LabelBatches(evaluationData, classes, size) : null,
            activeUnitLabels: classes > 0 && activeUnitData is not null ? DataSource.LabelBatches(activeUnitData, classes, size) : null);
        Print(output, trained, data.Dataset.Name, k, spec.Eval.ActiveUnitsThreshold, result);
        if (!request.Log) return ExitCodes.Ok;
        return await LogAsync(trained.RunId!, request.TrackingUri, k, result, output, errors, cancellationToken);
    }

    /// <summary>The evaluation settings of `research eval` for K importance samples.</summary>
    public static EvaluationOptions Options(ExperimentSpec spec, int k) =>
        TrainingSession.EvaluationOptionsFor(spec, k);

    /// <summary>
    /// The MLflow metrics of an evaluation: <c>eval_loglik_k{K}</c> (K in the name, since estimates
    /// with different K differ), <c>eval_elbo</c>, <c>eval_reconstruction</c>, <c>eval_kl</c>, <c>eval_active_units</c>.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, double>> Metrics(EvaluationResult result, int k) =>
    [
        new($"eval_loglik_k{k.ToString(CultureInfo.InvariantCulture)}", result.LogLikelihood),
        new("eval_elbo", result.Elbo),
        new("eval_reconstruction", result.Reconstruction),
        new("eval_kl", result.Kl),
        new("eval_active_units", result.ActiveUnits.Count),
    ];

    private static string? Invalid(EvalRequest request) => request switch
    {
        { K: < 1 } => $"--k must be at least 1 (got {request.K}).",
        { BatchSize: < 1 } => $"--batch-size must be at least 1 (got {request.BatchSize}).",
        { TestSubset: < 0 } => $"--test-subset cannot be negative (got {request.TestSubset}); 0 means the whole test set.",
        _ => null,
    };

    private static void Print(TextWriter output, TrainedRun trained, string dataset, int k, double threshold, EvaluationResult result)
    {
        string F(double v) => v.ToString("F4", CultureInfo.InvariantCulture).PadLeft(12);
        var what = trained.RunId is null ? trained.Folder : $"run {trained.RunId}{(string.IsNullOrEmpty(trained.RunName) ? "" : $" ({trained.RunName})")}";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what}: {result.Count} test images of {dataset}, K = {k} importance samples"));
        output.WriteLine(trained.Model.IsConditional
            ? $"  log p(x|y)      {F(result.LogLikelihood)} nats  (importance-sampled given the test labels, K = {k.ToString(CultureInfo.InvariantCulture)})"
            : $"  log p(x)        {F(result.LogLikelihood)} nats  (importance-sampled, K = {k.ToString(CultureInfo.InvariantCulture)})");
        output.WriteLine($"  ELBO            {F(result.Elbo)} nats");
        output.WriteLine($"  reconstruction  {F(result.Reconstruction)} nats");
        output.WriteLine($"  KL              {F(result.Kl)} nats");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  active units    {result.ActiveUnits.Count,12} of {result.ActiveUnits.Variances.Length}  (Cov_x E_q[z_u] > {threshold}){PerLayer(trained.Model, result.ActiveUnits)}"));
    }

    /// <summary>", z1 a of D1, z2 b of D2" for a model with stochastic layers; "" otherwise.</summary>
    private static string PerLayer(VaeModel model, ActiveUnits active)
    {
        if (model.Posterior is not ILatentLayout { LayerSizes: { Count: > 1 } sizes }) return "";
        var counts = active.CountPerLayer(sizes);
        return ", " + string.Join(", ", sizes.Select((size, l) => $"z{l + 1} {counts[l]} of {size}"));
    }

    private static async Task<int> LogAsync(string runId, string? trackingUri, int k, EvaluationResult result, TextWriter output, TextWriter errors,
        CancellationToken cancellationToken)
    {
        var store = TrainedRun.TryOpenStore(trackingUri, errors);
        if (store is null) return ExitCodes.BadInput;
        await using (store)
        {
            var metrics = Metrics(result, k);
            try
            {
                // Through TrackedRun, as the runner logs: the same secret masking, its status left as it is.
                var run = await TrackedRun.OpenAsync(store, runId, cancellationToken: cancellationToken);
                await run.LogMetricsAsync(metrics, step: 0, cancellationToken);
                await store.FlushAsync(cancellationToken);
            }
            catch (TrackingException e)
            {
                errors.WriteLine($"error: the results above were not logged to run {runId} in {store.TrackingUri}: {e.Message}");
                return ExitCodes.RunFailed;
            }
            output.WriteLine($"Logged {string.Join(", ", metrics.Select(m => m.Key))} to run {runId}.");
            return ExitCodes.Ok;
        }
    }
}
