using Research.Experiments.Runner;
using Research.Experiments.Slurm;

namespace Research.Experiments.Verbs;

/// <summary>What `research submit SPEC --slurm` was asked to do.</summary>
/// <param name="JobFolder">Where the sbatch script and the tasks' output go (a folder per sweep run below it); on shared storage.</param>
public sealed record SubmitRequest(
    string SpecPath,
    IReadOnlyList<string> Overrides,
    bool Slurm,
    SlurmResources Resources,
    bool DryRun = false,
    string? TrackingUri = null,
    string CheckpointRoot = RunnerOptions.DefaultCheckpointRoot,
    string JobFolder = SubmitRequest.DefaultJobFolder)
{
    public const string DefaultJobFolder = ".cache/slurm";
}
