using System.CommandLine;
using Research.Experiments.Demo;
using Research.Experiments.Runner;
using Research.Experiments.Verbs;

namespace Research.Experiments.Cli;

/// <summary>The verbs of `research` and their options (System.CommandLine).</summary>
public static class CommandLine
{
    public static RootCommand Build()
    {
        var root = new RootCommand("VAE research framework: run YAML experiment specs and sweeps, log them to MLflow.");
        root.Subcommands.Add(Run());
        root.Subcommands.Add(Validate());
        root.Subcommands.Add(Compare());
        root.Subcommands.Add(Eval());
        root.Subcommands.Add(Sample());
        root.Subcommands.Add(Anomaly());
        root.Subcommands.Add(DemoCommand());
        root.Subcommands.Add(SubmitCommand.Submit(SpecArgument(), SetOption(), TrackingUriOption()));
        root.Subcommands.Add(SubmitCommand.FinishSweep(TrackingUriOption()));
        return root;
    }

    private static Argument<string> SpecArgument() => new("spec") { Description = "The experiment spec (YAML)." };

    private static Option<string[]> SetOption() => new("--set")
    {
        Description = "Override a spec key, e.g. --set objective.k=5 (repeatable).",
        AllowMultipleArgumentsPerToken = false,
        Arity = ArgumentArity.ZeroOrMore,
    };

    private static Option<string?> TrackingUriOption() => new("--tracking-uri")
    {
        Description = "MLflow store: sqlite:///FILE.db or a path ending in .db (default: the spec's tracking.uri for `run`, else MLFLOW_TRACKING_URI, else sqlite:///mlflow.db), a folder or file: URI (file store, MLflow 2.x), or http(s)://host:port.",
    };

    private static Argument<string> RunArgument() => new("run")
    {
        Description = $"A run id in the tracking store, or a folder holding {TrainedRun.SpecFile} and {TrainedRun.ModelFile} (a run's artifacts).",
    };

    private static Option<string?> DeviceOption() => new("--device")
    {
        Description = "Where the model runs: cpu (the native engine), torch-cpu, cuda or cuda:N (default: the run's eval.device, else train.device). " +
            "A model trained on one device loads on any other.",
    };

    private static Option<ulong?> SeedOption(string what) => new("--seed") { Description = $"Seed of the {what} (default: the run's spec seed)." };

    private static Command Run()
    {
        var spec = SpecArgument();
        var set = SetOption();
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the table of sweep points and exit." };
        var trackingUri = TrackingUriOption();
        var parallel = new Option<int>("--parallel") { Description = "Train this many sweep points at once (they share the cores).", DefaultValueFactory = _ => 1 };
        var resume = new Option<bool>("--resume")
        {
            Description = "Continue an earlier run of the same spec: each point from its checkpoint and in its MLflow run; a point trained but not " +
                "FINISHED (a crash or full disk while logging) gets its missing figures, metrics and status; FINISHED and FAILED points are left as they are.",
        };
        var retryFailed = new Option<bool>("--retry-failed")
        {
            Description = "With --resume (implied): train the points that ended FAILED (a NaN loss, a corrupt checkpoint) again, each in a new run tagged retry_of.",
        };
        var checkpoints = new Option<string>("--checkpoint-dir") { Description = "Folder for checkpoints.", DefaultValueFactory = _ => RunnerOptions.DefaultCheckpointRoot };
        var (point, parent) = SubmitCommand.PointOptions();
        var command = new Command("run", "Train and evaluate a spec (every point of its sweep) and log to MLflow.")
            { spec, set, dryRun, trackingUri, parallel, resume, retryFailed, checkpoints, point, parent };
        command.SetAction((result, _) => RunVerb.RunAsync(new RunRequest(
            result.GetValue(spec)!, result.GetValue(set) ?? [], result.GetValue(dryRun), result.GetValue(trackingUri),
            result.GetValue(parallel), result.GetValue(resume), result.GetValue(checkpoints)!, result.GetValue(retryFailed),
            result.GetValue(point), result.GetValue(parent)), Console.Out, Console.Error));
        return command;
    }

    private static Command Validate()
    {
        var spec = SpecArgument();
        var set = SetOption();
        var command = new Command("validate", "Check a spec and every sweep point without running anything.") { spec, set };
        command.SetAction(result => ValidateVerb.Run(result.GetValue(spec)!, result.GetValue(set) ?? [], Console.Out, Console.Error));
        return command;
    }

    private static Command Compare()
    {
        var experiment = new Argument<string>("experiment") { Description = "The MLflow experiment (by default a spec's name)." };
        var trackingUri = TrackingUriOption();
        var format = new Option<string>("--format")
        {
            Description = "Table format: markdown or csv (columns run, status, params.<key>..., metrics.<key>...).",
            DefaultValueFactory = _ => "markdown",
        };
        var sort = new Option<string?>("--sort") { Description = "Sort the runs by this metric's final value, smallest first (default: newest run first)." };
        var descending = new Option<bool>("--descending") { Description = "Sort largest first (log-likelihoods, bounds)." };
        var figure = new Option<string?>("--figure")
        {
            Description = "Also write an SVG figure of the --sort metric (default: test_loglik, else the first metric) against the varying param " +
                "when exactly one numeric param varies, else per run. A bare --figure writes compare-<experiment>.png (a PATH ending in .svg gets SVG); without it, no figure.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var parent = new Option<string?>("--parent")
        {
            Description = "Only the points of one sweep: the children of this parent run (its id, or a unique prefix; `research run` prints it).",
        };
        var command = new Command("compare",
            "Print the runs of an experiment side by side: the params that vary and the final metrics (sweep points and single runs; a sweep's parent run is left out).")
        { experiment, trackingUri, format, sort, descending, figure, parent };
        command.SetAction((result, cancel) =>
        {
            var figureResult = result.GetResult(figure);
            var figurePath = figureResult is null || figureResult.Implicit ? null : result.GetValue(figure) ?? "";
            return CompareVerb.RunAsync(new CompareRequest(result.GetValue(experiment)!, result.GetValue(trackingUri), result.GetValue(format) ?? "markdown",
                result.GetValue(sort), result.GetValue(descending), figurePath, result.GetValue(parent)), Console.Out, Console.Error, cancel);
        });
        return command;
    }

    private static Command Eval()
    {
        var run = RunArgument();
        var trackingUri = TrackingUriOption();
        var k = new Option<int?>("--k") { Description = "Importance samples for log p(x) (default: the spec's eval.nll_k, 5000 unless set); drawn 500 at a time." };
        var batchSize = new Option<int?>("--batch-size") { Description = "Test images per batch (default: the spec's eval.batch_size, 100 unless set)." };
        var testSubset = new Option<int?>("--test-subset") { Description = "Evaluate on the first N test images (default: the spec's data.test_subset; 0: all)." };
        var seed = SeedOption("importance samples");
        var device = DeviceOption();
        var log = new Option<bool>("--log")
        {
            Description = "Log the results to the run (RUN must be a run id) as metrics eval_loglik_k<K>, eval_elbo, eval_reconstruction, eval_kl, " +
                "eval_active_units; the run's status is not changed.",
        };
        var command = new Command("eval",
            "Evaluate a trained run on its test set: importance-sampled log p(x), ELBO, reconstruction, KL and active units.")
        { run, trackingUri, k, batchSize, testSubset, seed, log, device };
        command.SetAction((result, cancel) => EvalVerb.RunAsync(new EvalRequest(result.GetValue(run)!, result.GetValue(trackingUri), result.GetValue(k),
            result.GetValue(batchSize), result.GetValue(testSubset), result.GetValue(seed), result.GetValue(log), result.GetValue(device)), Console.Out, Console.Error, cancel));
        return command;
    }

    private static Command Sample()
    {
        var run = RunArgument();
        var trackingUri = TrackingUriOption();
        var n = new Option<int>("--n") { Description = "Number of samples (a grid of about sqrt(N) columns).", DefaultValueFactory = _ => 64 };
        var seed = SeedOption("prior draws");
        var output = new Option<string>("--out") { Description = "The PNG file to write.", DefaultValueFactory = _ => "samples.png" };
        var device = DeviceOption();
        var label = new Option<int?>("--class")
        {
            Description = "A conditional VAE (model.condition.on: label): draw every sample given this label, z ~ p(z|y) (default: a grid with a row per class).",
        };
        var command = new Command("sample", "Write a PNG grid of samples from a trained run's prior, decoded to their means E[x|z].")
        { run, trackingUri, n, seed, output, device, label };
        command.SetAction((result, cancel) => SampleVerb.RunAsync(new SampleRequest(result.GetValue(run)!, result.GetValue(trackingUri), result.GetValue(n),
            result.GetValue(seed), result.GetValue(output) ?? "samples.png", result.GetValue(device), result.GetValue(label)), Console.Out, Console.Error, cancel));
        return command;
    }

    private static Command Anomaly()
    {
        var run = RunArgument();
        var trackingUri = TrackingUriOption();
        var k = new Option<int>("--k") { Description = "Importance samples for -log p(x), drawn 500 at a time.", DefaultValueFactory = _ => 1000 };
        var batchSize = new Option<int?>("--batch-size") { Description = "Test images per batch (default: the spec's eval.batch_size)." };
        var testSubset = new Option<int?>("--test-subset") { Description = "Score the first N test images (default: the spec's data.test_subset; 0: all)." };
        var classes = new Option<int[]>("--classes")
        {
            Description = "The anomalous labels (default: the run's data.exclude_classes).", AllowMultipleArgumentsPerToken = true, Arity = ArgumentArity.ZeroOrMore,
        };
        var seed = SeedOption("importance samples");
        var output = new Option<string>("--out") { Description = "Folder for roc.svg, scores.csv and anomaly.json.", DefaultValueFactory = _ => "anomaly" };
        var device = DeviceOption();
        var command = new Command("anomaly",
            "Score every test image of a run trained without some classes by -log p(x) and -ELBO; report AUROC / AUPRC of the held-out classes against the rest, with a ROC figure.")
        { run, trackingUri, k, batchSize, testSubset, classes, seed, output, device };
        command.SetAction((result, cancel) => AnomalyVerb.RunAsync(new AnomalyRequest(result.GetValue(run)!, result.GetValue(trackingUri), result.GetValue(k),
            result.GetValue(batchSize), result.GetValue(testSubset), result.GetValue(seed), result.GetValue(classes), result.GetValue(output) ?? "anomaly",
            result.GetValue(device)), Console.Out, Console.Error, cancel));
        return command;
    }

    private static Command DemoCommand()
    {
        var steps = new Option<int>("--steps") { Description = "Training steps.", DefaultValueFactory = _ => 3000 };
        var command = new Command("demo", "Train a small MLP with the engine and print its loss (no data needed).") { steps };
        command.SetAction(result => EngineDemo.Run(Console.Out, result.GetValue(steps)));
        return command;
    }
}
