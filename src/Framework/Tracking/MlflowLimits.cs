namespace Research.Framework.Tracking;

/// <summary>
/// MLflow's limits on keys, values and batch sizes. The batch limits are the server's: a larger
/// <c>runs/log-batch</c> is refused with 400 INVALID_PARAMETER_VALUE and nothing is logged.
/// </summary>
public static class MlflowLimits
{
    public const int MaxMetricsPerBatch = 1000;
    public const int MaxParamsPerBatch = 100;
    public const int MaxTagsPerBatch = 100;
    public const int MaxEntitiesPerBatch = 1000;

    /// <summary>Longest key of a metric, param or tag, in characters.</summary>
    public const int MaxKeyLength = 250;

    /// <summary>Params longer than this are cut to it (MLflow does the same).</summary>
    public const int MaxParamValueLength = 6000;

    /// <summary>Tag values longer than this are cut to it (a failure reason can carry a long message).</summary>
    public const int MaxTagValueLength = 8000;
}
