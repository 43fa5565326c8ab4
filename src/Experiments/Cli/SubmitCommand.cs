using System.CommandLine;
using Research.Experiments.Runner;
using Research.Experiments.Slurm;
using Research.Experiments.Verbs;

namespace Research.Experiments.Cli;

/// <summary>The verbs and options of sweeps on a Slurm cluster: `submit --slurm`, `finish-sweep`, and `run --point --parent`.</summary>
public static class SubmitCommand
{
    public static (Option<int?> Point, Option<string?> Parent) PointOptions() =>
    (
        new Option<int?>("--point") { Description = "Train only the sweep point of this index (0-based; `--dry-run` lists them), e.g. one Slurm array task." },
        new Option<string?>("--parent")
        {
            Description = "With --point: log the point as a child of this sweep run (made by `research submit`); the last point to end closes it.",
        }
    );

    public static Command Submit(Argument<string> spec, Option<string[]> set, Option<string?> trackingUri)
    {
        var slurm = new Option<bool>("--slurm") { Description = "Submit the sweep as one Slurm job array, a task per point (sbatch)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Write the sbatch script only: nothing is submitted and no run is created." };
        var partition = new Option<string?>("--partition") { Description = "Slurm partition (default: the cluster's)." };
        var time = new Option<string?>("--time") { Description = "Time limit per task, e.g. 2:00:00 (a task warned a minute before ends KILLED and resumes if requeued)." };
        var cpus = new Option<int?>("--cpus-per-task") { Description = "Cores per task (the point's train.threads defaults to what it gets)." };
        var memory = new Option<string?>("--mem") { Description = "Memory per task, e.g. 8G." };
        var gpus = new Option<int?>("--gpus") { Description = "GPUs per task (--gpus-per-task); set train.device=cuda in the spec or with --set." };
        var parallelism = new Option<int?>("--array-parallelism") { Description = "At most this many tasks at once (--array=0-(N-1)%A)." };
        var checkpoints = new Option<string>("--checkpoint-dir")
        {
            Description = "Checkpoint folder on storage every node sees (a sub-folder per sweep run).", DefaultValueFactory = _ => RunnerOptions.DefaultCheckpointRoot,
        };
        var jobFolder = new Option<string>("--job-dir")
        {
            Description = "Folder of the sbatch script and the tasks' output, on shared storage (a sub-folder per sweep run).",
            DefaultValueFactory = _ => SubmitRequest.DefaultJobFolder,
        };
        var command = new Command("submit",
            "Validate a spec and every point, create its sweep run in the tracking store, and submit one Slurm job array (task i trains point i).")
        { spec, set, slurm, dryRun, trackingUri, partition, time, cpus, memory, gpus, parallelism, checkpoints, jobFolder };
        command.SetAction((result, cancel) => SubmitVerb.RunAsync(new SubmitRequest(
            result.GetValue(spec)!, result.GetValue(set) ?? [], result.GetValue(slurm),
            new SlurmResources(result.GetValue(partition), result.GetValue(time), result.GetValue(cpus), result.GetValue(memory), result.GetValue(gpus),
                result.GetValue(parallelism)),
            result.GetValue(dryRun), result.GetValue(trackingUri), result.GetValue(checkpoints)!, result.GetValue(jobFolder)!), Console.Out, Console.Error, cancel));
        return command;
    }

    public static Command FinishSweep(Option<string?> trackingUri)
    {
        var run = new Argument<string>("run") { Description = "The sweep's parent run id (`research submit` prints it)." };
        var spec = new Option<string?>("--spec") { Description = "The sweep's spec file (default: the parent run's spec.file tag)." };
        var command = new Command("finish-sweep",
            "Close a sweep run whose tasks ran elsewhere: its summary and figures from the child runs, FINISHED if every point finished, else FAILED.")
        { run, trackingUri, spec };
        command.SetAction((result, cancel) => FinishSweepVerb.RunAsync(result.GetValue(run)!, result.GetValue(trackingUri), result.GetValue(spec),
            Console.Out, Console.Error, cancel));
        return command;
    }
}
