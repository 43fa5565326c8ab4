namespace Research.Framework.Specs;

/// <summary>The <c>eval:</c> section.</summary>
public sealed record EvalSpec(int EveryEpochs, int NllK, int BatchSize, double ActiveUnitsThreshold, int ActiveUnitsTrainImages, string Device = "",
    DisentanglementSpec? Disentanglement = null)
{
    /// <summary>The device evaluation runs on: <see cref="Device"/>, or the training device when empty.</summary>
    public string DeviceOr(string trainDevice) => Device.Length > 0 ? Device : trainDevice;

    /// <summary><see cref="Disentanglement"/>, or its defaults when the record was built without it.</summary>
    public DisentanglementSpec DisentanglementOrDefault => Disentanglement ?? DisentanglementSpec.Default;
}
