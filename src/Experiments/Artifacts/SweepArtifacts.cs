using System.Globalization;
using Research.Experiments.Runner;
using Research.Framework.Evaluation;
using Research.Framework.Plotting;
using Research.Framework.Plotting.Figures;
using Research.Framework.Specs;
using Research.Framework.Sweeps;
using Research.Framework.Tracking;

namespace Research.Experiments.Artifacts;

/// <summary>
/// The artifacts of a sweep's parent run, from the results of every point: figures of the final
/// metrics against what the sweep varies, every point's learning curves, and summary.md / summary.csv.
/// </summary>
/// <remarks>
/// The table lists every point. The final-metric figures (bound against K, metrics against beta,
/// log-likelihood by schedule) use FINISHED points only: a failed or killed point's last values are
/// not final and would pull a seed average. The learning curves draw every point with the history it
/// has, a failed or killed one marked so in its label, since where a run diverged is worth seeing.
/// Seeds (the <c>seed</c> key) are averaged in the final-metric figures; other swept keys that vary
/// split the lines. Figures are made only when what they plot varies across the sweep.
/// </remarks>
public static class SweepArtifacts
{
    public static IReadOnlyList<Artifact> Render(IReadOnlyList<PointResult> results)
    {
        var ordered = results.OrderBy(r => r.Point.Index).ToArray();
        var figures = new List<Artifact>();
        void Add(string name, FigureImage? figure)
        {
            if (figure is null) return;
            figures.Add(new Artifact($"figures/{name}.png", figure.Png));
            if (figure.Svg is { } svg) figures.Add(Artifact.Text($"figures/{name}.svg", svg));
        }
        if (Varies(ordered, s => s.Objective.K)) Add("bound_vs_k", BoundVsK(ordered));
        if (Varies(ordered, s => s.Objective.Beta)) Add("metrics_vs_beta", MetricsVsBeta(ordered));
        if (Varies(ordered, s => s.Objective.KlSchedule) || Varies(ordered, s => s.Objective.FreeBits))
            Add("loglik_by_schedule", LogLikelihoodBySchedule(ordered));
        Add("learning_curves", LearningCurves(ordered));
        return
        [
            .. figures,
            // The summary shows the PNGs (the SVGs are the same figures).
            Artifact.Text("summary.md", SweepSummary.Markdown(ordered, figures.Select(f => f.Path).Where(p => p.EndsWith(".png", StringComparison.Ordinal)).ToArray())),
            Artifact.Text("summary.csv", SweepSummary.Csv(ordered)),
        ];
    }

    /// <summary>
    /// The final test log-likelihood against K, one line per objective kind (Burda et al. 2016, Table 1);
    /// the final training bound when no point was evaluated.
    /// </summary>
    private static FigureImage? BoundVsK(PointResult[] results)
    {
        var finished = Finished(results);
        var others = OtherKeys(finished, key => key is "objective.k" or "objective.kind");
        var (points, yLabel, value) = Final(finished, "test log-likelihood (nats)", m => m.TestLogLikelihood, "final training bound (nats)", m => m.TrainBound);
        if (points.Length == 0) return null;
        return SweepFigures.BoundVsK(points.Select(r => new BoundAtK(
            Join(r.Point.Spec.Objective.Kind.Name, SweptKeys.Label(r.Point, others)), r.Point.Spec.Objective.K, value(FinalMetrics.Of(r)))).ToArray(), yLabel);
    }

    /// <summary>
    /// Test reconstruction, KL, log-likelihood and active units against beta (the trade-off of
    /// Higgins et al. 2017 and Alemi et al. 2018); train reconstruction and KL when no point was evaluated; the
    /// disentanglement metrics when the points have them.
    /// </summary>
    private static FigureImage? MetricsVsBeta(PointResult[] results)
    {
        var finished = Finished(results);
        var others = OtherKeys(finished, key => key == "objective.beta");
        var tested = finished.Where(r => FinalMetrics.Of(r).HasTest).ToArray();
        (string Name, Func<FinalMetrics, double> Value)[] metrics = tested.Length > 0
            ? [("test reconstruction (nats)", m => m.TestReconstruction), ("test KL (nats)", m => m.TestKl),
               ("test log-likelihood (nats)", m => m.TestLogLikelihood), ("active units", m => m.ActiveUnits ?? double.NaN)]
            : [("train reconstruction (nats)", m => m.TrainReconstruction), ("train KL (nats)", m => m.TrainKl)];
        // The disentanglement half of Higgins et al.'s trade-off, where the points scored it.
        if (finished.Any(r => FinalMetrics.Of(r).Disentanglement is not null))
            metrics = [.. metrics, .. DisentanglementResult.Names.Select((name, i) =>
                (name, (Func<FinalMetrics, double>)(m => m.Disentanglement?.Metrics().ElementAt(i).Value ?? double.NaN)))];
        var points = tested.Length > 0 ? tested : finished.Where(r => FinalMetrics.Of(r).HasTrain).ToArray();
        if (points.Length == 0) return null;
        return SweepFigures.MetricsVsBeta(metrics.SelectMany(metric => points.Select(r =>
            new BetaMetric(r.Point.Spec.Objective.Beta, metric.Name, metric.Value(FinalMetrics.Of(r)), SweptKeys.Label(r.Point, others)))).ToArray());
    }

    /// <summary>The final test log-likelihood per KL schedule and free-bits setting (Fu et al. 2019; Kingma et al. 2016).</summary>
    private static FigureImage? LogLikelihoodBySchedule(PointResult[] results)
    {
        var finished = Finished(results);
        var tested = finished.Where(r => FinalMetrics.Of(r).HasTest).ToArray();
        if (tested.Length == 0) return null;
        var schedules = results.Select(r => r.Point.Spec.Objective.KlSchedule).ToArray();
        var freeBitsVary = Varies(results, s => s.Objective.FreeBits);
        var others = OtherKeys(tested, key => key.StartsWith("objective.kl_schedule", StringComparison.Ordinal) || key == "objective.free_bits");
        string Label(PointResult r)
        {
            var objective = r.Point.Spec.Objective;
            var schedule = Describe(objective.KlSchedule, schedules);
            var freeBits = freeBitsVary ? "free bits " + objective.FreeBits.ToString("G6", CultureInfo.InvariantCulture) : "";
            return Join(Join(schedule, freeBits), SweptKeys.Label(r.Point, others));
        }
        return SweepFigures.LogLikelihoodBySchedule(tested.Select(r => new ScheduleResult(Label(r), FinalMetrics.Of(r).TestLogLikelihood)).ToArray());
    }

    /// <summary>
    /// Every point's training bound (the objective's) and test log-likelihood estimate against epoch; the
    /// latter is IWAE_K with K = eval.nll_k, itself a bound, hence the panel's name "test bound".
    /// </summary>
    private static FigureImage? LearningCurves(PointResult[] results)
    {
        var drawn = results.Where(r => r.History.Count > 0).ToArray();
        if (drawn.Length == 0) return null;
        var keys = SweptKeys.Varying(results);
        var labels = drawn.Select(r =>
        {
            var label = SweptKeys.Label(r.Point, keys);
            if (label.Length == 0) label = $"point {r.Point.Index}";
            return r.Status == RunStatus.Finished ? label : $"{label} ({r.Status.ToMlflowName().ToLowerInvariant()})";
        }).ToArray();
        // Labels repeat when points differ only in unswept ways: the index keeps them apart.
        labels = labels.Select((l, i) => labels.Count(x => x == l) > 1 ? $"{l} #{drawn[i].Point.Index}" : l).ToArray();
        return SweepFigures.LearningCurves(drawn.Select((r, i) => new RunCurve(labels[i], r.History.Select(e =>
            new EpochMetrics(e.Epoch, e.Bound, e.Reconstruction, e.Kl, e.Test?.LogLikelihood ?? double.NaN)).ToArray())).ToArray(),
            TrainBoundName(drawn), TestBoundName(drawn));
    }

    /// <summary>
    /// What the training curves are: the objective's bound, named when every point has the same one
    /// ("IWAE bound, K=5", "ELBO, beta=4"), else "training objective's bound" (the legend says which point is which).
    /// </summary>
    private static string TrainBoundName(PointResult[] points)
    {
        var names = points.Select(r => ObjectiveName(r.Point.Spec.Objective)).Distinct().ToArray();
        return names.Length == 1 ? $"training {names[0]}" : "training bound of each point's objective";
    }

    /// <summary>The test curves: IWAE_K with K = eval.nll_k, the importance-sampled log-likelihood estimate.</summary>
    private static string TestBoundName(PointResult[] points)
    {
        var ks = points.Select(r => r.Point.Spec.Eval.NllK).Distinct().ToArray();
        return ks.Length == 1 ? $"test log p(x), IWAE bound K={ks[0]}" : "test log p(x), IWAE bound (K = eval.nll_k)";
    }

    private static string ObjectiveName(ObjectiveSpec objective)
    {
        var kind = objective.Kind.Name;
        var bound = kind switch { "iwae" => $"IWAE bound K={objective.K}", "elbo" => objective.K > 1 ? $"ELBO K={objective.K}" : "ELBO", _ => $"{kind} K={objective.K}" };
        return objective.Beta != 1 ? $"{bound}, beta={objective.Beta.ToString("G4", CultureInfo.InvariantCulture)}" : bound;
    }

    /// <summary>Whether points of the sweep (any status) differ in this value of their resolved spec.</summary>
    private static bool Varies<T>(IReadOnlyList<PointResult> results, Func<ExperimentSpec, T> value) =>
        results.Select(r => value(r.Point.Spec)).Distinct().Count() > 1;

    private static PointResult[] Finished(PointResult[] results) => results.Where(r => r.Status == RunStatus.Finished).ToArray();

    /// <summary>The swept keys that vary among these points, less the figure's own axis and the seed (averaged over).</summary>
    private static IReadOnlyList<string> OtherKeys(IReadOnlyList<PointResult> results, Func<string, bool> axis) =>
        SweptKeys.Varying(results).Where(key => key != "seed" && !axis(key)).ToArray();

    /// <summary>The test value when any point was evaluated (then only evaluated points), else the training value.</summary>
    private static (PointResult[] Points, string Label, Func<FinalMetrics, double> Value) Final(PointResult[] finished,
        string testLabel, Func<FinalMetrics, double> test, string trainLabel, Func<FinalMetrics, double> train)
    {
        var tested = finished.Where(r => FinalMetrics.Of(r).HasTest).ToArray();
        return tested.Length > 0
            ? (tested, testLabel, test)
            : (finished.Where(r => FinalMetrics.Of(r).HasTrain).ToArray(), trainLabel, train);
    }

    /// <summary>
    /// A schedule by name, with the options in which it differs from other points' schedules of the same
    /// name ("linear(warmup_epochs=10)"), so labels stay short.
    /// </summary>
    private static string Describe(ComponentSpec schedule, IReadOnlyList<ComponentSpec> all)
    {
        var same = all.Where(s => s.Name == schedule.Name).ToArray();
        var differing = schedule.Options
            .Where(o => same.Any(s => !Equals(s.Options.TryGetValue(o.Key, out var v) ? v : null, o.Value)))
            .Select(o => $"{o.Key}={DryRunTable.Cell(o.Value)}").ToArray();
        return differing.Length > 0 ? $"{schedule.Name}({string.Join(", ", differing)})" : schedule.Name;
    }

    private static string Join(string a, string b) => a.Length == 0 ? b : b.Length == 0 ? a : $"{a}, {b}";
}
