using System.CommandLine;
using Research.Experiments.Demo;
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
        root.Subcommands.Add(DemoCommand());
        return root;
    }

    private static Argument<string> SpecArgument() => new("spec") { Description = "The experiment spec (YAML)." };

    private static Option<string[]> SetOption() => new("--set")
    {
        Description = "Override a spec key, e.g. --set objective.k=5 (repeatable).",
        AllowMultipleArgumentsPerToken = false,
        Arity = ArgumentArity.ZeroOrMore,
    };

    private static Command Run()
    {
        var spec = SpecArgument();
        var set = SetOption();
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the table of sweep points and exit." };
        var trackingUri = TrackingUriOption();
        var parallel = new Option<int>("--parallel") { Description = "Train this many sweep points at once (they share the cores).", DefaultValueFactory = _ => 1 };
        var resume = new Option<bool>("--resume") { Description = "Continue from the checkpoints of an earlier, interrupted run of the same spec (and its MLflow runs)." };
        var checkpoints = new Option<string>("--checkpoint-dir") { Description = "Folder for checkpoints.", DefaultValueFactory = _ => ".cache/checkpoints" };
        var command = new Command("run", "Train and evaluate a spec (every point of its sweep) and log to MLflow.")
            { spec, set, dryRun, trackingUri, parallel, resume, checkpoints };
        command.SetAction((result, _) => RunVerb.RunAsync(new RunRequest(
            result.GetValue(spec)!, result.GetValue(set) ?? [], result.GetValue(dryRun), result.GetValue(trackingUri),
            result.GetValue(parallel), result.GetValue(resume), result.GetValue(checkpoints)!), Console.Out, Console.Error));
        return command;
    }

    private static Option<string?> TrackingUriOption() => new("--tracking-uri")
    {
        Description = "MLflow store: a folder or file: URI (default: the spec's tracking.uri, else MLFLOW_TRACKING_URI, else ./mlruns), or http(s)://host:port.",
    };

    private static Command Validate()
    {
        var spec = SpecArgument();
        var set = SetOption();
        var command = new Command("validate", "Check a spec and every sweep point without running anything.") { spec, set };
        command.SetAction(result => ValidateVerb.Run(result.GetValue(spec)!, result.GetValue(set) ?? [], Console.Out, Console.Error));
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
