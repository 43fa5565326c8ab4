namespace Research.Framework.Specs;

/// <summary>
/// A named component chosen in a spec (a prior, posterior, likelihood, schedule, optimizer,
/// activation, dataset or objective kind) with its options. Written in YAML either as the bare
/// name (<c>prior: standard_normal</c>) or as a one-key mapping (<c>posterior: { planar: { length: 10 } }</c>).
/// In a resolved spec every option the catalog declares is present, defaults filled in.
/// </summary>
public sealed record ComponentSpec(string Name, ValueMap Options)
{
    public ComponentSpec(string name)
        : this(name, ValueMap.Empty)
    {
    }

    public int GetInt(string key) => (int)Get(key);

    public double GetDouble(string key) => Get(key) switch
    {
        int i => i,
        var v => (double)v,
    };

    public bool GetBool(string key) => (bool)Get(key);

    public string GetString(string key) => (string)Get(key);

    public IReadOnlyList<int> GetIntList(string key) => (ValueList<int>)Get(key);

    public IReadOnlyList<double> GetDoubleList(string key) => (ValueList<double>)Get(key);

    private object Get(string key) =>
        Options.TryGetValue(key, out var value) && value is not null
            ? value
            : throw new KeyNotFoundException($"component '{Name}' has no option '{key}'");

    public override string ToString() => Options.Count == 0 ? Name : $"{Name}{Options}";
}
