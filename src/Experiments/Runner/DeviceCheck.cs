using Research.Framework.Specs;
using Research.Framework.Sweeps;
using Research.Framework.Tensors;

namespace Research.Experiments.Runner;

/// <summary>
/// Checks, before anything trains, that every device the points ask for (train.device, eval.device)
/// can run on this machine: `device: cuda` without the CUDA LibTorch or without a GPU is a spec error
/// that names the package to use. Only points that ask for a LibTorch device load LibTorch.
/// </summary>
public static class DeviceCheck
{
    public static void ThrowIfUnavailable(string specPath, IReadOnlyList<SweepPoint> points)
    {
        var errors = points
            .SelectMany(p => p.Spec.Eval.Device.Length > 0
                ? new[] { ("train.device", p.Spec.Train.Device), ("eval.device", p.Spec.Eval.Device) }
                : [("train.device", p.Spec.Train.Device)]) // an empty eval.device is train.device
            .Distinct()
            .Select(k => (k.Item1, Problem: DeviceSupport.Unavailable(Device.Parse(k.Item2))))
            .Where(k => k.Problem is not null)
            .Select(k => new SpecError(specPath, 0, 0, k.Item1, k.Problem!))
            .ToList();
        if (errors.Count > 0) throw new SpecException(errors);
    }

    /// <summary>The device a verb's --device option (or the spec) names, or an error message.</summary>
    public static (Device Device, string? Error) Resolve(string name, string where)
    {
        if (!Device.TryParse(name, out var device))
            return (default, $"{where}: unknown device '{name}'; valid devices: {Device.Names}.");
        return (device, DeviceSupport.Unavailable(device) is { } problem ? $"{where}: {problem}" : null);
    }
}
