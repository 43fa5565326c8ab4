using System.Collections.Concurrent;
using Research.Framework.Data;
using Research.Framework.Specs;

namespace Research.Experiments.Runner;

/// <summary>Loads each distinct data set of a sweep once (points usually share it), thread-safe for --parallel.</summary>
public sealed class DataCache(Action<string> log)
{
    private readonly ConcurrentDictionary<(ComponentSpec, int, int, string, string), Lazy<(Dataset, Dataset)>> _loaded = new();

    public (Dataset Train, Dataset Test) Get(DataSpec data) =>
        _loaded.GetOrAdd((data.Dataset, data.TrainSubset, data.TestSubset, data.CacheDir, string.Join(',', data.ExcludedClasses)),
            _ => new Lazy<(Dataset, Dataset)>(() => DataSource.Load(data, log))).Value;
}
