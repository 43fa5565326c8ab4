namespace Research.Framework.Specs;

/// <summary>The <c>eval:</c> section.</summary>
public sealed record EvalSpec(int EveryEpochs, int NllK, int BatchSize, double ActiveUnitsThreshold, int ActiveUnitsTrainImages, string Device = "")
{
    /// <summary>The device evaluation runs on: <see cref="Device"/>, or the training device when empty.</summary>
    public string DeviceOr(string trainDevice) => Device.Length > 0 ? Device : trainDevice;
}
