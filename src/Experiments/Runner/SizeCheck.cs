using Research.Framework.Specs;
using Research.Framework.Sweeps;

namespace Research.Experiments.Runner;

/// <summary>
/// Refuses, before anything trains, a point whose largest tensors cannot exist on this machine
/// (see <see cref="SizeLimits"/>): `objective.k: 100000000` is a spec error naming the keys, not an
/// overflow inside training.
/// </summary>
public static class SizeCheck
{
    /// <summary>The memory this process may use (the GC's view: the machine's, or the container's limit).</summary>
    public static long AvailableBytes() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    public static void ThrowIfTooLarge(string specPath, IReadOnlyList<SweepPoint> points, long availableBytes)
    {
        var errors = new List<SpecError>();
        foreach (var point in points)
        {
            var (height, width) = DataSource.ImageShape(point.Spec.Data);
            foreach (var problem in SizeLimits.Check(point.Spec, height * width, TrainingSession.ChunkSize, availableBytes))
            {
                var error = SpecError.At(Where(specPath, point, problem.Keys[0]), string.Join(", ", problem.Keys), problem.Message);
                if (!errors.Contains(error)) errors.Add(error);
            }
        }
        if (errors.Count > 0) throw new SpecException(errors);
    }

    /// <summary>Where a point's key is set: its line in the spec file, or the sweep point that set it.</summary>
    internal static SourceLocation Where(string specPath, SweepPoint point, string key) =>
        point.Overrides.ContainsKey(key)
            ? new SourceLocation($"{specPath} (sweep point {point.Index})", 0, 0)
            : SpecLoader.Locate(specPath, key);
}
