namespace Research.Framework.Tracking;

/// <summary>
/// The lifecycle status of a run, with MLflow's numeric codes (the file store writes the number in
/// meta.yaml; the REST API sends the name).
/// </summary>
public enum RunStatus
{
    Running = 1,
    Scheduled = 2,
    Finished = 3,
    Failed = 4,
    Killed = 5,
}

/// <summary>MLflow's names for <see cref="RunStatus"/> ("RUNNING", "FINISHED", ...).</summary>
public static class RunStatusNames
{
    public static string ToMlflowName(this RunStatus status) => status switch
    {
        RunStatus.Running => "RUNNING",
        RunStatus.Scheduled => "SCHEDULED",
        RunStatus.Finished => "FINISHED",
        RunStatus.Failed => "FAILED",
        RunStatus.Killed => "KILLED",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown run status."),
    };

    public static RunStatus Parse(string name) => name switch
    {
        "RUNNING" => RunStatus.Running,
        "SCHEDULED" => RunStatus.Scheduled,
        "FINISHED" => RunStatus.Finished,
        "FAILED" => RunStatus.Failed,
        "KILLED" => RunStatus.Killed,
        _ => throw new FormatException($"Unknown MLflow run status '{name}'."),
    };

    /// <summary>True for the states a run ends in: finished, failed or killed.</summary>
    public static bool IsTerminal(this RunStatus status) =>
        status is RunStatus.Finished or RunStatus.Failed or RunStatus.Killed;
}
