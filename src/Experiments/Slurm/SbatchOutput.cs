namespace Research.Experiments.Slurm;

/// <summary>What <c>sbatch --parsable</c> prints: "JOBID" or "JOBID;CLUSTER".</summary>
public static class SbatchOutput
{
    /// <summary>The job id, or null when the output holds none.</summary>
    public static string? JobId(string stdout)
    {
        var line = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        var id = line?.Split(';')[0];
        return id is { Length: > 0 } && id.All(char.IsAsciiDigit) ? id : null;
    }
}
