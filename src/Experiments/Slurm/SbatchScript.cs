using System.Globalization;
using System.Text;

namespace Research.Experiments.Slurm;

/// <summary>
/// The sbatch script of a sweep (a pure function of the job): <c>#SBATCH</c> lines for the array and
/// the resources, then one command per task that trains the task's point with resume semantics.
/// </summary>
/// <remarks>
/// <c>--requeue</c> lets Slurm rerun a preempted or failed-node task; <c>--open-mode=append</c> keeps the
/// output of every attempt; <c>--signal=B:TERM@60</c> warns the task a minute before its time limit so
/// the point ends KILLED with its checkpoint, and the task's exit code says it did not finish. The
/// batch shell <c>exec</c>s `research` (no srun step), so the signal Slurm sends the batch shell reaches it.
/// </remarks>
public static class SbatchScript
{
    public static string Render(SbatchJob job)
    {
        if (job.PointCount < 1) throw new ArgumentOutOfRangeException(nameof(job), "a job array needs at least one point");
        var r = job.Resources;
        var array = $"0-{job.PointCount - 1}" + (r.ArrayParallelism is { } a ? string.Create(CultureInfo.InvariantCulture, $"%{a}") : "");
        var text = new StringBuilder();
        text.AppendLine("#!/bin/bash");
        text.AppendLine(CultureInfo.InvariantCulture, $"# Written by `research submit`: sweep run {job.ParentRunId}, {job.PointCount} point(s), one array task each.");
        Directive(text, "job-name", job.JobName);
        Directive(text, "array", array);
        Directive(text, "output", Path.Combine(job.LogFolder, "slurm-%A_%a.out"));
        Directive(text, "open-mode", "append");
        Directive(text, "requeue", null);
        Directive(text, "signal", "B:TERM@60");
        if (r.Partition is not null) Directive(text, "partition", r.Partition);
        if (r.Time is not null) Directive(text, "time", r.Time);
        if (r.CpusPerTask is { } cpus) Directive(text, "cpus-per-task", cpus.ToString(CultureInfo.InvariantCulture));
        if (r.Memory is not null) Directive(text, "mem", r.Memory);
        if (r.Gpus is { } gpus) Directive(text, "gpus-per-task", gpus.ToString(CultureInfo.InvariantCulture));
        text.AppendLine("set -euo pipefail");
        text.AppendLine(CultureInfo.InvariantCulture, $"cd {Quote(job.WorkingFolder)}");
        text.AppendLine("echo \"research: sweep point ${SLURM_ARRAY_TASK_ID} on $(hostname), attempt ${SLURM_RESTART_COUNT:-0}\"");
        string[] point =
        [
            "--point", "\"${SLURM_ARRAY_TASK_ID}\"", "--parent", Quote(job.ParentRunId), "--tracking-uri", Quote(job.TrackingUri),
            "--checkpoint-dir", Quote(job.CheckpointRoot), "--resume",
        ];
        text.AppendLine("exec " + string.Join(" ", job.Command.Select(Quote).Concat(point)));
        return text.ToString();
    }

    /// <summary>A word for bash: single-quoted unless it is plainly safe.</summary>
    public static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "/._-=:+,@%".Contains(c))
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static void Directive(StringBuilder text, string name, string? value)
    {
        if (value is not null && value.Any(c => char.IsWhiteSpace(c)))
            throw new ArgumentException($"sbatch option --{name} cannot hold white space: '{value}'");
        text.AppendLine(value is null ? $"#SBATCH --{name}" : $"#SBATCH --{name}={value}");
    }
}
