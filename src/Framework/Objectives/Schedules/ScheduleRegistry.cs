using Research.Framework.Vae;

namespace Research.Framework.Objectives.Schedules;

/// <summary>
/// Maps schedule spec names to factories reading their settings (a <see cref="ComponentOptions"/>
/// is used only for its settings accessors): one line per schedule.
/// </summary>
public static class ScheduleRegistry
{
    public static IReadOnlyDictionary<string, Func<ScheduleSettings, IKlSchedule>> Kl { get; } = new Dictionary<string, Func<ScheduleSettings, IKlSchedule>>
    {
        ["constant"] = s => new ConstantKl(s.Double("value", 1.0)),
        ["linear"] = s => new LinearWarmupKl(s.Long("warmup")),
        ["sigmoid"] = s => new SigmoidKl(s.Double("midpoint"), s.Double("steepness")),
        ["cyclical"] = s => new CyclicalKl(s.Long("total_steps"), (int)s.Long("cycles", 4), s.Double("ratio", 0.5)),
    };

    public static IReadOnlyDictionary<string, Func<ScheduleSettings, ILearningRateSchedule>> LearningRate { get; } = new Dictionary<string, Func<ScheduleSettings, ILearningRateSchedule>>
    {
        ["constant"] = s => new ConstantLr(s.Double("lr", 1e-3)),
        ["step"] = s => new StepLr(s.Double("lr", 1e-3), s.Long("every"), s.Double("gamma", 0.1)),
        ["cosine"] = s => new CosineLr(s.Double("lr", 1e-3), s.Long("total_steps"), s.Double("min_lr", 0.0)),
        ["iwae"] = s => new IwaeLr(s.Double("lr", 1e-3), (int)s.Long("stages", 8), s.Long("steps_per_pass", 1)),
    };

    public static IKlSchedule CreateKl(string name, IReadOnlyDictionary<string, object>? settings = null) =>
        Lookup(Kl, name, "KL schedule")(new ScheduleSettings(settings));

    public static ILearningRateSchedule CreateLearningRate(string name, IReadOnlyDictionary<string, object>? settings = null) =>
        Lookup(LearningRate, name, "learning-rate schedule")(new ScheduleSettings(settings));

    private static T Lookup<T>(IReadOnlyDictionary<string, T> table, string name, string kind) =>
        table.TryGetValue(name, out var f) ? f : throw new ArgumentException($"Unknown {kind} '{name}'. Valid: {string.Join(", ", table.Keys)}.");
}

/// <summary>A schedule's settings by name, with typed reads; a missing required setting is an error naming it.</summary>
public sealed record ScheduleSettings(IReadOnlyDictionary<string, object>? Values)
{
    private readonly ComponentOptions _reader = new(0, 0, [], default, Values);

    public double Double(string key, double? fallback = null) =>
        Values is not null && Values.ContainsKey(key) ? _reader.GetDouble(key, 0) : fallback ?? throw Missing(key);

    public long Long(string key, long? fallback = null) =>
        Values is not null && Values.ContainsKey(key) ? _reader.GetInt(key, 0) : fallback ?? throw Missing(key);

    private static ArgumentException Missing(string key) => new($"The schedule needs setting '{key}'.");
}
