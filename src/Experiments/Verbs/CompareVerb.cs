using System.Globalization;
using Research.Framework.Plotting;
using Research.Framework.Plotting.Figures;
using Research.Framework.Tracking;

namespace Research.Experiments.Verbs;

/// <summary>
/// `research compare EXPERIMENT`: the runs of an MLflow experiment side by side
/// (<see cref="RunComparison"/>): the params that vary across them and their final metrics, as a
/// Markdown or CSV table on the output. Sweep points and single runs are rows; a sweep's parent run
/// is left out while its points are there; --parent keeps one sweep's points only. Optionally a
/// figure of one metric across the runs (<see cref="ComparisonFigures"/>). Notes go to the error writer, so a CSV on the output stays clean.
/// </summary>
public static class CompareVerb
{
    public static readonly IReadOnlyList<string> Formats = ["markdown", "csv"];

    /// <summary>The metric drawn when no --sort is given and the runs have it.</summary>
    public const string DefaultFigureMetric = "test_loglik";

    public static async Task<int> RunAsync(CompareRequest request, TextWriter output, TextWriter errors, CancellationToken cancellationToken = default)
    {
        var format = request.Format.Trim().ToLowerInvariant();
        if (!Formats.Contains(format))
        {
            errors.WriteLine($"error: unknown --format '{request.Format}'; use one of: {string.Join(", ", Formats)}.");
            return ExitCodes.BadInput;
        }
        var store = TrainedRun.TryOpenStore(request.TrackingUri, errors);
        if (store is null) return ExitCodes.BadInput;
        await using (store)
        {
            IReadOnlyList<Run> runs;
            try
            {
                var experiment = await store.GetExperimentByNameAsync(request.Experiment, cancellationToken);
                if (experiment is not { IsActive: true })
                {
                    var names = (await store.ListExperimentsAsync(cancellationToken)).Select(e => e.Name).ToList();
                    errors.WriteLine($"error: no experiment named '{request.Experiment}' in {store.TrackingUri}"
                        + (experiment is null ? "" : " (it is deleted)") + "; "
                        + (names.Count == 0 ? "the store has no experiments." : $"experiments there: {string.Join(", ", names)}."));
                    return ExitCodes.BadInput;
                }
                runs = await store.SearchRunsAsync(experiment.ExperimentId, cancellationToken);
            }
            catch (TrackingException e)
            {
                errors.WriteLine($"error: cannot read experiment '{request.Experiment}' from {store.TrackingUri}: {e.Message}");
                return ExitCodes.BadInput;
            }
            if (runs.Count == 0)
            {
                errors.WriteLine($"Experiment '{request.Experiment}' has no runs in {store.TrackingUri}.");
                return ExitCodes.Ok;
            }
            if (request.ParentRun is { } parentRun)
            {
                var (children, problem) = ChildrenOf(runs, parentRun);
                if (problem is not null)
                {
                    errors.WriteLine($"error: --parent {parentRun}: {problem}");
                    return ExitCodes.BadInput;
                }
                runs = children;
            }
            var table = RunComparison.Build(runs, new ComparisonOptions(request.SortMetric, request.Descending));
            if (request.SortMetric is { } sort && !table.MetricKeys.Contains(sort))
            {
                errors.WriteLine($"error: no run of '{request.Experiment}' has the metric '{sort}' to sort by; "
                    + (table.MetricKeys.Count == 0 ? "the runs have no metrics." : $"metrics: {string.Join(", ", table.MetricKeys)}."));
                return ExitCodes.BadInput;
            }
            output.Write(format == "csv" ? ComparisonTableFormat.ToCsv(table) : ComparisonTableFormat.ToMarkdown(table));
            if (request.FigurePath is null) return ExitCodes.Ok;
            return await WriteFigureAsync(request, table, errors, cancellationToken);
        }
    }

    /// <summary>
    /// The runs whose parent is the run named by <paramref name="parent"/>: its full id, or a prefix
    /// matching exactly one parent run of the experiment (ids are 32 hex digits; the UI shows them in full).
    /// Returns why not when no parent run or several match.
    /// </summary>
    public static (IReadOnlyList<Run> Children, string? Problem) ChildrenOf(IReadOnlyList<Run> runs, string parent)
    {
        var parents = runs.Select(r => r.ParentRunId).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var matches = parents.Contains(parent, StringComparer.Ordinal)
            ? [parent]
            : parents.Where(id => id.StartsWith(parent, StringComparison.OrdinalIgnoreCase)).ToList();
        return matches.Count switch
        {
            1 => (runs.Where(r => r.ParentRunId == matches[0]).ToList(), null),
            0 => ([], parents.Count == 0
                ? "no run of this experiment is a sweep's parent (it has no child runs)."
                : $"no sweep of this experiment has that parent run; parent runs: {string.Join(", ", parents)}."),
            _ => ([], $"the prefix matches {matches.Count} parent runs ({string.Join(", ", matches)}); give more of the id."),
        };
    }

    /// <summary>The file of a bare --figure: compare-&lt;experiment&gt;.png, with characters that cannot be in a file name replaced.</summary>
    public static string DefaultFigurePath(string experiment)
    {
        var invalid = Path.GetInvalidFileNameChars().Append('/').Append('\\').ToHashSet();
        return $"compare-{new string(experiment.Select(c => invalid.Contains(c) ? '_' : c).ToArray())}.png";
    }

    /// <summary>
    /// The figure's metric: the sort metric, else <see cref="DefaultFigureMetric"/> when the runs have
    /// it, else the first metric by name; null when the runs have none.
    /// </summary>
    public static string? FigureMetric(ComparisonTable table, string? sortMetric) =>
        sortMetric ?? (table.MetricKeys.Contains(DefaultFigureMetric) ? DefaultFigureMetric : table.MetricKeys.FirstOrDefault());

    /// <summary>
    /// The metric against the varying param when exactly one varies and every run has a number for it;
    /// else the metric per run, in the table's order.
    /// </summary>
    public static FigureImage Figure(ComparisonTable table, string metric)
    {
        var unit = MetricUnit(metric);
        var values = table.Rows.Select(r => r.Metrics.TryGetValue(metric, out var v) ? v : double.NaN).ToList();
        if (table.ParamKeys.Count == 1)
        {
            var key = table.ParamKeys[0];
            var numbers = table.Rows.Select(r => r.Params.TryGetValue(key, out var text)
                && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && double.IsFinite(x) ? x : (double?)null).ToList();
            if (numbers.All(x => x is not null))
                return ComparisonFigures.MetricVsParameter(metric, key, numbers.Select(x => x!.Value).ToList(), values, unit);
        }
        var labels = table.Rows.Select(r => string.IsNullOrEmpty(r.RunName) ? r.RunId[..Math.Min(8, r.RunId.Length)] : r.RunName).ToList();
        return ComparisonFigures.MetricByRun(metric, labels, values, unit);
    }

    /// <summary>
    /// The unit of a logged metric, for the figure's axis: nats for bounds, log-likelihoods, losses,
    /// reconstruction and KL terms (per example), units for active units, seconds for times; "" otherwise.
    /// </summary>
    public static string MetricUnit(string metric)
    {
        var key = metric.ToLowerInvariant();
        if (key.Contains("active_units", StringComparison.Ordinal)) return "units";
        if (key.EndsWith("_seconds", StringComparison.Ordinal) || key.EndsWith("_time", StringComparison.Ordinal) || key.EndsWith("_s", StringComparison.Ordinal)) return "s";
        string[] nats = ["loglik", "elbo", "kl", "bound", "loss", "reconstruction", "nll", "iwae"];
        return nats.Any(n => key.Contains(n, StringComparison.Ordinal)) ? "nats per example" : "";
    }

    private static async Task<int> WriteFigureAsync(CompareRequest request, ComparisonTable table, TextWriter errors, CancellationToken cancellationToken)
    {
        var metric = FigureMetric(table, request.SortMetric);
        if (metric is null)
        {
            errors.WriteLine("No figure: the runs have no metrics.");
            return ExitCodes.Ok;
        }
        var path = Path.GetFullPath(request.FigurePath is "" ? DefaultFigurePath(request.Experiment) : request.FigurePath!);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            // PNG unless the path asks for SVG (the same figure as a vector document).
            var figure = Figure(table, metric);
            if (path.EndsWith(".svg", StringComparison.OrdinalIgnoreCase) && figure.Svg is { } svg)
                await File.WriteAllTextAsync(path, svg, cancellationToken);
            else
                await File.WriteAllBytesAsync(path, figure.Png, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.WriteLine($"error: cannot write the figure {path}: {e.Message}");
            return ExitCodes.BadInput;
        }
        errors.WriteLine($"Wrote the figure of {metric} to {path}.");
        return ExitCodes.Ok;
    }
}
