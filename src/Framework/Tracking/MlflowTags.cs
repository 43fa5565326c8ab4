namespace Research.Framework.Tracking;

/// <summary>
/// Tag names MLflow gives a meaning to (the UI reads them), plus the one this framework adds for the
/// reason a run failed. Keys starting with <c>mlflow.</c> are MLflow's; ours are not prefixed.
/// </summary>
public static class MlflowTags
{
    public const string RunName = "mlflow.runName";
    public const string ParentRunId = "mlflow.parentRunId";
    public const string User = "mlflow.user";
    public const string SourceName = "mlflow.source.name";
    public const string SourceType = "mlflow.source.type";
    public const string GitCommit = "mlflow.source.git.commit";
    public const string GitBranch = "mlflow.source.git.branch";
    public const string GitRepoUrl = "mlflow.source.git.repoURL";
    public const string Note = "mlflow.note.content";

    /// <summary>Why a run ended FAILED (an exception's message, or the step where the loss became NaN).</summary>
    public const string FailureReason = "failure.reason";
}
