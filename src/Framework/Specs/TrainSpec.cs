namespace Research.Framework.Specs;

/// <summary>The <c>train:</c> section.</summary>
public sealed record TrainSpec(
    int Epochs,
    ComponentSpec Optimizer,
    ComponentSpec LrSchedule,
    int CheckpointEvery,
    EarlyStoppingSpec EarlyStopping,
    double ClipNorm,
    int Threads,
    string Device = "cpu");

/// <summary>Stop when the validation bound has not improved for <see cref="Patience"/> evaluations (0: never).</summary>
public sealed record EarlyStoppingSpec(int Patience, double MinDelta);
