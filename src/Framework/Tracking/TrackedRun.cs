namespace Research.Framework.Tracking;

/// <summary>
/// An open run and the store it logs to: metrics stamped with the clock, params formatted as plain
/// invariant numbers, child runs (tag <c>mlflow.parentRunId</c>, so the MLflow UI nests a sweep's
/// points under its parent run), and the end of the run: FINISHED, KILLED, or FAILED with the
/// reason as tag <see cref="MlflowTags.FailureReason"/>. Every param, tag and text artifact passes
/// through a <see cref="SecretMask"/> first (default: this process's secret variables), so a password
/// in a spec's tracking URI never reaches the store.
/// </summary>
public sealed class TrackedRun
{
    private readonly TimeProvider _clock;
    private readonly SecretMask _secrets;

    private TrackedRun(ITrackingStore store, RunInfo info, TimeProvider clock, SecretMask secrets)
    {
        Store = store;
        Info = info;
        _clock = clock;
        _secrets = secrets;
    }

    public ITrackingStore Store { get; }

    /// <summary>The run as created, then as last updated by this handle.</summary>
    public RunInfo Info { get; private set; }

    public string RunId => Info.RunId;

    /// <summary>Starts a top-level run (a single run, or a sweep's parent) in <paramref name="experimentId"/>.</summary>
    public static async Task<TrackedRun> StartAsync(ITrackingStore store, string experimentId, string? runName,
        IEnumerable<RunTag>? tags = null, TimeProvider? clock = null, CancellationToken cancellationToken = default, SecretMask? secrets = null)
    {
        clock ??= TimeProvider.System;
        secrets ??= SecretMask.FromEnvironment();
        var info = await store.CreateRunAsync(experimentId, runName is null ? null : secrets.Apply(runName),
                tags?.Select(t => t with { Value = secrets.Apply(t.Value) }).ToList(), clock.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken)
            .ConfigureAwait(false);
        return new TrackedRun(store, info, clock, secrets);
    }

    /// <summary>
    /// Reopens an existing run (status RUNNING again) to continue logging into it, e.g. when a
    /// training run resumes from its checkpoint; RESOURCE_DOES_NOT_EXIST if the store has no such run.
    /// </summary>
    public static async Task<TrackedRun> ResumeAsync(ITrackingStore store, string runId, TimeProvider? clock = null,
        CancellationToken cancellationToken = default, SecretMask? secrets = null)
    {
        await store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
        var info = await store.UpdateRunAsync(runId, RunStatus.Running, cancellationToken: cancellationToken).ConfigureAwait(false);
        return new TrackedRun(store, info, clock ?? TimeProvider.System, secrets ?? SecretMask.FromEnvironment());
    }

    /// <summary>
    /// A handle on an existing run that leaves its status as it is (e.g. to log `research eval`
    /// results into a finished run); RESOURCE_DOES_NOT_EXIST if the store has no such run.
    /// </summary>
    public static async Task<TrackedRun> OpenAsync(ITrackingStore store, string runId, TimeProvider? clock = null,
        CancellationToken cancellationToken = default, SecretMask? secrets = null)
    {
        var run = await store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
        return new TrackedRun(store, run.Info, clock ?? TimeProvider.System, secrets ?? SecretMask.FromEnvironment());
    }

    /// <summary>Starts a child run of this one (one per sweep point), in the same experiment.</summary>
    public Task<TrackedRun> StartChildAsync(string? runName, IEnumerable<RunTag>? tags = null, CancellationToken cancellationToken = default) =>
        StartAsync(Store, Info.ExperimentId, runName,
            (tags ?? []).Where(t => t.Key != MlflowTags.ParentRunId).Append(new RunTag(MlflowTags.ParentRunId, RunId)),
            _clock, cancellationToken, _secrets);

    private long Now => _clock.GetUtcNow().ToUnixTimeMilliseconds();

    public Task LogMetricAsync(string key, double value, long step = 0, CancellationToken cancellationToken = default) =>
        Store.LogBatchAsync(RunId, metrics: [new Metric(key, value, Now, step)], cancellationToken: cancellationToken);

    /// <summary>Logs several metrics of one step with one timestamp, in one request.</summary>
    public Task LogMetricsAsync(IEnumerable<KeyValuePair<string, double>> values, long step = 0, CancellationToken cancellationToken = default)
    {
        var now = Now;
        return Store.LogBatchAsync(RunId, metrics: values.Select(v => new Metric(v.Key, v.Value, now, step)).ToList(), cancellationToken: cancellationToken);
    }

    public Task LogParamsAsync(IEnumerable<KeyValuePair<string, object?>> parameters, CancellationToken cancellationToken = default) =>
        Store.LogBatchAsync(RunId, parameters: parameters.Select(p => Param.Of(p.Key, p.Value)).Select(p => p with { Value = _secrets.Apply(p.Value) }).ToList(),
            cancellationToken: cancellationToken);

    public Task SetTagAsync(string key, string value, CancellationToken cancellationToken = default) =>
        Store.SetTagAsync(RunId, key, _secrets.Apply(value), cancellationToken);

    public Task LogArtifactAsync(string artifactPath, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        Store.LogArtifactAsync(RunId, artifactPath, content, cancellationToken);

    public Task LogTextArtifactAsync(string artifactPath, string text, CancellationToken cancellationToken = default) =>
        Store.LogTextArtifactAsync(RunId, artifactPath, _secrets.Apply(text), cancellationToken);

    public Task LogArtifactFileAsync(string localPath, string artifactPath, CancellationToken cancellationToken = default) =>
        Store.LogArtifactFileAsync(RunId, localPath, artifactPath, cancellationToken);

    public Task FinishAsync(CancellationToken cancellationToken = default) => EndAsync(RunStatus.Finished, cancellationToken);

    /// <summary>Ends the run KILLED (interrupted by the user).</summary>
    public Task KillAsync(CancellationToken cancellationToken = default) => EndAsync(RunStatus.Killed, cancellationToken);

    /// <summary>Ends the run FAILED, with <paramref name="reason"/> (e.g. "loss is NaN at step 1200") as a tag.</summary>
    public async Task FailAsync(string reason, CancellationToken cancellationToken = default)
    {
        await SetTagAsync(MlflowTags.FailureReason, reason, cancellationToken).ConfigureAwait(false);
        await EndAsync(RunStatus.Failed, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Ends a sweep's parent run as its points ended (<see cref="SweepStatus"/>), with the summary as a tag.</summary>
    public async Task EndSweepAsync(SweepStatus sweep, CancellationToken cancellationToken = default)
    {
        await SetTagAsync(SweepStatus.SummaryTag, sweep.Summary, cancellationToken).ConfigureAwait(false);
        if (sweep.FailureReason is { } reason && sweep.Status == RunStatus.Failed) await FailAsync(reason, cancellationToken).ConfigureAwait(false);
        else await EndAsync(sweep.Status, cancellationToken).ConfigureAwait(false);
    }

    private async Task EndAsync(RunStatus status, CancellationToken cancellationToken) =>
        Info = await Store.UpdateRunAsync(RunId, status, Now, cancellationToken).ConfigureAwait(false);
}
