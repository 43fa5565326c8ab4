namespace Research.Framework.Tracking;

/// <summary>MLflow's lifecycle stages of experiments and runs: deleted ones stay on disk until garbage-collected.</summary>
public static class LifecycleStages
{
    public const string Active = "active";
    public const string Deleted = "deleted";
}
